"""Every exported field, declared once: name, type, Vietnamese description, how to get it.

A :class:`Record` is the list of fields of one kind of item (a meeting, a commitment…).
From it come, with no second list anywhere:

* the JSON record (:meth:`Record.to_json`), in ``data/*.json``;
* the CSV row and header (:meth:`Record.csv_header`, :meth:`Record.csv_row`), for the
  fields marked ``csv``;
* the item's JSON Schema (:meth:`Record.schema`), published under ``schema/``;
* the field table of the data page (:func:`catalog`).

A field reads the linked model (:mod:`portal.model`) through ``get(item, ctx)``;
``ctx`` carries what is not in the item (the site's address).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from portal.contract import schema as S
from portal.content.present import absolute, summary
from portal.outputs.made import Made, fresh

ISO_DATE = "ngày theo ISO 8601: YYYY-MM-DD, hoặc YYYY-MM / YYYY khi chỉ biết tháng hoặc năm"
JSON, CSV, BOTH = frozenset({"json"}), frozenset({"csv"}), frozenset({"json", "csv"})
TYPE_VI = {"string": "chuỗi", "array": "danh sách", "integer": "số nguyên", "boolean": "đúng/sai (true/false)",
           "object": "đối tượng", "null": "có thể trống"}
CSV_LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Ctx:
    site_url: str
    made: Made = fresh  # what a build keeps from the one before (portal.outputs.made)

    def url(self, path: str) -> str:
        return absolute(self.site_url, path)

    def summary(self, meeting) -> str:
        """The bulletin's first paragraph (present.summary), kept by its text: working it out is
        most of the open data's CPU when everything else is kept."""
        body = meeting.body
        return self.made("summary", body, lambda: summary(meeting))


@dataclass(frozen=True)
class Field:
    name: str
    description: str
    get: Callable[[Any, Ctx], Any]
    type: str = "string"
    nullable: bool = False
    enum: tuple | None = None
    items: Record | dict | None = None  # arrays: a nested record, or the schema of a plain item
    schema_extra: dict | None = None  # anything else the JSON Schema says (an object's properties)
    outputs: frozenset = JSON
    title: str | None = None  # a short Vietnamese heading: the review sheet's column (portal.outputs.sheets)

    @property
    def heading(self) -> str:
        return self.title or self.description[:1].upper() + self.description[1:]

    def schema(self) -> dict:
        node: dict = {"type": [self.type, "null"] if self.nullable else self.type, "description": self.description}
        if self.enum is not None:
            node["enum"] = list(self.enum) + ([None] if self.nullable else [])
        if self.type == "array":
            items = self.items if self.items is not None else {"type": "string"}
            node["items"] = items.schema() if isinstance(items, Record) else items
        return {**node, **(self.schema_extra or {})}

    def type_vi(self) -> str:
        if self.enum is not None:
            return "một trong: " + ", ".join(str(v) for v in self.enum if v is not None)
        kinds = [self.type, "null"] if self.nullable else [self.type]
        return ", ".join(TYPE_VI[k] for k in kinds)

    def csv_cell(self, value) -> str:
        if value is None:
            return ""
        if self.type == "boolean":
            return "yes" if value else "no"
        if self.type == "array":
            return CSV_LIST_SEPARATOR.join(str(v) for v in value)
        return str(value)

    def csv_description(self) -> str:
        if self.type == "array":
            return f"{self.description}, ngăn cách bằng \"{CSV_LIST_SEPARATOR}\""
        if self.type == "boolean":
            return f"{self.description}: yes hoặc no"
        return self.description


