"""Check loaded YAML against :mod:`portal.schema`, with messages staff can act on.

jsonschema finds every problem in one pass; this module turns each into a
Vietnamese message that says what is wrong and what is allowed, with the
nearest key when a field name or a registry key was mistyped.
"""

from __future__ import annotations

import difflib
import re

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from portal.contract import schema as S
from portal.contract.dates import PartialDate, parse_datetime, parse_time
from portal.contract.guards import MAX_YEAR, MIN_YEAR
from portal.contract.report import Report
from portal.contract.text import fold
from portal.contract.yamlsrc import Located

TYPE_NAMES = {
    "string": "chuỗi văn bản",
    "array": "danh sách (mỗi mục một dòng bắt đầu bằng \"- \" hoặc [a, b])",
    "object": "ánh xạ (các dòng \"trường: giá trị\")",
    "integer": "số nguyên",
    "number": "số",
    "boolean": "giá trị đúng/sai",
    "null": "để trống",
}
FORMAT_HELP = {
    "partial-date": "ngày phải có dạng YYYY-MM-DD, YYYY-MM hoặc YYYY (ví dụ 2020-02-12), năm từ "
                    f"{MIN_YEAR} đến {MAX_YEAR}",
    "time-hhmm": "giờ phải có dạng HH:MM theo 24 giờ, trong ngoặc kép (ví dụ \"14:00\")",
    "date-time": "thời điểm phải có dạng YYYY-MM-DDTHH:MM:SS+07:00, có cả giờ và múi giờ (ví dụ "
                 f"2020-02-13T10:10:00+07:00), năm từ {MIN_YEAR} đến {MAX_YEAR}; không biết giờ đăng thì bỏ trường này",
    "uri": "địa chỉ phải bắt đầu bằng http:// hoặc https://, không có dấu cách, dấu ngoặc kép hay dấu < >",
    "one-line": "cần một dòng văn bản, không xuống dòng",
}

_formats = FormatChecker(formats=())


def _checks(kind):
    def decorator(func):
        def check(value):
            if value is None:
                return True
            try:
                func(value)
            except (ValueError, TypeError):
                return False
            return True
        _formats.checks(kind)(check)
        return func
    return decorator


@_checks("partial-date")
def _check_partial_date(value):
    if isinstance(value, bool):
        raise TypeError
    PartialDate.parse(value)


@_checks("time-hhmm")
def _check_time(value):
    parse_time(value)


@_checks("date-time")
def _check_datetime(value):
    if not isinstance(value, str):
        raise TypeError
    parse_datetime(value)


@_checks("uri")
def _check_uri(value):
    # The whole address: no spaces, quotes or angle brackets anywhere (they would end an
    # attribute or a tag wherever a template forgot to escape).
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/\"'<>`]+[^\s\"'<>`]*\Z", value):
        raise ValueError


@_checks("one-line")
def _check_one_line(value):
    if isinstance(value, str) and "\n" in value:
        raise ValueError


# What the article importer writes where it found nothing; never a valid value.
MARKER = "CẦN ĐIỀN"


def _markers(value, path):
    if value == MARKER:
        yield path
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _markers(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _markers(child, path + (index,))


def describe(value) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, str):
        # One problem, one line: a value's line breaks are shown as \n; a long value is cut.
        shown = value if len(value) <= 120 else value[:120] + "…"
        return "\"" + shown.replace("\n", "\\n").replace("\t", "\\t") + "\""
    text = repr(value)
    return text if len(text) <= 120 else text[:120] + "…"


def nearest(word: str, candidates, *, limit: int = 1) -> list[str]:
    """Closest candidates to ``word``, accent- and case-insensitively."""
    candidates = list(candidates)
    folded = {fold(c): c for c in candidates}
    matches = difflib.get_close_matches(fold(str(word)), list(folded), n=limit, cutoff=0.6)
    return [folded[m] for m in matches]


def suggestion(word, candidates) -> str:
    found = nearest(str(word), candidates)
    return f" Có phải ý bạn là \"{found[0]}\"?" if found else ""


