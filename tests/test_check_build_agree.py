"""Check ⇔ build, fuzzed (issue 18): whatever the loader (scripts/check.py, the editor's check) accepts
builds, whatever it refuses does not, and neither ever shows a traceback.

Hypothesis changes one to three values of the repository's content: a field of an entry of every
registry, of a bulletin and of its commitments, a page key of the pages written in docs/ (home,
about, guide, a new page), a setting of mkdocs.yml; each value left out, empty, null, of another
type, out of bounds, holding markup, or valid. The loader and an in-process `mkdocs build`
(tests/agree.py, about a second a build with the build cache) must agree.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import agree
from agree import ABSENT
from conftest import make_project, require_marker
from portal.contract import schema as S

pytestmark = pytest.mark.slow

KEYS = {"organizations": ["ubnd-tp", "ub-mttq-tp", "khong-co"], "people": ["le-anh-xuan", "khong-co"],
        "topics": ["giai-phong-mat-bang", "khong-co"], "meeting-kinds": ["giao-ban", "khong-co"],
        "localities": ["phuong-hac-thanh", "phuong-lam-son", "khong-co"]}
ALL_KEYS = sorted({k for keys in KEYS.values() for k in keys})
TEXT = st.lists(st.sampled_from(list("aăâđ Hóa<>\"'&/:-_.{}%#\\\n") + ["javascript:", "<script>", "{{ x }}"]),
                max_size=12).map("".join)
DATES = st.sampled_from(["2020-02-12", "2020-02", "2020", "2020-02-30", "1900-01-01", "9999-12-31", "0001-01-01",
                         "2101-01-01", "12/02/2020", "2026-11-23"])
VALUES = st.one_of(
    st.just(ABSENT), st.none(), st.just(""), st.just([]), st.just({}), st.booleans(),
    st.sampled_from([0, -1, 1, 50, 1000, 1001, 10 ** 9, 2.5]),
    TEXT, DATES, st.sampled_from(ALL_KEYS), st.lists(st.sampled_from(ALL_KEYS), max_size=3),
    st.lists(TEXT, max_size=2), st.dictionaries(st.sampled_from(["a", "url", "name", "locality", "part"]), TEXT,
                                                max_size=2),
    st.sampled_from(["https://example.org/", "javascript:alert(1)", "du-lieu/", "material/home", "portal/home.html",
                     "redirect.html", "main.html", "assets/portal.css", "material/khong-co", "24:00", "2020-02-12T25:00:00+07:00", "navigation", ["toc"], ["navigation", "x"]]),
)


def _fields(schema: dict) -> list[str]:
    return list(schema.get("properties", {}))


REGISTRY_PATHS = st.one_of(*[st.tuples(st.just(name), st.sampled_from(_fields(entry)).map(lambda f: (f,)))
                             for name, entry in S.REGISTRY_ENTRIES.items()])
BULLETIN_PATHS = st.one_of(
    st.sampled_from(_fields(S.BULLETIN)).map(lambda f: ("bulletin", (f,))),
    st.sampled_from(_fields(S.COMMITMENT)).map(lambda f: ("bulletin", ("commitments", 0, f))),
    st.sampled_from(_fields(S.CHAIR)).map(lambda f: ("bulletin", ("chairs", 0, f))),
    st.sampled_from(_fields(S.POSITION)).map(lambda f: ("people", ("positions", 0, f))),
)
PAGE_PATHS = st.tuples(st.sampled_from(["home", "about", "guide", "trang-moi.md"]),
                       st.sampled_from(["title", "template", "location", "hide", "description", "icon", "subtitle",
                                        "tags", "search", "robots", "status", "x"]).map(lambda f: (f,)))
SETTING_PATHS = st.sampled_from([
    ("site_name",), ("site_description",), ("site_url",), ("copyright",), ("repo_url",), ("site_author",),
    ("extra", "portal", "archive_page_size"), ("extra", "portal", "as_of"), ("extra", "portal", "data_licence"),
    ("extra", "portal", "data_licence", "url"), ("extra", "portal", "data_licence", "name"),
    ("extra", "portal", "editor"), ("extra", "portal", "x"), ("extra", "portal"), ("extra", "social"),
    ("extra", "generator"), ("theme", "favicon"), ("theme", "language"), ("theme", "palette", "primary"),
    ("extra_css",), ("extra_javascript",), ("exclude_docs",), ("markdown_extensions",), ("copyright",),
]).map(lambda p: ("settings", p))
CHANGES = st.lists(st.tuples(st.one_of(REGISTRY_PATHS, BULLETIN_PATHS, PAGE_PATHS, SETTING_PATHS), VALUES),
                   min_size=1, max_size=3)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    require_marker("slow", "runs a build")
    os.environ["PORTAL_AS_OF"] = os.environ.get("PORTAL_AS_OF") or "2026-11-23"
    tmp = tmp_path_factory.mktemp("agree")
    root = make_project(tmp / "base", {"trang-moi.md": "---\ntitle: Trang mới\n---\n\nNội dung.\n"})
    assert agree.build(root, tmp / "out") == (True, None)  # the content as it is builds (and fills the cache)
    return tmp, root


@settings(max_examples=int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "60")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=CHANGES)
def test_check_accepts_exactly_what_builds(base, changes):
    tmp, root = base
    work = agree.fresh(root, tmp / "work")
    for (target, path), value in changes:
        try:
            agree.set_value(work, target, path, value)
        except (TypeError, IndexError, KeyError, AttributeError):
            continue  # the path does not exist in this file (no commitments…): nothing changed
    result = agree.outcome(work, tmp / "out")
    assert result.crash is None, result.crash
    assert result.accepted == result.built, (changes, result.errors)


def _nullable(prop: dict) -> bool:
    kind = prop.get("type", [])
    return "null" in (kind if isinstance(kind, list) else [kind]) or None in prop.get("enum", ())


def _empty(prop: dict):
    """The empty value of a field whose empty value is valid: [] for a list, "" for free text; else None."""
    kind = prop.get("type", [])
    kind = kind if isinstance(kind, list) else [kind]
    if "array" in kind:
        return []
    if "string" in kind and not ({"format", "pattern", "x-registry", "enum"} & set(prop)):
        return ""
    return None


def _reduced(data, schema: dict, how: str):
    """``data`` with every optional field of ``schema`` (and of its lists of objects) left out
    (``how="absent"``), null where null is allowed (``how="null"``), or empty (``how="empty"``: [] and "")."""
    if not isinstance(data, dict):
        return data
    out = {}
    required = set(schema.get("required", ()))
    for key, value in data.items():
        prop = schema.get("properties", {}).get(key, {})
        if key not in required and prop and how == "absent":
            continue
        if key not in required and prop and how == "null" and _nullable(prop):
            out[key] = None
            continue
        if key not in required and prop and how == "empty" and _empty(prop) is not None:
            out[key] = _empty(prop)
            continue
        items = prop.get("items", {}) if isinstance(prop, dict) else {}
        if isinstance(value, list) and items.get("type") == "object":
            value = [_reduced(item, items, how) for item in value]
        out[key] = value
    return out


@pytest.mark.parametrize("how", ["absent", "null", "empty"])
def test_every_optional_field_left_out_or_null_at_once_builds(base, how):
    """The family behind "an organization without kind stops every build": every optional field of every
    registry entry, bulletin, commitment, chair and position left out (or null, or empty) at once; it must
    pass the check and build."""
    import yaml

    tmp, root = base
    work = agree.fresh(root, tmp / "work")
    docs = work / "docs"
    for name, schema in S.REGISTRY_ENTRIES.items():
        for path in sorted((docs / "data" / name).glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            path.write_text(yaml.safe_dump(_reduced(data, schema, how), allow_unicode=True), encoding="utf-8")
    for path in sorted((docs / "meetings").rglob("*.md")):
        front, body = agree._split(path.read_text(encoding="utf-8"))
        front = _reduced(front, S.BULLETIN, how)
        path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    result = agree.outcome(work, tmp / "out")
    assert result.crash is None, result.crash
    assert result.accepted and result.built, result.errors