@dataclass(frozen=True)
class Record:
    description: str
    fields: tuple[Field, ...]

    def _of(self, output: str) -> list[Field]:
        return [f for f in self.fields if output in f.outputs]

    def to_json(self, item, ctx: Ctx) -> dict:
        return {f.name: f.get(item, ctx) for f in self._of("json")}

    def schema(self) -> dict:
        fields = self._of("json")
        return {"type": "object", "properties": {f.name: f.schema() for f in fields},
                "required": [f.name for f in fields], "additionalProperties": False,
                "description": self.description}

    def csv_header(self) -> list[str]:
        return [f.name for f in self._of("csv")]

    def csv_row(self, item, ctx: Ctx) -> list[str]:
        return [f.csv_cell(f.get(item, ctx)) for f in self._of("csv")]

    def field_table(self, output: str) -> list[tuple[str, str, str]]:
        """(name, type in Vietnamese, description) of each field, as the data page lists them."""
        if output == "csv":
            return [(f.name, f.type_vi() if f.enum else "chuỗi", f.csv_description()) for f in self._of("csv")]
        return [(f.name, f.type_vi(), f.description) for f in self._of("json")]


def text(name, description, get, *, nullable=False, enum=None, outputs=JSON, title=None, **extra) -> Field:
    return Field(name, description, get, "string", nullable, tuple(enum) if enum is not None else None,
                 schema_extra=extra or None, outputs=outputs, title=title)


def number(name, description, get, *, outputs=JSON, title=None) -> Field:
    return Field(name, description, get, "integer", outputs=outputs, title=title)


def flag(name, description, get, *, outputs=JSON, title=None) -> Field:
    return Field(name, description, get, "boolean", outputs=outputs, title=title)


def many(name, description, get, items: Record | dict | None = None, *, outputs=JSON, title=None) -> Field:
    return Field(name, description, get, "array", items=items, outputs=outputs, title=title)


def declared(schema: dict) -> tuple[Field, ...]:
    """The fields of a contract object (portal.contract.schema) marked ``x-export``, exported as
    written: a field added to the contract with ``export="json"`` or ``"csv+json"`` reaches the JSON
    records, the CSV, the published schemas and the data page with no line here."""
    out = []
    for name, prop in schema["properties"].items():
        export = prop.get("x-export")
        if not export:
            continue
        types = prop["type"] if isinstance(prop.get("type"), list) else [prop.get("type", "string")]
        enum = tuple(v for v in prop["enum"] if v is not None) if "enum" in prop else None
        bounds = {k: prop[k] for k in ("minimum", "maximum", "minLength") if k in prop}
        out.append(Field(name, prop["description"], lambda item, ctx, name=name: item.data.get(name),
                         next((t for t in types if t != "null"), "string"), "null" in types or "enum" in prop, enum,
                         schema_extra=bounds or None, outputs=BOTH if "csv" in export else JSON,
                         title=prop.get("title")))
    return tuple(out)


def _iso(value) -> str | None:
    return value.iso if value is not None else None


# --- the records ---------------------------------------------------------------------------

LINK = Record("một liên kết", (
    text("title", "tên tài liệu", lambda link, ctx: link.title, nullable=True),
    text("url", "địa chỉ", lambda link, ctx: link.url),
))

REVIEW_REPORT = (  # what a review reports, in a meeting's record and in a commitment's
    text("status", "trạng thái được báo cáo", lambda r, ctx: r.status, enum=S.COMMITMENT_STATUSES),
    text("note", "ghi chú được báo cáo", lambda r, ctx: r.note, nullable=True),
    many("owners", "bàn giao: mã các cơ quan chủ trì từ hội nghị này trở đi (trống: không bàn giao)",
         lambda r, ctx: list(r.owner_keys)),
    many("evidence", "minh chứng", lambda r, ctx: [LINK.to_json(e, ctx) for e in r.evidence], LINK),
)

CHAIR = Record("người chủ trì", (
    text("person", "mã người", lambda c, ctx: c.person_key),
    text("name", "họ tên", lambda c, ctx: c.person.name if c.person else None, nullable=True),
    text("role", "chức vụ như bản tin nêu", lambda c, ctx: c.role, nullable=True),
))

MEETING_REVIEW = Record("rà soát cam kết trước đó", (
    text("commitment", "mã cam kết", lambda r, ctx: r.commitment_id), *REVIEW_REPORT, *declared(S.REVIEW)))