def _min_length_seen(validator, min_length, instance, _schema):
    """``minLength`` counts what a reader sees: a title of only spaces (or no-break spaces, tabs) is
    as empty as no title (an extension of JSON Schema's count of every character)."""
    if isinstance(instance, str) and len(instance.strip()) < min_length:
        yield ValidationError(f"{instance!r} is shorter than {min_length} visible characters")


class Checker:
    """Validates documents against a schema, given the registries' keys."""

    def __init__(self, registry_keys: dict[str, set]):
        self.registry_keys = registry_keys

        def x_registry(validator, registry, instance, _schema):
            if isinstance(instance, str) and instance not in self.registry_keys.get(registry, set()):
                yield ValidationError(f"{instance!r} is not a key of {registry}")

        self._cls = validators.extend(Draft202012Validator, {"x-registry": x_registry, "minLength": _min_length_seen})

    def check(self, schema: dict, doc: Located, path: str, report: Report, base=(), *,
              skip_required: bool = False) -> None:
        """Report every problem of ``doc``; ``skip_required``: a part of a file (the rest did not parse),
        whose missing top-level fields may stand in the unread part."""
        validator = self._cls(schema, format_checker=_formats)
        for fieldpath in _markers(doc.data, ()):
            full = tuple(base) + fieldpath
            report.error(path, doc.line(full), full, f"chưa điền: thay \"{MARKER}\" bằng giá trị đúng theo bài "
                         "(xem chú thích trên dòng này)")
        for err in validator.iter_errors(doc.data):
            if err.instance == MARKER:
                continue  # reported above, once
            if skip_required and err.validator == "required" and not err.absolute_path:
                continue
            for fieldpath, message in self._messages(err):
                full = tuple(base) + fieldpath
                report.error(path, doc.line(full), full, message)

    def _messages(self, err):
        """Vietnamese messages for one schema error: (field path, message) pairs."""
        where = tuple(err.absolute_path)
        sub = err.schema if isinstance(err.schema, dict) else {}
        explain = _KEYWORD_MESSAGES.get(err.validator, _other)
        yield from explain(self, err, where, sub)


# --- one function per schema keyword ---------------------------------------------------------

def _required(checker, err, where, sub):
    props = sub.get("properties", {})
    for name in err.validator_value:
        if isinstance(err.instance, dict) and name not in err.instance:
            what = props.get(name, {}).get("description", "")
            yield where + (name,), f"thiếu trường bắt buộc \"{name}\"" + (f" ({what})" if what else "")


def _additional(checker, err, where, sub):
    if sub.get("additionalProperties") is not False:
        yield from _other(checker, err, where, sub)
        return
    allowed = list(sub.get("properties", {}))
    for name in err.instance:
        if name in S.REFUSED_PAGE_KEYS and name not in allowed:
            yield where + (name,), f"trường \"{name}\" không được dùng ở đây: {S.REFUSED_PAGE_KEYS[name]}"
        elif name not in allowed:
            own = [k for k in allowed if k not in S.MKDOCS_PAGE_KEYS]
            # A page (not a bulletin) has few keys of its own: list the MkDocs ones too.
            listing = ", ".join(own if len(own) > 2 else allowed)
            yield where + (name,), (f"trường \"{name}\" không có trong định dạng.{suggestion(name, allowed)}"
                                    f" Các trường hợp lệ: {listing}")


def _type(checker, err, where, sub):
    expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
    names = " hoặc ".join(TYPE_NAMES[t] for t in expected if t != "null")
    yield where, f"giá trị {describe(err.instance)} không đúng kiểu: cần {names}"


def _enum(checker, err, where, sub):
    options = [v for v in err.validator_value if v is not None]
    labels = sub.get("x-labels", {})
    listing = ", ".join(f"{v} ({labels.get(v, v)})" for v in options)
    # Staff may type the label shown on the site ("Hoàn thành") instead of the key.
    by_label = {fold(labels[v]): v for v in options if v in labels}
    hint = (f" Có phải ý bạn là \"{by_label[fold(str(err.instance))]}\"?"
            if fold(str(err.instance)) in by_label else suggestion(err.instance, options))
    yield where, f"giá trị {describe(err.instance)} không hợp lệ.{hint} Giá trị hợp lệ: {listing}"


