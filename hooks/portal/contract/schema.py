"""The content contract as JSON Schema: the one place where fields are defined.

``BULLETIN`` is a bulletin's front matter; ``REGISTRIES`` maps each registry
file to the schema of one entry. Descriptions are in Vietnamese because they are
shown to staff in error messages ("what is allowed").

Three things go beyond plain JSON Schema, checked by :mod:`portal.validate`:

* ``"format": "partial-date"``: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``;
  ``"time-hhmm"``: ``HH:MM`` (24 h); ``"date-time"``: ISO 8601 with offset.
* ``"x-registry": NAME``: the string is a key of that registry.

Additions to ``../shared/bulletin-format.md`` are marked "extension" and are
listed in the README.
"""

from __future__ import annotations

KEY_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"

MEETING_STATUSES = {
    "scheduled": "Sắp diễn ra",
    "held": "Đã diễn ra",
    "postponed": "Hoãn",
    "cancelled": "Hủy",
}

COMMITMENT_STATUSES = {
    "not-started": "Chưa triển khai",
    "in-progress": "Đang thực hiện",
    "stalled": "Chậm tiến độ",
    "done": "Hoàn thành",
    "partly-done": "Hoàn thành một phần",
    "not-done": "Không hoàn thành",
}
# Not a key staff type: the state of a commitment made without a status and never
# reviewed. Used in URLs, CSS classes and filters; exported as null (the contract).
NO_REPORT = "no-report"
COMMITMENT_STATUS_LABELS = {NO_REPORT: "Chưa có báo cáo", **COMMITMENT_STATUSES}
SESSIONS = {"sang": "Buổi sáng", "chieu": "Buổi chiều", "toi": "Buổi tối"}

OPEN_STATUSES = (NO_REPORT, "not-started", "in-progress", "stalled")

# Registry file stem -> Vietnamese name used in messages.
REGISTRY_NAMES = {
    "organizations": "danh mục cơ quan, tổ chức",
    "people": "danh mục nhân sự",
    "topics": "danh mục chủ đề",
    "meeting-kinds": "danh mục loại hội nghị",
}

_ONE_LINE = {"type": "string", "format": "one-line", "description": "một dòng văn bản"}

# Page keys that MkDocs and Material define, allowed in a bulletin, each with the type
# Material expects: Material writes them into the HTML unescaped, so a list holding
# markup in `description` would run as script (see portal_hooks.on_page_context).
MKDOCS_PAGE_KEYS = {
    "description": {**_ONE_LINE, "description": "mô tả trang cho công cụ tìm kiếm, một dòng văn bản"},
    "hide": {"type": "array", "items": {"enum": ["navigation", "toc", "footer", "feedback", "tags", "path"]},
             "description": "phần ẩn đi: navigation, toc, footer, feedback, tags, path"},
    "template": {"type": "string", "pattern": "^[a-z0-9_/-]+\\.html$", "description": "tên mẫu trang (.html)"},
    "icon": {"type": "string", "pattern": "^[a-z0-9-]+(/[a-z0-9-]+)+$", "description": "biểu tượng, ví dụ material/home"},
    "subtitle": {**_ONE_LINE, "description": "phụ đề, một dòng văn bản"},
    "tags": {"type": "array", "items": _ONE_LINE, "description": "thẻ, mỗi thẻ một dòng văn bản"},
    "search": {"type": "object", "properties": {"boost": {"type": "number", "description": "số"},
                                                "exclude": {"type": "boolean", "description": "true hoặc false"}},
               "additionalProperties": False, "required": [], "description": "tùy chọn tìm kiếm: boost, exclude"},
    "social": {"type": "object", "properties": {"cards": {"type": "boolean", "description": "true hoặc false"}},
               "additionalProperties": False, "required": [], "description": "tùy chọn ảnh chia sẻ: cards"},
    "comments": {"type": "boolean", "description": "true hoặc false"},
    "robots": {**_ONE_LINE, "description": "chỉ dẫn cho máy tìm kiếm, ví dụ noindex"},
}


def _text(description: str, *, nullable: bool = True, min_length: int = 0) -> dict:
    schema = {"type": ["string", "null"] if nullable else "string", "description": description}
    if min_length:
        schema["minLength"] = min_length
    return schema