MEETING = Record("một hội nghị", (
    text("id", "mã hội nghị: tên tệp bản tin, không đổi", lambda m, ctx: m.key),
    text("url", "địa chỉ trang bản tin", lambda m, ctx: ctx.url(m.url)),
    text("title", "tiêu đề", lambda m, ctx: m.title),
    text("date", ISO_DATE, lambda m, ctx: m.date.iso),
    text("date_precision", "độ chính xác của ngày", lambda m, ctx: m.date.precision, enum=("day", "month", "year")),
    text("date_note", "ghi chú về ngày", lambda m, ctx: m.date_note, nullable=True),
    text("time", "giờ bắt đầu HH:MM, giờ Việt Nam (UTC+7)", lambda m, ctx: m.time, nullable=True),
    text("session", "buổi họp khi không rõ giờ", lambda m, ctx: m.session, nullable=True, enum=S.SESSIONS),
    text("start", "thời điểm bắt đầu theo ISO 8601, chính xác như bản tin nêu (có múi giờ +07:00 khi biết giờ)",
         lambda m, ctx: m.start_iso),
    text("status", "tình trạng", lambda m, ctx: m.status, enum=S.MEETING_STATUSES),
    text("kind", "mã loại hội nghị", lambda m, ctx: m.kind_key),
    text("kind_name", "tên loại hội nghị", lambda m, ctx: m.kind.name if m.kind else None, nullable=True),
    text("location", "địa điểm", lambda m, ctx: m.location, nullable=True),
    many("chairs", "người chủ trì", lambda m, ctx: [CHAIR.to_json(c, ctx) for c in m.chairs], CHAIR),
    many("organizations", "mã cơ quan tham dự; cơ quan đầu tiên là đơn vị tổ chức",
         lambda m, ctx: list(m.organization_keys)),
    many("topics", "mã chủ đề", lambda m, ctx: list(m.topic_keys)),
    text("published", "thời điểm đăng tin (ISO 8601)",
         lambda m, ctx: m.published.isoformat() if m.published else None, nullable=True),
    text("author", "tác giả bản tin", lambda m, ctx: m.author, nullable=True),
    text("summary", "đoạn mở đầu của bản tin", lambda m, ctx: ctx.summary(m)),
    many("sources", "nguồn", lambda m, ctx: [LINK.to_json(s, ctx) for s in m.sources], LINK),
    many("commitments", "mã các cam kết đưa ra tại hội nghị", lambda m, ctx: [c.id for c in m.commitments]),
    many("reviews", "rà soát cam kết trước đó",
         lambda m, ctx: [MEETING_REVIEW.to_json(r, ctx) for r in m.reviews], MEETING_REVIEW),
    *declared(S.BULLETIN),
))

COMMITMENT_REVIEW = Record("một lần rà soát", (
    text("meeting", "mã hội nghị rà soát", lambda r, ctx: r.meeting.key),
    text("date", ISO_DATE, lambda r, ctx: r.meeting.date.iso), *REVIEW_REPORT, *declared(S.REVIEW)))

