"""The one writer of the contract's YAML: bulletins and registry entries, in the contract's layout.

Every tool that writes content writes it here: the article importer's drafts, ``scripts/new_bulletin.py``,
the review-sheet import, and (through the same rules, tested equal in ``tests/test_editor_config.py``)
the web editor's JavaScript in ``editor/portal-cms.js``, which receives the field order from the
configuration generated out of the same schema. The layout:

* fields in the order the schema declares them (:mod:`portal.contract.schema`), then any other key in
  the order given; keys starting with ``_`` (the editor's computed data) are never written;
* a scalar is written plain when it cannot be misread: a number or boolean, a partial date in a date
  field, a timestamp (``2020-02-13T10:10:00+07:00``), a lowercase key (``ub-mttq-tp``) that is not a
  YAML word (``yes``, ``null``…); every other text in double quotes with JSON escapes (which YAML reads
  the same), line separators escaped;
* a list of scalars on one line (``[a, b]``), a list of mappings as ``- key: value`` blocks;
* an empty field (None, "", an empty list or mapping) is left out, except in a *template* (a new
  bulletin to fill in), where every field of the schema is written, empty ones as ``null`` or ``[]``;
* comments: ``notes`` (field path -> text) go after the value on the field's line; in a template a
  field without a note gets its description from the schema; ``header`` and ``trailer`` lines are
  comments at the top and the end of the front matter.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from portal.contract import schema as S

KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*\Z")
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)\Z")
PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?\Z")
YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})
HIDDEN = "_"
_LINE_SEPARATORS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}


def quote(text: str) -> str:
    """``text`` in double quotes, JSON escapes; line ends as \\n."""
    out = json.dumps(text.replace("\r\n", "\n").replace("\r", "\n"), ensure_ascii=False)
    for char, escaped in _LINE_SEPARATORS.items():
        out = out.replace(char, escaped)
    return out


def scalar(value, prop: dict | None = None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    text = str(value)
    if prop and prop.get("format") == "partial-date" and PARTIAL.match(text):
        return text
    if STAMP.match(text):
        return text
    if KEY.match(text) and text not in YAML_WORDS:
        return text
    return quote(text)


def is_empty(value) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, list):
        return all(is_empty(v) for v in value)
    if isinstance(value, dict):
        return all(str(k).startswith(HIDDEN) or is_empty(v) for k, v in value.items())
    return False


def _printable(text: str) -> str:
    """``text`` with every character that is not printable as a space: line and paragraph
    separators (U+2028, U+2029, NEL), which YAML reads as line breaks and which would end a
    comment and start a field, other controls (which YAML refuses), bidi and other format
    characters. A file name with such characters becomes a draft's comment this way."""
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


def _one_line(text: str) -> str:
    return " ".join(_printable(text).split())


class _Writer:
    def __init__(self, notes: dict | None, template: bool):
        self.notes = {tuple(k): v for k, v in (notes or {}).items()}
        self.template = template
        self.lines: list[str] = []

    def comment(self, path: tuple, prop: dict | None) -> str:
        note = self.notes.get(path)
        if note is None and self.template and prop and len(path) == 1:
            note = prop.get("description")
        return f"  # {_one_line(note)}" if note else ""

    def mapping(self, obj: dict, schema: dict | None, indent: int, path: tuple, skip=()) -> list[str]:
        # MkDocs' own page keys in a bulletin are not the contract's: they follow its fields as given.
        props = {k: v for k, v in (schema or {}).get("properties", {}).items()
                 if schema is not S.BULLETIN or k not in S.MKDOCS_PAGE_KEYS}
        pad = " " * indent
        out: list[str] = []
        keys = [k for k in props if k in obj or (self.template and not path)]
        keys += [k for k in obj if k not in props]
        for key in keys:
            value = obj.get(key)
            if str(key).startswith(HIDDEN) or key in skip:
                continue
            prop = props.get(key) or S.MKDOCS_PAGE_KEYS.get(key) or {}
            here = path + (key,)
            if is_empty(value):
                if not (self.template and not path):
                    continue
                empty = "[]" if "array" in _types(prop) else "null"
                out.append(f"{pad}{key}: {empty}{self.comment(here, prop)}")
                out += _skeleton(prop.get("items") or {}, indent)
                continue
            if isinstance(value, list):
                value = [v for v in value if not is_empty(v)]
                if all(not isinstance(v, (dict, list)) for v in value):
                    item = prop.get("items") or {}
                    out.append(f"{pad}{key}: [{', '.join(scalar(v, item) for v in value)}]{self.comment(here, prop)}")
                    continue
                out.append(f"{pad}{key}:{self.comment(here, prop)}")
                for index, item in enumerate(value):
                    sub = self.mapping(item, prop.get("items"), indent + 4, here + (index,)) \
                        if isinstance(item, dict) else [f"{pad}    {scalar(item)}"]
                    if not sub:
                        continue
                    sub[0] = f"{pad}  - {sub[0][indent + 4:]}" + (self.comment(here + (index,), None)
                                                                   if (here + (index,)) in self.notes else "")
                    out += sub
            elif isinstance(value, dict):
                out.append(f"{pad}{key}:{self.comment(here, prop)}")
                out += self.mapping(value, prop, indent + 2, here)
            else:
                out.append(f"{pad}{key}: {scalar(value, prop)}{self.comment(here, prop)}")
        return out