def _ref(registry: str, description: str, *, nullable: bool = False) -> dict:
    return {"type": ["string", "null"] if nullable else "string", "x-registry": registry,
            "description": description}


def _refs(registry: str, description: str, *, min_items: int = 0) -> dict:
    schema = {"type": ["array", "null"], "items": _ref(registry, description), "description": description}
    if min_items:
        schema["type"] = "array"
        schema["minItems"] = min_items
    return schema


def _date(description: str, *, nullable: bool = True) -> dict:
    return {"type": ["string", "integer", "null"] if nullable else ["string", "integer"],
            "format": "partial-date", "description": description}


def _enum(values, description: str, *, nullable: bool = True) -> dict:
    return {"enum": list(values) + ([None] if nullable else []), "description": description}


def _object(properties: dict, required=(), description: str = "") -> dict:
    return {"type": "object", "properties": properties, "required": list(required),
            "additionalProperties": False, "description": description}


LINK = _object(
    {"title": _text("tên tài liệu hoặc trang"),
     "url": {"type": "string", "format": "uri", "description": "địa chỉ đầy đủ, bắt đầu bằng http:// hoặc https://"}},
    required=["url"], description="một liên kết: title và url")

COMMITMENT = _object(
    {
        "id": {"type": "string", "pattern": KEY_PATTERN,
               "description": "mã cam kết, duy nhất trên toàn trang, chữ thường không dấu, số và dấu gạch ngang"},
        "text": _text("nội dung cam kết, chỉ đạo như bản tin nêu", nullable=False, min_length=1),
        "owners": _refs("organizations", "cơ quan chủ trì (mã trong organizations.yml), ít nhất một", min_items=1),
        "partners": _refs("organizations", "cơ quan phối hợp (mã trong organizations.yml)"),
        "due": _date("hạn hoàn thành: YYYY-MM-DD, YYYY-MM hoặc YYYY (hết kỳ đó)"),
        "status": _enum(COMMITMENT_STATUSES, "trạng thái khi đưa ra cam kết"),
    },
    required=["id", "text", "owners"], description="một cam kết đưa ra tại hội nghị")

REVIEW = _object(
    {
        "commitment": {"type": "string", "pattern": KEY_PATTERN,
                       "description": "mã của một cam kết đã đưa ra ở hội nghị trước"},
        "status": _enum(COMMITMENT_STATUSES, "trạng thái được báo cáo tại hội nghị này", nullable=False),
        "note": _text("ghi chú, kết quả được báo cáo"),
        "evidence": {"type": ["array", "null"], "items": LINK, "description": "tài liệu chứng minh"},
    },
    required=["commitment", "status"], description="kết quả rà soát một cam kết trước đó")

CHAIR = _object(
    {"person": _ref("people", "người chủ trì (mã trong people.yml)"),
     "role": _text("chức vụ như bản tin nêu")},
    required=["person"], description="người chủ trì và chức vụ như bản tin nêu")

BULLETIN = _object(
    {
        "title": _text("tiêu đề bản tin", nullable=False, min_length=1),
        "date": _date("ngày họp: YYYY-MM-DD; YYYY-MM hoặc YYYY khi không rõ ngày", nullable=False),
        # extension: why the date is partial or uncertain, shown beside the date.
        "date_note": _text("ghi chú về ngày họp (ví dụ: bản tin không nêu ngày)"),
        "time": {"type": ["string", "null"], "format": "time-hhmm",
                 "description": "giờ bắt đầu, dạng 24 giờ HH:MM, đặt trong ngoặc kép: \"14:00\""},
        # extension: part of the day when the bulletin gives no clock time ("Chiều ngày 12/2/2020").
        "session": _enum(SESSIONS, "buổi họp khi không rõ giờ: sang (sáng), chieu (chiều), toi (tối)"),
        "kind": _ref("meeting-kinds", "loại hội nghị (mã trong meeting-kinds.yml)"),
        "status": _enum(MEETING_STATUSES, "tình trạng hội nghị; bỏ trống thì tự tính theo ngày"),
        "location": _text("địa điểm"),
        "chairs": {"type": "array", "minItems": 1, "items": CHAIR,
                   "description": "người chủ trì, ít nhất một"},
        "organizations": _refs("organizations", "cơ quan, tổ chức tham dự (mã trong organizations.yml)"),
        "topics": _refs("topics", "chủ đề (mã trong topics.yml)"),
        "published": {"type": ["string", "null"], "format": "date-time",
                      "description": "thời điểm đăng tin: YYYY-MM-DDTHH:MM:SS+07:00"},
        "author": _text("tác giả bản tin"),
        "sources": {"type": ["array", "null"], "items": LINK, "description": "nguồn bản tin"},
        "commitments": {"type": ["array", "null"], "items": COMMITMENT,
                        "description": "các cam kết, chỉ đạo đưa ra tại hội nghị"},
        "reviews": {"type": ["array", "null"], "items": REVIEW,
                    "description": "rà soát các cam kết đưa ra ở hội nghị trước"},
        **MKDOCS_PAGE_KEYS,
    },
    required=["title", "date", "kind", "chairs"], description="phần đầu (front matter) của bản tin")