COMMITMENT = Record("một cam kết", (
    text("id", "mã cam kết, không bao giờ dùng lại", lambda c, ctx: c.id, outputs=BOTH, title="Mã cam kết"),
    text("url", "địa chỉ diễn biến của cam kết (trên trang hội nghị đưa ra cam kết)",
         lambda c, ctx: ctx.url(c.url), outputs=BOTH, title="Diễn biến (liên kết)"),
    text("text", "nội dung như bản tin nêu", lambda c, ctx: c.text, outputs=BOTH, title="Nội dung cam kết"),
    text("meeting", "mã hội nghị đưa ra cam kết", lambda c, ctx: c.meeting.key, outputs=BOTH, title="Mã hội nghị đưa ra"),
    text("meeting_title", "tiêu đề hội nghị đó", lambda c, ctx: c.meeting.title, outputs=BOTH, title="Hội nghị đưa ra"),
    text("meeting_date", ISO_DATE, lambda c, ctx: c.meeting.date.iso, outputs=BOTH, title="Ngày hội nghị đưa ra"),
    many("owners", "mã cơ quan chủ trì hiện nay: theo lần bàn giao gần nhất, nếu không thì như khi đưa ra",
         lambda c, ctx: c.current_owner_keys, outputs=BOTH, title="Mã cơ quan chủ trì"),
    many("owner_names", "tên cơ quan chủ trì hiện nay", lambda c, ctx: [o.name for o in c.owners], outputs=CSV, title="Cơ quan chủ trì"),
    many("original_owners", "mã cơ quan chủ trì khi đưa ra cam kết", lambda c, ctx: list(c.owner_keys),
         outputs=BOTH, title="Mã cơ quan chủ trì khi đưa ra"),
    text("handed_over", "ngày hội nghị bàn giao cam kết cho cơ quan chủ trì hiện nay; null: chưa bàn giao",
         lambda c, ctx: c.handover.meeting.date.iso if c.handover else None, nullable=True, outputs=BOTH, title="Ngày bàn giao"),
    flag("awaiting_handover", "chờ bàn giao: còn mở, mọi cơ quan chủ trì đã kết thúc hoạt động và chưa hội nghị "
         "nào giao lại", lambda c, ctx: c.awaiting_handover, outputs=BOTH, title="Chờ bàn giao"),
    text("owners_ended", "ngày cơ quan chủ trì cuối cùng kết thúc hoạt động, khi cam kết chờ bàn giao: " + ISO_DATE,
         lambda c, ctx: _iso(c.owners_ended), nullable=True, outputs=BOTH, title="Ngày cơ quan chủ trì kết thúc"),
    many("successor_candidates", "mã các cơ quan kế thừa cơ quan chủ trì đã kết thúc (ứng viên nhận bàn giao, "
         "chưa phải cơ quan chủ trì)", lambda c, ctx: [o.key for o in c.candidates], outputs=BOTH, title="Cơ quan kế thừa (ứng viên)"),
    many("places", "mã địa bàn thực hiện như bản tin ghi", lambda c, ctx: list(c.place_keys), outputs=BOTH, title="Mã địa bàn"),
    many("places_now", "mã địa bàn hiện nay bao gồm các địa bàn đó (đơn vị đã sáp nhập thì là đơn vị mới)",
         lambda c, ctx: list(dict.fromkeys(u.key for p in c.places for u in p.current)), outputs=BOTH, title="Mã địa bàn hiện nay"),
    many("partners", "mã cơ quan phối hợp", lambda c, ctx: list(c.partner_keys), outputs=BOTH, title="Mã cơ quan phối hợp"),
    text("due", "hạn: " + ISO_DATE + " (hết kỳ đó)", lambda c, ctx: _iso(c.due), nullable=True, outputs=BOTH, title="Hạn"),
    text("initial_status", "trạng thái khi đưa ra; null: bản tin không nêu", lambda c, ctx: c.status_declared,
         nullable=True, enum=S.COMMITMENT_STATUSES),
    text("status", "trạng thái hiện tại: theo lần rà soát gần nhất, nếu không thì trạng thái khi đưa ra; "
         "null: chưa có báo cáo", lambda c, ctx: c.reported_status, nullable=True, enum=S.COMMITMENT_STATUSES,
         outputs=BOTH, title="Mã trạng thái hiện tại"),
    text("status_label", "tên trạng thái tiếng Việt", lambda c, ctx: c.status_label,
         enum=S.COMMITMENT_STATUS_LABELS.values(), outputs=BOTH, title="Trạng thái hiện tại"),
    flag("overdue", "quá hạn: đã qua hạn mà chưa có báo cáo, chưa triển khai, đang thực hiện hoặc chậm tiến độ",
         lambda c, ctx: c.overdue, outputs=BOTH, title="Quá hạn"),
    text("last_review_date", "ngày hội nghị rà soát gần nhất",
         lambda c, ctx: c.last_review.meeting.date.iso if c.last_review else None, nullable=True, outputs=BOTH, title="Ngày rà soát gần nhất"),
    many("reviews", "các lần rà soát, cũ trước",
         lambda c, ctx: [COMMITMENT_REVIEW.to_json(r, ctx) for r in c.reviews], COMMITMENT_REVIEW),
    *declared(S.COMMITMENT),
))

