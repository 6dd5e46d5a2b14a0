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

from dataclasses import dataclass

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
# Levels of an administrative unit (the contract's localities registry), as residents name them.
LOCALITY_LEVELS = {"tinh": "Tỉnh", "thanh-pho": "Thành phố", "thi-xa": "Thị xã", "huyen": "Huyện",
                   "phuong": "Phường", "xa": "Xã", "thi-tran": "Thị trấn"}

OPEN_STATUSES = (NO_REPORT, "not-started", "in-progress", "stalled")
# What each status says, in residents' words (the about page and the staff guide print this table).
COMMITMENT_STATUS_MEANINGS = {
    NO_REPORT: "chưa ai báo cáo về cam kết này (bản tin đưa ra cam kết không nêu trạng thái và chưa có lần rà soát nào)",
    "not-started": "có báo cáo rằng việc chưa được triển khai",
    "in-progress": "có báo cáo rằng việc đang được thực hiện",
    "stalled": "có báo cáo rằng việc chậm hoặc đang vướng mắc",
    "done": "có báo cáo rằng việc đã hoàn thành",
    "partly-done": "có báo cáo rằng việc hoàn thành một phần",
    "not-done": "có báo cáo rằng việc không hoàn thành, đã khép lại",
}

_ONE_LINE = {"type": "string", "format": "one-line", "description": "một dòng văn bản"}