def _pattern(checker, err, where, sub):
    if err.validator_value != S.KEY_PATTERN:
        yield where, f"giá trị {describe(err.instance)} không hợp lệ: cần {sub.get('description', err.validator_value)}"
        return
    bad = err.instance
    is_key = "propertyNames" in err.absolute_schema_path
    yield where + ((bad,) if is_key else ()), (
        f"mã {describe(bad)} không hợp lệ: chỉ dùng chữ thường không dấu a-z, số 0-9 và dấu gạch ngang"
        f" (ví dụ \"ub-mttq-tp\")")


def _min_items(checker, err, where, sub):
    yield where, f"cần ít nhất {err.validator_value} mục ({sub.get('description', '')})"


def _max_items(checker, err, where, sub):
    yield where, f"nhiều nhất {err.validator_value} mục ({sub.get('description', '')})"


def _min_length(checker, err, where, sub):
    if err.validator_value > 1 and err.instance.strip():
        yield where, f"ngắn quá: cần ít nhất {err.validator_value} ký tự ({sub.get('description', '')})"
        return
    blank = " (chỉ có dấu cách)" if err.instance else ""
    yield where, f"không được để trống{blank}: cần {sub.get('description', 'một giá trị')}"


def _max_length(checker, err, where, sub):
    yield where, f"dài quá {err.validator_value} ký tự ({sub.get('description', '')})"


def _minimum(checker, err, where, sub):
    yield where, f"giá trị {describe(err.instance)} nhỏ hơn mức tối thiểu {err.validator_value}"


def _maximum(checker, err, where, sub):
    yield where, f"giá trị {describe(err.instance)} lớn hơn mức tối đa {err.validator_value}"


_DAY_FIRST = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def iso_of_day_first(value) -> str | None:
    """"20/11/2026", "20-11-2026", "20.11.2026" (day first, as Vietnamese write dates) as 2026-11-20."""
    match = _DAY_FIRST.match(str(value)) if isinstance(value, str) else None
    if not match:
        return None
    day, month, year = (int(x) for x in match.groups())
    try:
        return PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}").iso
    except ValueError:
        return None


def _format(checker, err, where, sub):
    hint = ""
    if err.validator_value == "partial-date" and iso_of_day_first(err.instance):
        hint = f" Có phải ý bạn là {iso_of_day_first(err.instance)} (ngày viết trước tháng)?"
    yield where, f"giá trị {describe(err.instance)} không hợp lệ: {FORMAT_HELP[err.validator_value]}.{hint}"


def _registry(checker, err, where, sub):
    registry = err.validator_value
    keys = checker.registry_keys.get(registry, set())
    yield where, (f"\"{err.instance}\" không có trong {S.REGISTRY_NAMES[registry]} (docs/data/{registry}/)."
                  f"{suggestion(err.instance, sorted(keys))}"
                  " Thêm mục mới vào danh mục nếu đây là mã mới.")


def _any_of(checker, err, where, sub):
    """One of several forms (a key, or a mapping): explain the error of the form the value was written in."""
    kind = "object" if isinstance(err.instance, dict) else "string" if isinstance(err.instance, str) else None
    for index, branch in enumerate(err.validator_value):
        types = branch.get("type", [])
        if kind in ([types] if isinstance(types, str) else types):
            inner = [e for e in err.context if e.schema_path and e.schema_path[0] == index]
            if inner:
                for sub_err in inner:
                    yield from checker._messages(sub_err)
                return
    yield from _other(checker, err, where, sub)


def _other(checker, err, where, sub):
    """A keyword without its own message: say what the field must be, in Vietnamese."""
    what = sub.get("description", "")
    yield where, f"giá trị {describe(err.instance)} không hợp lệ" + (f": cần {what}" if what else "")


_KEYWORD_MESSAGES = {
    "required": _required, "additionalProperties": _additional, "type": _type, "enum": _enum,
    "pattern": _pattern, "minItems": _min_items, "maxItems": _max_items, "minLength": _min_length,
    "maxLength": _max_length, "minimum": _minimum, "maximum": _maximum, "format": _format,
    "x-registry": _registry, "anyOf": _any_of,
}