# Any other Markdown page under docs/ (staff guide, about): its MkDocs/Material keys are
# typed as in a bulletin; other keys are the page's own business.
PAGE = {"type": "object", "properties": {"title": {**_ONE_LINE, "description": "tiêu đề trang, một dòng văn bản"},
                                         **MKDOCS_PAGE_KEYS},
        "description": "phần đầu của một trang"}

ORGANIZATION = _object(
    {
        "name": _text("tên đầy đủ", nullable=False, min_length=1),
        "short": _text("tên ngắn"),
        "aliases": {"type": ["array", "null"], "items": {"type": "string"},
                    "description": "mọi cách viết gặp trong bản tin"},
        "kind": {"type": ["string", "null"], "pattern": KEY_PATTERN,
                 "description": "loại: chinh-quyen, dang, mat-tran, doan-the, co-quan-chuyen-mon…"},
        "parent": _ref("organizations", "cơ quan cấp trên (mã)", nullable=True),
        "valid_from": _date("ngày bắt đầu hoạt động"),
        "valid_until": _date("ngày kết thúc hoạt động"),
        "successor": _ref("organizations", "cơ quan kế thừa (mã)", nullable=True),
        "url": {"type": ["string", "null"], "format": "uri", "description": "trang web"},
    },
    required=["name"], description="một cơ quan, tổ chức")

POSITION = _object(
    {"title": _text("chức vụ", nullable=False, min_length=1),
     "organization": _ref("organizations", "cơ quan (mã)", nullable=True),
     "from": _date("từ ngày hoặc năm"),
     "until": _date("đến ngày hoặc năm")},
    required=["title"], description="một chức vụ")

PERSON = _object(
    {"name": _text("họ và tên", nullable=False, min_length=1),
     # extension: other spellings of the name, for matching imported articles.
     "aliases": {"type": ["array", "null"], "items": {"type": "string"}, "description": "cách viết khác của tên"},
     "positions": {"type": ["array", "null"], "items": POSITION, "description": "các chức vụ đã biết"}},
    required=["name"], description="một người")

TOPIC = _object(
    {"name": _text("tên chủ đề", nullable=False, min_length=1),
     "aliases": {"type": ["array", "null"], "items": {"type": "string"}, "description": "từ viết tắt, cách gọi khác"},
     # extension: one sentence shown on the topic page.
     "description": _text("mô tả ngắn")},
    required=["name"], description="một chủ đề")

MEETING_KIND = _object(
    {"name": _text("tên loại hội nghị", nullable=False, min_length=1),
     # extensions: other names and a description shown on the archive.
     "aliases": {"type": ["array", "null"], "items": {"type": "string"}, "description": "cách gọi khác"},
     "description": _text("mô tả ngắn")},
    required=["name"], description="một loại hội nghị")

REGISTRY_ENTRIES = {
    "organizations": ORGANIZATION,
    "people": PERSON,
    "topics": TOPIC,
    "meeting-kinds": MEETING_KIND,
}


def registry_schema(name: str) -> dict:
    """Schema of a whole registry file: a mapping from key to entry."""
    return {"type": "object", "propertyNames": {"pattern": KEY_PATTERN},
            "additionalProperties": REGISTRY_ENTRIES[name],
            "description": REGISTRY_NAMES[name]}