ORGANIZATION = Record("một cơ quan, tổ chức", (
    text("id", "mã", lambda o, ctx: o.key),
    text("url", "địa chỉ trang", lambda o, ctx: ctx.url(o.url)),
    text("name", "tên đầy đủ", lambda o, ctx: o.name),
    text("short", "tên ngắn", lambda o, ctx: o.short, nullable=True),
    many("aliases", "tên gọi khác, viết tắt", lambda o, ctx: list(o.aliases)),
    text("kind", "loại", lambda o, ctx: o.kind, nullable=True),
    text("parent", "mã cơ quan cấp trên", lambda o, ctx: o.parent_key, nullable=True),
    text("valid_from", "bắt đầu hoạt động: " + ISO_DATE, lambda o, ctx: _iso(o.valid_from), nullable=True),
    text("valid_until", "kết thúc hoạt động: " + ISO_DATE, lambda o, ctx: _iso(o.valid_until), nullable=True),
    many("successors", "mã các cơ quan kế thừa", lambda o, ctx: list(o.successor_keys)),
    text("locality", "mã địa bàn", lambda o, ctx: o.locality_key, nullable=True),
    text("website", "trang web", lambda o, ctx: o.website, nullable=True),
    number("meetings", "số hội nghị tham dự", lambda o, ctx: len(o.meetings)),
    number("commitments_owned", "số cam kết chủ trì", lambda o, ctx: len(o.owned)),
    number("commitments_overdue", "số cam kết chủ trì đang quá hạn", lambda o, ctx: o.overdue_count),
    number("commitments_awaiting_handover", "số cam kết chủ trì đang chờ bàn giao", lambda o, ctx: o.awaiting_count),
    Field("status_counts", "số cam kết chủ trì theo trạng thái", lambda o, ctx: {s.key: s.count for s in o.breakdown},
          "object", schema_extra={"properties": {k: {"type": "integer"} for k in S.COMMITMENT_STATUS_LABELS},
                                  "required": list(S.COMMITMENT_STATUS_LABELS), "additionalProperties": False}),
    *declared(S.ORGANIZATION),
))

POSITION = Record("một chức vụ", (
    text("title", "chức vụ", lambda pos, ctx: pos.title),
    text("organization", "mã cơ quan", lambda pos, ctx: pos.organization_key, nullable=True),
    text("from", ISO_DATE, lambda pos, ctx: _iso(pos.start), nullable=True),
    text("until", ISO_DATE, lambda pos, ctx: _iso(pos.until), nullable=True),
))

PERSON = Record("một người", (
    text("id", "mã", lambda p, ctx: p.key),
    text("url", "địa chỉ trang", lambda p, ctx: ctx.url(p.url)),
    text("name", "họ tên", lambda p, ctx: p.name),
    many("aliases", "cách viết khác", lambda p, ctx: list(p.aliases)),
    many("positions", "chức vụ nêu trong bản tin", lambda p, ctx: [POSITION.to_json(x, ctx) for x in p.positions],
         POSITION),
    many("meetings_chaired", "mã các hội nghị đã chủ trì", lambda p, ctx: [c.meeting.key for c in p.chaired]),
    *declared(S.PERSON),
))

TOPIC = Record("một chủ đề", (
    text("id", "mã", lambda t, ctx: t.key),
    text("url", "địa chỉ trang", lambda t, ctx: ctx.url(t.url)),
    text("name", "tên", lambda t, ctx: t.name),
    many("aliases", "viết tắt, tên khác", lambda t, ctx: list(t.aliases)),
    text("description", "mô tả", lambda t, ctx: t.description, nullable=True),
    many("meetings", "mã các hội nghị về chủ đề", lambda t, ctx: [m.key for m in t.meetings]),
    *declared(S.TOPIC),
))


LINEAGE = {"type": "object", "properties": {"locality": {"type": "string"}, "part": {"type": "boolean"}},
           "required": ["locality", "part"], "additionalProperties": False}