# Page keys that MkDocs and Material define, allowed in a bulletin, each with the type
# Material expects: Material writes them into the HTML unescaped, so a list holding
# markup in `description` would run as script (see portal_hooks.on_page_context).
# Not ``icon``: Material includes ".icons/<icon>.svg" for it, and an icon it does not have
# stopped the build (TemplateNotFound); the portal's pages use none. Not ``template``: see
# page_schema.
MKDOCS_PAGE_KEYS = {
    "description": {**_ONE_LINE, "description": "mô tả trang cho công cụ tìm kiếm, một dòng văn bản"},
    "hide": {"type": "array", "items": {"enum": ["navigation", "toc", "footer", "feedback", "tags", "path"]},
             "description": "phần ẩn đi: navigation, toc, footer, feedback, tags, path"},
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


# --- one field, declared once ----------------------------------------------------------------
# Every field is declared by one call below that says everything about it: its type and bounds
# (validation and the published JSON Schema), its Vietnamese description (messages, "what is
# allowed", the YAML comments of new drafts, the guide's field tables), its title (the editor's
# label; the guide), an optional hint (the editor's help line) and whether it is exported as it is
# written (``export``: "json" or "csv+json"; portal.outputs.fields adds it to the item's record).
# How a field is drawn on pages is the one macro that draws it (overrides/portal/macros.html).

def _meta(schema: dict, title: str | None, hint: str | None, export: str | None) -> dict:
    if title:
        schema["title"] = title
    if hint:
        schema["x-hint"] = hint
    if export:
        schema["x-export"] = export
    return schema


def _text(description: str, title: str | None = None, *, nullable: bool = True, min_length: int = 0,
          hint: str | None = None, export: str | None = None) -> dict:
    schema = {"type": ["string", "null"] if nullable else "string", "description": description}
    if min_length:
        schema["minLength"] = min_length
    return _meta(schema, title, hint, export)


def _integer(description: str, title: str, *, minimum: int | None = None, maximum: int | None = None,
             nullable: bool = True, hint: str | None = None, export: str | None = None) -> dict:
    schema = {"type": ["integer", "null"] if nullable else "integer", "description": description}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return _meta(schema, title, hint, export)


def _ref(registry: str, description: str, title: str | None = None, *, nullable: bool = False,
         hint: str | None = None) -> dict:
    return _meta({"type": ["string", "null"] if nullable else "string", "x-registry": registry,
                  "description": description}, title, hint, None)


def _refs(registry: str, description: str, title: str | None = None, *, min_items: int = 0,
          hint: str | None = None) -> dict:
    schema = {"type": ["array", "null"], "items": _ref(registry, description), "description": description}
    if min_items:
        schema["type"] = "array"
        schema["minItems"] = min_items
    return _meta(schema, title, hint, None)


def _date(description: str, title: str | None = None, *, nullable: bool = True, hint: str | None = None) -> dict:
    return _meta({"type": ["string", "integer", "null"] if nullable else ["string", "integer"],
                  "format": "partial-date", "description": description}, title, hint, None)


def _enum(values, description: str, title: str | None = None, *, nullable: bool = True,
          hint: str | None = None) -> dict:
    """One of ``values``; a mapping gives each value the label residents and staff read ("x-labels")."""
    schema = {"enum": list(values) + ([None] if nullable else []), "description": description}
    if isinstance(values, dict):
        schema["x-labels"] = dict(values)
    return _meta(schema, title, hint, None)


def _strings(description: str, title: str) -> dict:
    return _meta({"type": ["array", "null"], "items": {"type": "string"}, "description": description}, title, None, None)


def _list(item: dict, description: str, title: str, *, min_items: int = 0) -> dict:
    schema = {"type": ["array", "null"], "items": item, "description": description}
    if min_items:
        schema["type"] = "array"
        schema["minItems"] = min_items
    return _meta(schema, title, None, None)


def _object(properties: dict, required=(), description: str = "", title: str | None = None) -> dict:
    """An object; ``title`` names one item of a list ("Thêm cam kết")."""
    return _meta({"type": "object", "properties": properties, "required": list(required),
                  "additionalProperties": False, "description": description}, title, None, None)


def _url(description: str, title: str) -> dict:
    return _meta({"type": ["string", "null"], "format": "uri", "description": description}, title, None, None)


LINK = _object(
    {"title": _text("tên tài liệu hoặc trang", "Tên tài liệu hoặc trang"),
     "url": _meta({"type": "string", "format": "uri",
                   "description": "địa chỉ đầy đủ, bắt đầu bằng http:// hoặc https://"}, "Địa chỉ (URL)", None, None)},
    required=["url"], description="một liên kết: title và url", title="liên kết")

COMMITMENT = _object(
    {
        "id": _meta({"type": "string", "pattern": KEY_PATTERN,
                     "description": "mã cam kết, duy nhất trên toàn trang, chữ thường không dấu, số và dấu gạch ngang"},
                    "Mã cam kết", None, None),
        "text": _text("nội dung cam kết, chỉ đạo như bản tin nêu", "Nội dung cam kết, chỉ đạo", nullable=False,
                      min_length=1),
        "owners": _refs("organizations", "cơ quan chủ trì (mã trong docs/data/organizations/), ít nhất một",
                        "Cơ quan chủ trì", min_items=1),
        "partners": _refs("organizations", "cơ quan phối hợp (mã trong docs/data/organizations/)", "Cơ quan phối hợp"),
        "places": _refs("localities", "địa bàn thực hiện: phường, xã… (mã trong docs/data/localities/)", "Địa bàn thực hiện"),
        "due": _date("hạn hoàn thành: YYYY-MM-DD, YYYY-MM hoặc YYYY (hết kỳ đó)", "Hạn hoàn thành",
                     hint="Hạn hoàn thành; chỉ có tháng hoặc năm thì chọn \"Chỉ tháng\"/\"Chỉ năm\" (hết kỳ đó)"),
        "status": _enum(COMMITMENT_STATUSES, "trạng thái khi đưa ra cam kết", "Trạng thái khi đưa ra"),
    },
    required=["id", "text", "owners"], description="một cam kết đưa ra tại hội nghị", title="cam kết")

REVIEW = _object(
    {
        "commitment": _meta({"type": "string", "pattern": KEY_PATTERN, "x-refers": "commitment-id",
                             "description": "mã của một cam kết đã đưa ra ở hội nghị trước"},
                            "Cam kết được rà soát", None, None),
        "status": _enum(COMMITMENT_STATUSES, "trạng thái được báo cáo tại hội nghị này", "Trạng thái được báo cáo",
                        nullable=False),
        "note": _text("ghi chú, kết quả được báo cáo", "Ghi chú, kết quả"),
        "owners": _refs("organizations", "cơ quan chủ trì từ hội nghị này trở đi, khi hội nghị giao lại cam kết "
                        "(bàn giao; mã trong docs/data/organizations/)", "Bàn giao cho cơ quan",
                        hint="Chỉ điền khi hội nghị này giao cam kết cho cơ quan khác chủ trì (ví dụ cơ quan cũ đã "
                             "kết thúc hoạt động)"),
        "evidence": _list(LINK, "tài liệu chứng minh", "Tài liệu chứng minh"),
    },
    required=["commitment", "status"], description="kết quả rà soát một cam kết trước đó", title="rà soát")

CHAIR = _object(
    {"person": _ref("people", "người chủ trì (mã trong docs/data/people/)", "Họ tên người chủ trì"),
     "role": _text("chức vụ như bản tin nêu", "Chức vụ như bản tin nêu")},
    required=["person"], description="người chủ trì và chức vụ như bản tin nêu", title="người chủ trì")

BULLETIN = _object(
    {
        "title": _text("tiêu đề bản tin", "Tiêu đề", nullable=False, min_length=1),
        "date": _date("ngày họp: YYYY-MM-DD; YYYY-MM hoặc YYYY khi không rõ ngày", "Ngày họp", nullable=False,
                      hint="Chọn ngày họp; khi bản tin không nêu ngày, chọn \"Chỉ tháng\" hoặc \"Chỉ năm\""),
        # extension: why the date is partial or uncertain, shown beside the date.
        "date_note": _text("ghi chú về ngày họp (ví dụ: bản tin không nêu ngày)", "Ghi chú về ngày họp"),
        "time": _meta({"type": ["string", "null"], "format": "time-hhmm",
                       "description": "giờ bắt đầu, dạng 24 giờ HH:MM, đặt trong ngoặc kép: \"14:00\""},
                      "Giờ bắt đầu", "Giờ bắt đầu, dạng 24 giờ HH:MM, ví dụ 14:00", None),
        # extension: part of the day when the bulletin gives no clock time ("Chiều ngày 12/2/2020").
        "session": _enum(SESSIONS, "buổi họp khi không rõ giờ: sang (sáng), chieu (chiều), toi (tối)", "Buổi họp",
                         hint="Chỉ chọn khi bản tin không nêu giờ (\"Chiều ngày 12/2/2020\")"),
        "kind": _ref("meeting-kinds", "loại hội nghị (mã trong docs/data/meeting-kinds/)", "Loại hội nghị"),
        "status": _enum(MEETING_STATUSES, "tình trạng hội nghị; bỏ trống thì tự tính theo ngày", "Tình trạng hội nghị"),
        "location": _text("địa điểm", "Địa điểm"),
        "chairs": _list(CHAIR, "người chủ trì, ít nhất một", "Người chủ trì", min_items=1),
        "organizations": _refs("organizations", "cơ quan, tổ chức tham dự (mã trong docs/data/organizations/)",
                               "Cơ quan, tổ chức tham dự"),
        "topics": _refs("topics", "chủ đề (mã trong docs/data/topics/)", "Chủ đề"),
        "published": _meta({"type": ["string", "null"], "format": "date-time",
                            "description": "thời điểm đăng tin: YYYY-MM-DDTHH:MM:SS+07:00"},
                           "Thời điểm đăng tin", None, None),
        "author": _text("tác giả bản tin", "Tác giả bản tin"),
        "sources": _list(LINK, "nguồn bản tin", "Nguồn bản tin"),
        "commitments": _list(COMMITMENT, "các cam kết, chỉ đạo đưa ra tại hội nghị", "Cam kết, chỉ đạo đưa ra"),
        "reviews": _list(REVIEW, "rà soát các cam kết đưa ra ở hội nghị trước", "Rà soát cam kết trước đó"),
        **MKDOCS_PAGE_KEYS,
    },
    required=["title", "date", "kind", "chairs"], description="phần đầu (front matter) của bản tin")

# Any other Markdown page under docs/ (staff guide, about): the MkDocs/Material keys typed as
# in a bulletin, a title, and ``template`` only where its route declares one (page_schema); any
# other key is refused. Material reads more keys than these (``location`` makes its redirect
# template write a script), and a key the portal does not read is a mistake to report, not keep.
PAGE_TITLE = {**_ONE_LINE, "description": "tiêu đề trang, một dòng văn bản"}


# Page keys refused where they are not declared, and why (in the message after "không được dùng ở đây: ").
REFUSED_PAGE_KEYS = {
    "template": "mẫu trang do cổng quyết định theo địa chỉ của trang (bản tin luôn hiện bằng trang hội nghị), "
                "một mẫu khác làm hỏng việc dựng trang hoặc chạy mã lạ; hãy xóa dòng này",
    "location": "trường này của MkDocs biến trang thành trang chuyển hướng sang một địa chỉ khác (có thể là mã "
                "độc javascript:); hãy xóa dòng này, và muốn dẫn người đọc sang trang khác thì viết một liên kết "
                "trong nội dung",
}


def page_schema(template: str | None) -> dict:
    """The front matter of a page under docs/ that is not a bulletin; ``template``: the one
    template its route declares (docs/index.md: the home page), or None (no ``template`` key)."""
    properties = {"title": PAGE_TITLE, **MKDOCS_PAGE_KEYS}
    if template:
        properties["template"] = {"enum": [template], "description": f"mẫu trang của trang này: {template}"}
    return {"type": "object", "properties": properties, "additionalProperties": False,
            "description": "phần đầu của một trang"}

ORGANIZATION = _object(
    {
        "name": _text("tên đầy đủ", "Tên đầy đủ", nullable=False, min_length=1),
        "short": _text("tên ngắn", "Tên ngắn"),
        "aliases": _strings("mọi cách viết gặp trong bản tin", "Các cách viết khác"),
        "kind": _meta({"type": ["string", "null"], "pattern": KEY_PATTERN,
                       "description": "loại: chinh-quyen, dang, mat-tran, doan-the, co-quan-chuyen-mon…"},
                      "Loại cơ quan", None, None),
        "parent": _ref("organizations", "cơ quan cấp trên (mã)", "Cơ quan cấp trên", nullable=True),
        "valid_from": _date("ngày bắt đầu hoạt động", "Bắt đầu hoạt động"),
        "valid_until": _date("ngày kết thúc hoạt động", "Kết thúc hoạt động"),
        "successor": _ref("organizations", "cơ quan kế thừa, khi chỉ có một (mã); nhiều cơ quan thì dùng successors",
                          "Cơ quan kế thừa (một)", nullable=True),
        "successors": _refs("organizations", "các cơ quan nhận lại công việc khi cơ quan này kết thúc hoạt động (mã)",
                            "Các cơ quan kế thừa"),
        "locality": _ref("localities", "địa bàn cơ quan quản lý hoặc hoạt động (mã trong docs/data/localities/)",
                         "Địa bàn", nullable=True),
        "url": _url("trang web", "Trang web"),
    },
    required=["name"], description="một cơ quan, tổ chức")

POSITION = _object(
    {"title": _text("chức vụ", "Chức vụ", nullable=False, min_length=1),
     "organization": _ref("organizations", "cơ quan (mã)", "Cơ quan", nullable=True),
     "from": _date("từ ngày hoặc năm", "Từ"),
     "until": _date("đến ngày hoặc năm", "Đến")},
    required=["title"], description="một chức vụ", title="chức vụ")

PERSON = _object(
    {"name": _text("họ và tên", "Họ và tên", nullable=False, min_length=1),
     # extension: other spellings of the name, for matching imported articles.
     "aliases": _strings("cách viết khác của tên", "Cách viết khác của tên"),
     "positions": _list(POSITION, "các chức vụ đã biết", "Các chức vụ")},
    required=["name"], description="một người")

TOPIC = _object(
    {"name": _text("tên chủ đề", "Tên chủ đề", nullable=False, min_length=1),
     "aliases": _strings("từ viết tắt, cách gọi khác", "Từ viết tắt, cách gọi khác"),
     # extension: one sentence shown on the topic page.
     "description": _text("mô tả ngắn", "Mô tả ngắn")},
    required=["name"], description="một chủ đề")

MEETING_KIND = _object(
    {"name": _text("tên loại hội nghị", "Tên loại hội nghị", nullable=False, min_length=1),
     # extensions: other names and a description shown on the archive.
     "aliases": _strings("cách gọi khác", "Cách gọi khác"),
     "description": _text("mô tả ngắn", "Mô tả ngắn")},
    required=["name"], description="một loại hội nghị")


FORMED_FROM_PART = _object(
    {"locality": _ref("localities", "đơn vị cũ (mã)", "Đơn vị cũ"),
     "part": {"type": ["boolean", "null"], "description": "true khi chỉ một phần đơn vị cũ được sáp nhập vào đây "
                                                          "(đơn vị cũ bị chia)", "title": "Chỉ một phần"}},
    required=["locality"], description="một đơn vị cũ, cả đơn vị hoặc một phần", title="đơn vị cũ")

LOCALITY = _object(
    {"name": _text("tên đầy đủ, như nghị quyết ghi: \"Phường Hạc Thành\"", "Tên", nullable=False, min_length=1),
     "level": _enum(LOCALITY_LEVELS, "cấp hành chính", "Cấp", nullable=False),
     "parent": _ref("localities", "đơn vị hành chính cấp trên (mã)", "Trực thuộc", nullable=True),
     "valid_from": _date("ngày bắt đầu (ví dụ 2025-07-01)", "Bắt đầu"),
     "valid_until": _date("ngày kết thúc (ví dụ 2025-06-30)", "Kết thúc"),
     "formed_from": _list({"anyOf": [_ref("localities", "đơn vị cũ (mã)"), FORMED_FROM_PART],
                           "description": "một đơn vị cũ: mã, hoặc {locality: mã, part: true} khi chỉ một phần",
                           "title": "đơn vị cũ"},
                          "các đơn vị cũ hợp thành đơn vị này: mã, hoặc {locality: mã, part: true} khi chỉ một phần",
                          "Hình thành từ"),
     "code": {"type": ["string", "integer", "null"], "description": "mã đơn vị hành chính chính thức", "title": "Mã hành chính"},
     # extension: other names residents use ("TP Thanh Hóa"), for search.
     "aliases": _strings("tên gọi khác, viết tắt", "Tên gọi khác")},
    required=["name", "level"], description="một đơn vị hành chính (tỉnh, phường, xã…)")


# --- the registries ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Registry:
    """One registry of the contract: its files (docs/data/<name>/<key>.yml or docs/data/<name>.yml),
    the schema of one entry, its name in staff messages, and its names in the editor."""

    name: str
    entry: dict
    message_name: str  # "danh mục cơ quan, tổ chức"
    label: str  # the editor's collection: "Cơ quan, tổ chức"
    singular: str  # one entry: "cơ quan, tổ chức"
    optional: bool = False  # content without it loads (a portal of one place need not list localities)


REGISTRIES: tuple[Registry, ...] = (
    Registry("organizations", ORGANIZATION, "danh mục cơ quan, tổ chức", "Cơ quan, tổ chức", "cơ quan, tổ chức"),
    Registry("people", PERSON, "danh mục nhân sự", "Nhân sự", "người"),
    Registry("topics", TOPIC, "danh mục chủ đề", "Chủ đề", "chủ đề"),
    Registry("meeting-kinds", MEETING_KIND, "danh mục loại hội nghị", "Loại hội nghị", "loại hội nghị"),
    Registry("localities", LOCALITY, "danh mục địa bàn (đơn vị hành chính)", "Địa bàn", "địa bàn", optional=True),
)
REGISTRY_ENTRIES = {r.name: r.entry for r in REGISTRIES}
REGISTRY_NAMES = {r.name: r.message_name for r in REGISTRIES}  # Vietnamese name used in messages
REGISTRY_LABELS = {r.name: (r.label, r.singular) for r in REGISTRIES}
OPTIONAL_REGISTRIES = frozenset(r.name for r in REGISTRIES if r.optional)


def registry_schema(name: str) -> dict:
    """Schema of a whole registry file: a mapping from key to entry."""
    return {"type": "object", "propertyNames": {"pattern": KEY_PATTERN},
            "additionalProperties": REGISTRY_ENTRIES[name],
            "description": REGISTRY_NAMES[name]}