# --- labels shown to staff in the web editor (JSON Schema "title") ------------------
# One label per field, beside the definitions above; hooks/portal/cms.py turns every
# field into an editor widget with this label and the field's description as its hint.

def _titled(schema: dict, **titles: str) -> None:
    properties = schema["properties"]
    for name, title in titles.items():
        properties[name.rstrip("_")]["title"] = title


_titled(LINK, title="Tên tài liệu hoặc trang", url="Địa chỉ (URL)")
_titled(COMMITMENT, id="Mã cam kết", text="Nội dung cam kết, chỉ đạo", owners="Cơ quan chủ trì",
        partners="Cơ quan phối hợp", due="Hạn hoàn thành", status="Trạng thái khi đưa ra")
_titled(REVIEW, commitment="Cam kết được rà soát", status="Trạng thái được báo cáo", note="Ghi chú, kết quả",
        evidence="Tài liệu chứng minh")
_titled(CHAIR, person="Họ tên người chủ trì", role="Chức vụ như bản tin nêu")
_titled(BULLETIN, title="Tiêu đề", date="Ngày họp", date_note="Ghi chú về ngày họp", time="Giờ bắt đầu",
        session="Buổi họp", kind="Loại hội nghị", status="Tình trạng hội nghị", location="Địa điểm",
        chairs="Người chủ trì", organizations="Cơ quan, tổ chức tham dự", topics="Chủ đề",
        published="Thời điểm đăng tin", author="Tác giả bản tin", sources="Nguồn bản tin",
        commitments="Cam kết, chỉ đạo đưa ra", reviews="Rà soát cam kết trước đó")
_titled(ORGANIZATION, name="Tên đầy đủ", short="Tên ngắn", aliases="Các cách viết khác", kind="Loại cơ quan",
        parent="Cơ quan cấp trên", valid_from="Bắt đầu hoạt động", valid_until="Kết thúc hoạt động",
        successor="Cơ quan kế thừa", url="Trang web")
_titled(POSITION, title="Chức vụ", organization="Cơ quan", from_="Từ", until="Đến")
_titled(PERSON, name="Họ và tên", aliases="Cách viết khác của tên", positions="Các chức vụ")
_titled(TOPIC, name="Tên chủ đề", aliases="Từ viết tắt, cách gọi khác", description="Mô tả ngắn")
_titled(MEETING_KIND, name="Tên loại hội nghị", aliases="Cách gọi khác", description="Mô tả ngắn")

# What one item of a list is called ("Thêm cam kết").
for _item, _title in ((LINK, "liên kết"), (COMMITMENT, "cam kết"), (REVIEW, "rà soát"), (CHAIR, "người chủ trì"),
                      (POSITION, "chức vụ")):
    _item["title"] = _title

# Hints for the web editor where the description speaks of YAML ("x-hint" wins over it there).
for _schema, _name, _hint in (
        (BULLETIN, "date", "Chọn ngày họp; khi bản tin không nêu ngày, chọn \"Chỉ tháng\" hoặc \"Chỉ năm\""),
        (BULLETIN, "time", "Giờ bắt đầu, dạng 24 giờ HH:MM, ví dụ 14:00"),
        (BULLETIN, "session", "Chỉ chọn khi bản tin không nêu giờ (\"Chiều ngày 12/2/2020\")"),
        (COMMITMENT, "due", "Hạn hoàn thành; chỉ có tháng hoặc năm thì chọn \"Chỉ tháng\"/\"Chỉ năm\" (hết kỳ đó)")):
    _schema["properties"][_name]["x-hint"] = _hint

# A review names a commitment made in an earlier bulletin: the editor offers those ids.
REVIEW["properties"]["commitment"]["x-refers"] = "commitment-id"

# Editor names of the registries (collections) and of one entry.
REGISTRY_LABELS = {
    "organizations": ("Cơ quan, tổ chức", "cơ quan, tổ chức"),
    "people": ("Nhân sự", "người"),
    "topics": ("Chủ đề", "chủ đề"),
    "meeting-kinds": ("Loại hội nghị", "loại hội nghị"),
}
