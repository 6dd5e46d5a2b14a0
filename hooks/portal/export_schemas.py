"""JSON Schemas of the open data, published under schema/ and used by the tests.

Descriptions are in Vietnamese: the data page (du-lieu/) shows them as the field lists.
The bulletin and registry schemas are the contract itself (portal.schema), published
with our custom keyword ``x-registry`` turned into plain text.
"""

from __future__ import annotations

import copy
import json

from . import schema as S

BASE = "schema/"
ISO_DATE = "ngày theo ISO 8601: YYYY-MM-DD, hoặc YYYY-MM / YYYY khi chỉ biết tháng hoặc năm"
STATUSES = list(S.COMMITMENT_STATUSES)


def _s(description: str, type_="string", **extra) -> dict:
    return {"type": type_, "description": description, **extra}


def _opt(description: str, type_="string", **extra) -> dict:
    return {"type": [type_, "null"], "description": description, **extra}


def _list(description: str, items: dict | None = None) -> dict:
    return {"type": "array", "items": items or {"type": "string"}, "description": description}


def _obj(properties: dict, description: str = "") -> dict:
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False, "description": description}


LINK = _obj({"title": _opt("tên tài liệu"), "url": _s("địa chỉ")})
REVIEW_FIELDS = {"status": _s("trạng thái được báo cáo", enum=STATUSES), "note": _opt("ghi chú được báo cáo"),
                 "evidence": _list("minh chứng", LINK)}


def _envelope(key: str, item: dict, description: str) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}{key}.schema.json",
        "title": key, "description": description, "type": "object",
        "required": ["as_of", "count", key], "additionalProperties": False,
        "properties": {"as_of": _s("ngày tính trạng thái và quá hạn (YYYY-MM-DD)", format="date"),
                       "count": _s("số mục", "integer"),
                       key: {"type": "array", "items": item}},
    }


MEETING = _obj({
    "id": _s("mã hội nghị: tên tệp bản tin, không đổi"),
    "url": _s("địa chỉ trang bản tin"),
    "title": _s("tiêu đề"),
    "date": _s(ISO_DATE),
    "date_precision": _s("độ chính xác của ngày", enum=["day", "month", "year"]),
    "date_note": _opt("ghi chú về ngày"),
    "time": _opt("giờ bắt đầu HH:MM, giờ Việt Nam (UTC+7)"),
    "session": _opt("buổi họp khi không rõ giờ", enum=[*S.SESSIONS, None]),
    "start": _s("thời điểm bắt đầu theo ISO 8601, chính xác như bản tin nêu (có múi giờ +07:00 khi biết giờ)"),
    "status": _s("tình trạng", enum=list(S.MEETING_STATUSES)),
    "kind": _s("mã loại hội nghị"),
    "kind_name": _opt("tên loại hội nghị"),
    "location": _opt("địa điểm"),
    "chairs": _list("người chủ trì", _obj({"person": _s("mã người"), "name": _opt("họ tên"),
                                           "role": _opt("chức vụ như bản tin nêu")})),
    "organizations": _list("mã cơ quan tham dự; cơ quan đầu tiên là đơn vị tổ chức"),
    "topics": _list("mã chủ đề"),
    "published": _opt("thời điểm đăng tin (ISO 8601)"),
    "author": _opt("tác giả bản tin"),
    "summary": _s("đoạn mở đầu của bản tin"),
    "sources": _list("nguồn", LINK),
    "commitments": _list("mã các cam kết đưa ra tại hội nghị"),
    "reviews": _list("rà soát cam kết trước đó", _obj({"commitment": _s("mã cam kết"), **REVIEW_FIELDS})),
}, "một hội nghị")