LOCALITY = Record("một địa bàn (đơn vị hành chính)", (
    text("id", "mã", lambda l, ctx: l.key),
    text("url", "địa chỉ trang", lambda l, ctx: ctx.url(l.url)),
    text("name", "tên", lambda l, ctx: l.name),
    text("level", "cấp", lambda l, ctx: l.level, enum=S.LOCALITY_LEVELS),
    text("parent", "mã đơn vị cấp trên", lambda l, ctx: l.parent_key, nullable=True),
    text("valid_from", "bắt đầu: " + ISO_DATE, lambda l, ctx: _iso(l.valid_from), nullable=True),
    text("valid_until", "kết thúc: " + ISO_DATE, lambda l, ctx: _iso(l.valid_until), nullable=True),
    many("formed_from", "các đơn vị cũ hợp thành (part: chỉ một phần)",
         lambda l, ctx: [{"locality": x.source.key, "part": x.part} for x in l.formed_from], LINEAGE),
    many("became", "các đơn vị mới mà đơn vị này sáp nhập vào (part: chỉ một phần)",
         lambda l, ctx: [{"locality": x.unit.key, "part": x.part} for x in l.became], LINEAGE),
    text("code", "mã đơn vị hành chính chính thức", lambda l, ctx: l.code, nullable=True),
    many("aliases", "tên gọi khác", lambda l, ctx: list(l.aliases)),
    many("organizations", "mã các cơ quan ở địa bàn", lambda l, ctx: [o.key for o in l.organizations]),
    *declared(S.LOCALITY),
))


@dataclass(frozen=True)
class Export:
    """One data file: where it is published, the list it holds and the record of each item."""

    path: str
    key: str  # the list's name in the JSON envelope
    record: Record
    title: str
    items: Callable  # portal -> items, in published order
    csv: str | None = None  # path of the CSV twin, if any
    csv_title: str | None = None


EXPORTS: tuple[Export, ...] = (
    Export("data/meetings.json", "meetings", MEETING, "Mọi hội nghị, mới nhất trước.", lambda p: p.meetings_newest),
    Export("data/commitments.json", "commitments", COMMITMENT, "Mọi cam kết với trạng thái hiện tại và diễn biến.",
           lambda p: p.commitments, csv="data/commitments.csv", csv_title="Mọi cam kết, một dòng một cam kết."),
    Export("data/organizations.json", "organizations", ORGANIZATION, "Danh mục cơ quan, tổ chức.",
           lambda p: list(p.organizations.values())),
    Export("data/people.json", "people", PERSON, "Danh mục người chủ trì, lãnh đạo.", lambda p: list(p.people.values())),
    Export("data/topics.json", "topics", TOPIC, "Danh mục chủ đề.", lambda p: list(p.topics.values())),
    Export("data/localities.json", "localities", LOCALITY, "Danh mục địa bàn và các lần sáp nhập, chia tách.",
           lambda p: list(p.registries.localities.values())),
)
SCHEMA_BASE = "schema/"
CSV_FORMAT = "CSV (UTF-8 có BOM, mở được bằng Excel)"


def schema_path(data_path: str) -> str:
    """``data/meetings.json`` -> ``schema/meetings.schema.json``."""
    return f"{SCHEMA_BASE}{data_path.rsplit('/', 1)[-1].removesuffix('.json')}.schema.json"


def envelope_schema(data_path: str, key: str, item: dict, description: str) -> dict:
    """Schema of a data file: ``{"as_of": …, "count": …, key: [item, …]}``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_path(data_path),
        "title": key, "description": description, "type": "object",
        "required": ["as_of", "count", key], "additionalProperties": False,
        "properties": {"as_of": {"type": "string", "description": "ngày tính trạng thái và quá hạn (YYYY-MM-DD)",
                                 "format": "date"},
                       "count": {"type": "integer", "description": "số mục"},
                       key: {"type": "array", "items": item}},
    }


def catalog(extra: tuple = ()) -> list[dict]:
    """Every download with its format, fields and schema, as the data page lists them."""
    entries = []
    for export in EXPORTS:
        entries.append({"path": export.path, "format": "JSON", "title": export.title,
                        "schema": schema_path(export.path), "fields": export.record.field_table("json")})
        if export.csv:
            entries.append({"path": export.csv, "format": CSV_FORMAT, "title": export.csv_title, "schema": None,
                            "fields": export.record.field_table("csv")})
    return entries + list(extra)
