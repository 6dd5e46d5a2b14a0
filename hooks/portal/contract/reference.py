"""Tables that pages written by hand (the staff guide, the about page) print, generated from the
contract: a field table per object of the schema, and the table of commitment statuses.

A page asks for one with a line of its own, ``<!-- bảng: cam-ket -->``, which :func:`expand` replaces
with the Markdown table before the page is converted. A field added to the schema appears in the
guide's table with its title, whether it is required, its description and how to write it.
"""

from __future__ import annotations

import re

from portal.contract import schema as S

MARKER = re.compile(r"^<!-- bảng: ([a-z-]+) -->[ \t]*$", re.M)
OBJECTS = {"ban-tin": S.BULLETIN, "nguoi-chu-tri": S.CHAIR, "cam-ket": S.COMMITMENT, "ra-soat": S.REVIEW,
           "lien-ket": S.LINK, "chuc-vu": S.POSITION, **S.REGISTRY_ENTRIES}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _types(prop: dict) -> list[str]:
    kind = prop.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def how_to_write(prop: dict) -> str:
    """How a value of this field is written, in staff's words."""
    items = prop.get("items") or {}
    labels = prop.get("x-labels", {})
    if "x-registry" in prop:
        return f"một mã trong danh mục `docs/data/{prop['x-registry']}/`"
    if "x-registry" in items:
        return f"danh sách mã trong danh mục `docs/data/{items['x-registry']}/`, ví dụ `[ma-mot, ma-hai]`"
    if "enum" in prop:
        return "một trong: " + ", ".join(f"`{v}` ({labels.get(v, v)})" for v in prop["enum"] if v is not None)
    fmt = prop.get("format")
    if fmt == "partial-date":
        return "ngày `YYYY-MM-DD`; chỉ biết tháng: `YYYY-MM`; chỉ biết năm: `YYYY`"
    if fmt == "date-time":
        return "thời điểm có giờ và múi giờ: `2020-02-13T10:10:00+07:00`"
    if fmt == "time-hhmm":
        return "giờ 24 giờ trong ngoặc kép: `\"14:00\"`"
    if fmt == "uri":
        return "địa chỉ đầy đủ, bắt đầu bằng `https://`"
    types = _types(prop)
    if "integer" in types or "number" in types:
        bounds = [f"từ {prop['minimum']}" if "minimum" in prop else "", f"đến {prop['maximum']}" if "maximum" in prop else ""]
        return " ".join(["số nguyên" if "integer" in types else "số", *[b for b in bounds if b]])
    if "boolean" in types:
        return "`true` hoặc `false`"
    if "array" in types and items.get("type") == "object":
        return "danh sách, mỗi mục gồm " + ", ".join(f"`{k}`" for k in items["properties"])
    if "array" in types:
        return "danh sách văn bản, ví dụ `[\"một\", \"hai\"]`"
    if prop.get("pattern") == S.KEY_PATTERN:
        return "mã: chữ thường không dấu, số và dấu gạch ngang"
    return "văn bản, đặt trong ngoặc kép" + ("; một dòng" if fmt == "one-line" else "")


def field_table(schema: dict) -> str:
    required = set(schema.get("required", ()))
    lines = ["| Trường | Tên trong trình soạn thảo | Bắt buộc | Ý nghĩa | Cách viết |", "| --- | --- | --- | --- | --- |"]
    for name, prop in schema["properties"].items():
        if name in S.MKDOCS_PAGE_KEYS:
            continue
        lines.append(f"| `{name}` | {_cell(prop.get('title', ''))} | {'có' if name in required else 'không'} "
                     f"| {_cell(prop.get('description', ''))} | {_cell(how_to_write(prop))} |")
    return "\n".join(lines)


def status_table(with_keys: bool = False) -> str:
    """The statuses residents see and what each means; for staff, with the key written in bulletins."""
    head = "| Trạng thái | Mã trong bản tin | Ý nghĩa |" if with_keys else "| Trạng thái | Ý nghĩa |"
    lines = [head, "| --- | --- | --- |" if with_keys else "| --- | --- |"]
    for key, label in S.COMMITMENT_STATUS_LABELS.items():
        code = ("(bỏ trống)" if key == S.NO_REPORT else f"`{key}`") + " | " if with_keys else ""
        lines.append(f"| {label} | {code}{_cell(S.COMMITMENT_STATUS_MEANINGS[key])} |")
    return "\n".join(lines)


def table(name: str) -> str | None:
    if name in ("trang-thai", "trang-thai-ma"):
        return status_table(with_keys=name == "trang-thai-ma")
    schema = OBJECTS.get(name)
    return field_table(schema) if schema else None


NAMES = ("trang-thai", "trang-thai-ma", *OBJECTS)


def expand(markdown: str) -> str:
    """Every ``<!-- bảng: … -->`` line replaced by its table (an unknown name is a content error of
    the page, reported by the loader: :func:`unknown`)."""
    return MARKER.sub(lambda m: table(m.group(1)) or m.group(0), markdown)


def unknown(markdown: str) -> list[tuple[int, str]]:
    """(line, name) of each table a page asks for that does not exist."""
    return [(markdown[: m.start()].count("\n") + 1, m.group(1)) for m in MARKER.finditer(markdown)
            if table(m.group(1)) is None]