COMMITMENT = _obj({
    "id": _s("mã cam kết, không bao giờ dùng lại"),
    "url": _s("địa chỉ diễn biến của cam kết (trên trang hội nghị đưa ra cam kết)"),
    "text": _s("nội dung như bản tin nêu"),
    "meeting": _s("mã hội nghị đưa ra cam kết"),
    "meeting_title": _s("tiêu đề hội nghị đó"),
    "meeting_date": _s(ISO_DATE),
    "owners": _list("mã cơ quan chủ trì"),
    "partners": _list("mã cơ quan phối hợp"),
    "due": _opt("hạn: " + ISO_DATE + " (hết kỳ đó)"),
    "initial_status": _s("trạng thái khi đưa ra", enum=STATUSES),
    "status": _s("trạng thái hiện tại: theo lần rà soát gần nhất", enum=STATUSES),
    "status_label": _s("tên trạng thái tiếng Việt", enum=list(S.COMMITMENT_STATUSES.values())),
    "overdue": _s("quá hạn: đã qua hạn mà chưa triển khai, đang thực hiện hoặc chậm tiến độ", "boolean"),
    "last_review_date": _opt("ngày hội nghị rà soát gần nhất"),
    "reviews": _list("các lần rà soát, cũ trước", _obj({"meeting": _s("mã hội nghị rà soát"),
                                                        "date": _s(ISO_DATE), **REVIEW_FIELDS})),
}, "một cam kết")

ORGANIZATION = _obj({
    "id": _s("mã"), "url": _s("địa chỉ trang"), "name": _s("tên đầy đủ"), "short": _opt("tên ngắn"),
    "aliases": _list("tên gọi khác, viết tắt"), "kind": _opt("loại"), "parent": _opt("mã cơ quan cấp trên"),
    "valid_from": _opt("bắt đầu hoạt động: " + ISO_DATE), "valid_until": _opt("kết thúc hoạt động: " + ISO_DATE),
    "successor": _opt("mã cơ quan kế thừa"), "website": _opt("trang web"),
    "meetings": _s("số hội nghị tham dự", "integer"), "commitments_owned": _s("số cam kết chủ trì", "integer"),
    "commitments_overdue": _s("số cam kết chủ trì đang quá hạn", "integer"),
    "status_counts": {"type": "object", "description": "số cam kết chủ trì theo trạng thái",
                      "properties": {k: {"type": "integer"} for k in STATUSES}, "required": STATUSES,
                      "additionalProperties": False},
}, "một cơ quan, tổ chức")

PERSON = _obj({
    "id": _s("mã"), "url": _s("địa chỉ trang"), "name": _s("họ tên"), "aliases": _list("cách viết khác"),
    "positions": _list("chức vụ nêu trong bản tin", _obj({"title": _s("chức vụ"), "organization": _opt("mã cơ quan"),
                                                           "from": _opt(ISO_DATE), "until": _opt(ISO_DATE)})),
    "meetings_chaired": _list("mã các hội nghị đã chủ trì"),
}, "một người")

TOPIC = _obj({"id": _s("mã"), "url": _s("địa chỉ trang"), "name": _s("tên"), "aliases": _list("viết tắt, tên khác"),
              "description": _opt("mô tả"), "meetings": _list("mã các hội nghị về chủ đề")}, "một chủ đề")

OCD_EVENT = {
    "type": "object", "description": "một hội nghị theo dạng Event của Open Civic Data",
    "required": ["_type", "id", "name", "start_date", "timezone", "status", "location", "participants", "agenda",
                 "sources"],
    "properties": {
        "_type": {"const": "event"}, "id": _s("ocd-event/UUID, cố định theo mã hội nghị", pattern="^ocd-event/"),
        "name": _s("tên"), "description": _s("mô tả"), "classification": _s("loại hội nghị"),
        "start_date": _s("bắt đầu (ISO 8601)"), "end_date": _s("kết thúc (không rõ: chuỗi rỗng)"),
        "all_day": _s("không rõ giờ", "boolean"), "timezone": {"const": "Asia/Ho_Chi_Minh"},
        "status": _s("trạng thái", enum=["passed", "confirmed", "tentative", "cancelled"]),
        "location": {"type": "object", "required": ["name"]},
        "participants": _list("cơ quan và người tham dự", {"type": "object", "required": ["name", "type", "note"]}),
        "agenda": _list("các cam kết, mỗi cam kết một mục", {"type": "object", "required": ["description", "order"]}),
        "media": {"type": "array"}, "documents": {"type": "array"}, "links": {"type": "array"},
        "sources": {"type": "array", "minItems": 1}, "extras": {"type": "object"},
    },
}

JSON_FEED = {
    "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{BASE}feed.schema.json",
    "title": "JSON Feed 1.1", "type": "object", "required": ["version", "title", "items"],
    "properties": {"version": {"const": "https://jsonfeed.org/version/1.1"},
                   "items": {"type": "array", "items": {"type": "object", "required": ["id", "url", "title",
                                                                                      "date_published"]}}},
}

