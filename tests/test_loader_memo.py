"""The loader's memo of read-and-checked bulletins as `mkdocs build` keeps it between builds
(portal.content.loader.BulletinMemo: entry_bytes / stored): the same site and the same problems
from the stored form, and nothing trusted that is not exactly that form for the same file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from portal.content.loader import BulletinMemo, load_site

ROOT = Path(__file__).resolve().parents[1]

# YAML values of every kind a bulletin can hold: dates, a datetime with an offset, floats, a
# mapping with a number and a date for keys, nested lists; and problems (warnings and errors).
ODD = """---
title: "Giao ban: số liệu 1.5 và ngày 2024-03-01"
date: 2024-03-01
published: 2024-03-02T08:30:00+07:00
kind: giao-ban
chairs:
  - person: le-hong-van
    role: Chủ tịch UBND thành phố
organizations: [ubnd-tp, ub-mttq-tp]
topics: [ve-sinh-moi-truong]
extra_numbers: {1: một, 2024-01-01: ngày, 0.5: nửa}
nested: [[1, 2.25, -3e5], {a: [true, null]}]
commitments:
  - id: ck-odd-2024-1
    text: Làm sạch kênh Bắc.
    owners: [ubnd-tp]
    due: 2023-12-31
---

Nội dung.
"""


def _project(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (docs / "meetings/2024").mkdir(parents=True, exist_ok=True)
    (docs / "meetings/2024/2024-03-01-giao-ban-so-lieu.md").write_text(ODD, encoding="utf-8")
    return docs


def _stored(first: BulletinMemo):
    table = {path: first.entry_bytes(path) for path in first.keys()}
    return table, (lambda path, key: table.get(path))


def _facts(site, report):
    meetings = [(m.src_uri, m.title, str(m.date), m.extra_meta, [(c.id, c.text, str(c.due)) for c in m.commitments])
                for m in site.meetings]
    return meetings, [p.format() for p in report.problems]


def test_a_stored_memo_gives_the_same_site_and_problems_without_reading_again(tmp_path):
    docs = _project(tmp_path)
    first = BulletinMemo()
    expected = _facts(*load_site(docs, memo=first))
    assert any("commitments[1].due" in p for p in expected[1])  # the due date before the meeting: an error
    assert len(first.parsed) == len(first.keys()) > 2
    table, stored = _stored(first)
    assert all(data is not None for data in table.values())
    second = BulletinMemo(stored)
    assert _facts(*load_site(docs, memo=second)) == expected
    assert second.parsed == set()  # every bulletin from the stored form


def test_an_edited_bulletin_is_read_again_and_the_rest_are_not(tmp_path):
    docs = _project(tmp_path)
    first = BulletinMemo()
    load_site(docs, memo=first)
    _, stored = _stored(first)
    edited = docs / "meetings/2024/2024-03-01-giao-ban-so-lieu.md"
    edited.write_text(ODD.replace("Làm sạch kênh Bắc.", "Làm sạch kênh Nam."), encoding="utf-8")
    second = BulletinMemo(stored)
    site, _ = load_site(docs, memo=second)
    assert second.parsed == {str(edited)}
    assert any(c.text == "Làm sạch kênh Nam." for m in site.meetings for c in m.commitments)


@pytest.mark.parametrize("damage", [
    lambda d: d[:-7],  # cut
    lambda d: b"\xff" + d,  # not UTF-8
    lambda d: b"[]",
    lambda d: json.dumps([1, ["x", "y"], [], None]).encode(),  # another key
    lambda d: d.replace(b'"\\u0000":"f"', b'"\\u0000":"python/object"'),  # an unknown tag
    lambda d: d.replace(b'"\\u0000":"f","v":"2.25"', b'"\\u0000":"f","v":"many"'),
    lambda d: d.replace(b'"\\u0000":"p","v":[[["title"]', b'"\\u0000":"p","v":[[[{"x":1}]'),  # a path of a mapping
    lambda d: json.dumps(json.loads(d)[:2] + [[["a", "x", "f", "m", "error"]], None]).encode(),  # line not a number
])
def test_a_damaged_or_foreign_entry_is_read_again_never_trusted(tmp_path, damage):
    docs = _project(tmp_path)
    first = BulletinMemo()
    expected = _facts(*load_site(docs, memo=first))
    table, _ = _stored(first)
    target = str(docs / "meetings/2024/2024-03-01-giao-ban-so-lieu.md")
    hostile = dict(table)
    hostile[target] = damage(table[target])
    assert hostile[target] != table[target]
    second = BulletinMemo(lambda path, key: hostile.get(path))
    assert _facts(*load_site(docs, memo=second)) == expected
    assert second.parsed == {target}