def _skeleton(item: dict, indent: int) -> list[str]:
    """A template's list of mappings: one item's fields, commented out, each with its description."""
    props = item.get("properties")
    if not props:
        return []
    pad = " " * indent
    lines = [f"{pad}# Thêm {item.get('title') or 'mục'}: xóa \"[]\" ở dòng trên, chép khối dưới đây và bỏ dấu # đầu "
             "mỗi dòng (* là bắt buộc):"]
    required = set(item.get("required", ()))
    for index, (name, prop) in enumerate(props.items()):
        lead = "  - " if index == 0 else "    "
        star = "*" if name in required else ""
        lines.append(f"{pad}#{lead}{name}:  # {star}{_one_line(prop.get('description', ''))}")
    return lines


def _types(prop: dict) -> set:
    kind = prop.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)


def _comments(lines) -> list[str]:
    """Comment lines; a line's own indentation is kept (a YAML sample inside a comment)."""
    return [f"# {_printable(line).rstrip()}" if line else "#" for line in lines or ()]


def front_matter_lines(data: dict, *, notes: dict | None = None, template: bool = False, header=(), trailer=()
                       ) -> list[str]:
    """The lines between a bulletin's two ``---`` lines."""
    writer = _Writer(notes, template)
    return _comments(header) + writer.mapping(data, S.BULLETIN, 0, (), skip=("body",)) + _comments(trailer)


def bulletin_text(data: dict, body: str = "", **options) -> str:
    """A whole bulletin: the front matter of ``data`` in the contract's layout, then the text."""
    body = str(body or "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\n")
    if body and not body.endswith("\n"):
        body += "\n"
    return "---\n" + "\n".join(front_matter_lines(data, **options)) + "\n---\n\n" + body


def entry_text(registry: str, data: dict, *, notes: dict | None = None, header=()) -> str:
    """One registry entry (``docs/data/<registry>/<key>.yml``)."""
    writer = _Writer(notes, False)
    return "\n".join(_comments(header) + writer.mapping(data, S.REGISTRY_ENTRIES[registry], 0, ())) + "\n"


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(.*)\Z")


def with_reviews(text: str, reviews: list[dict]) -> str:
    """``text`` (a whole bulletin) with ``reviews`` added to its ``reviews`` list, every other byte kept:
    the new items are written after the last existing review (a block list), or as a new ``reviews``
    block in place of an empty one, or before the closing ``---`` when the field is absent."""
    if not reviews:
        return text
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom):]
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError("bản tin không có phần đầu (front matter) giữa hai dòng ---")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise ValueError("phần đầu của bản tin không có dòng --- kết thúc")
    block = _Writer(None, False).mapping({"reviews": reviews}, S.BULLETIN, 0, ())
    start = next((i for i in range(1, end) if (m := _TOP_KEY.match(lines[i])) and m.group(1) == "reviews"), None)
    if start is None:
        lines[end:end] = block
        return bom + newline.join(lines)
    stop = start + 1
    while stop < end and (not lines[stop].strip() or lines[stop][0] in " \t#-"):
        stop += 1
    last = stop - 1
    while last > start and (not lines[last].strip() or lines[last].lstrip().startswith("#")):
        last -= 1
    rest = _TOP_KEY.match(lines[start]).group(2).split("#", 1)[0].strip()
    if rest or last == start:  # "reviews: []", "reviews:" with nothing under it, a flow list
        if rest not in ("", "[]", "null", "~"):
            raise ValueError("trường reviews của bản tin viết trên một dòng ([…]); hãy viết lại dạng danh sách "
                             "gạch đầu dòng, hoặc sửa trong trình soạn thảo")
        lines[start:last + 1] = block
        return bom + newline.join(lines)
    # Items as the file indents them ("  - " under the key, or "- " at its column).
    first_item = next(lines[i] for i in range(start + 1, last + 1) if lines[i].lstrip().startswith("-"))
    indent = len(first_item) - len(first_item.lstrip())
    items = [(" " * (indent - 2) + line if indent >= 2 else line[2 - indent:]) for line in block[1:]]
    lines[last + 1:last + 1] = items
    return bom + newline.join(lines)
