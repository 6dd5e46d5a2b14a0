"""JSON Schemas published under schema/, and the data page's list of downloads.

The schemas of our own data files come from their field declarations
(:mod:`portal.fields`). Two describe other people's formats and are written here:
Open Civic Data's Event and JSON Feed 1.1. The bulletin and registry schemas are the
contract itself (:mod:`portal.schema`), published with our private keyword
``x-registry`` turned into plain text.
"""

from __future__ import annotations

import copy
import json

from portal.contract import schema as S
from portal.outputs.fields import EXPORTS, SCHEMA_BASE as BASE, envelope_schema, schema_path


def _s(description: str, type_="string", **extra) -> dict:
    return {"type": type_, "description": description, **extra}


def _list(description: str, items: dict | None = None) -> dict:
    return {"type": "array", "items": items or {"type": "string"}, "description": description}


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

OCD_PATH = "data/ocd-events.json"
OCD_TITLE = "Hội nghị theo chuẩn Open Civic Data Event."


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
    out = {schema_path(e.path): envelope_schema(e.path, e.key, e.record.schema(), e.title) for e in EXPORTS}
    out[schema_path(OCD_PATH)] = envelope_schema(OCD_PATH, "events", OCD_EVENT, OCD_TITLE)
    out[f"{BASE}feed.schema.json"] = JSON_FEED
    out[f"{BASE}bulletin.schema.json"] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                                          "$id": f"{BASE}bulletin.schema.json", "title": "bulletin front matter",
                                          **_plain(S.BULLETIN)}
    for name in S.REGISTRY_ENTRIES:
        out[f"{BASE}registry-{name}.schema.json"] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                                                     "$id": f"{BASE}registry-{name}.schema.json", "title": name,
                                                     **_plain(S.registry_schema(name))}
    return {path: json.dumps(schema, ensure_ascii=False, indent=1) + "\n" for path, schema in out.items()}


def catalog() -> list[dict]:
    """Every download with its format, fields and schema, as the data page lists them."""
    from portal.outputs.fields import TYPE_VI, catalog as data_catalog

    def kind(prop):
        if "enum" in prop:
            return "một trong: " + ", ".join(str(v) for v in prop["enum"])
        value = prop.get("type", "")
        return ", ".join(TYPE_VI[k] for k in value) if isinstance(value, list) else TYPE_VI.get(value, value)

    ocd_fields = [(name, kind(prop), prop.get("description", "")) for name, prop in OCD_EVENT["properties"].items()]
    return data_catalog(({"path": OCD_PATH, "format": "JSON", "title": OCD_TITLE, "schema": schema_path(OCD_PATH),
                          "fields": ocd_fields},))