EXPORTS = {  # site path of the data file -> its schema
    "data/meetings.json": _envelope("meetings", MEETING, "Mọi hội nghị, mới nhất trước."),
    "data/commitments.json": _envelope("commitments", COMMITMENT, "Mọi cam kết với trạng thái hiện tại và diễn biến."),
    "data/organizations.json": _envelope("organizations", ORGANIZATION, "Danh mục cơ quan, tổ chức."),
    "data/people.json": _envelope("people", PERSON, "Danh mục người chủ trì, lãnh đạo."),
    "data/topics.json": _envelope("topics", TOPIC, "Danh mục chủ đề."),
    "data/ocd-events.json": _envelope("events", OCD_EVENT, "Hội nghị theo chuẩn Open Civic Data Event."),
}


def _plain(schema):
    """The contract schema without our private keyword: x-registry becomes words."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            registry = node.pop("x-registry", None)
            if registry:
                node["description"] = node.get("description", "") + f" — một mã trong danh mục docs/data/{registry}/"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(schema)
    return schema


def published_schemas() -> dict[str, str]:
    """Site path -> JSON text of every schema under schema/."""
    out = {}
    for path, schema in EXPORTS.items():
        name = path.rsplit("/", 1)[-1].replace(".json", "")
        out[f"{BASE}{name}.schema.json"] = schema
    out[f"{BASE}feed.schema.json"] = JSON_FEED
    out[f"{BASE}bulletin.schema.json"] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                                          "$id": f"{BASE}bulletin.schema.json", "title": "bulletin front matter",
                                          **_plain(S.BULLETIN)}
    for name in S.REGISTRY_ENTRIES:
        out[f"{BASE}registry-{name}.schema.json"] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                                                     "$id": f"{BASE}registry-{name}.schema.json", "title": name,
                                            **_plain(S.registry_schema(name))}
    return {path: json.dumps(schema, ensure_ascii=False, indent=1) + "\n" for path, schema in out.items()}


def schema_for(data_path: str) -> dict:
    return EXPORTS[data_path]


TYPE_VI = {"string": "chuỗi", "array": "danh sách", "integer": "số nguyên", "boolean": "đúng/sai (true/false)",
           "object": "đối tượng", "null": "có thể trống"}


def _fields(schema: dict) -> list[tuple[str, str, str]]:
    """(name, type, description) of an item schema, for the data page."""
    out = []
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type", "")
        kind = ", ".join(TYPE_VI[k] for k in kind) if isinstance(kind, list) else TYPE_VI.get(kind, kind)
        if "enum" in prop:
            kind = "một trong: " + ", ".join(str(v) for v in prop["enum"] if v is not None)
        out.append((name, kind or "", prop.get("description", "")))
    return out


CSV_FIELD_NOTES = {"owners": "mã cơ quan chủ trì, ngăn cách bằng \"; \"",
                   "owner_names": "tên cơ quan chủ trì, ngăn cách bằng \"; \"",
                   "partners": "mã cơ quan phối hợp, ngăn cách bằng \"; \"", "overdue": "yes hoặc no"}


def catalog() -> list[dict]:
    """Every download with its format, fields and schema, as the data page lists them."""
    from .exports import CSV_COLUMNS

    def item_schema(path):
        key = next(iter(k for k in EXPORTS[path]["properties"] if k not in ("as_of", "count")))
        return EXPORTS[path]["properties"][key]["items"]

    commitment_fields = {name: (kind, desc) for name, kind, desc in _fields(COMMITMENT)}
    csv_fields = [(c, *commitment_fields.get(c, ("chuỗi", ""))) for c in CSV_COLUMNS]
    csv_fields = [(n, k, CSV_FIELD_NOTES.get(n, d)) for n, k, d in csv_fields]
    entries = [
        {"path": path, "format": "JSON", "title": schema["description"],
         "schema": f"{BASE}{path.rsplit('/', 1)[-1].replace('.json', '')}.schema.json",
         "fields": _fields(item_schema(path))}
        for path, schema in EXPORTS.items()
    ]
    entries.insert(2, {"path": "data/commitments.csv", "format": "CSV (UTF-8 có BOM, mở được bằng Excel)",
                       "title": "Mọi cam kết, một dòng một cam kết.", "schema": None, "fields": csv_fields})
    return entries
