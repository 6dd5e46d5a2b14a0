"""Outputs kept between builds by what they are made of (portal.outputs.made,
portal_mkdocs.build_cache.Table): the forked writers give the same bytes with a kept table as
without one, make again what an edit changed, and trust no table that is damaged, foreign or
not of its form. Calendar events carry the time their bulletin revised them, not the build's
day, so a build on a later day keeps them."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
from pathlib import Path

import pytest
import yaml

from portal.content.loader import load_site
from portal.content.views import Portal
from portal.outputs import ical
from portal_mkdocs.build_cache import OutputMemo, Table, _hash
from portal_mkdocs.writers import PARTS, write_outputs
from scripts.dev.site_diff import differences

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 23)
URL = "https://thanhhoa-hoinghi.example.org/"
REUSED = re.compile(r"\((index|files); (\d+) phần dùng lại từ bộ đệm\)")


def _portal(docs: Path, as_of: dt.date = AS_OF) -> Portal:
    site, report = load_site(str(docs), settings_file=str(ROOT / "mkdocs.yml"))
    assert not report.errors
    return Portal(site, as_of, 50, "Hội nghị phối hợp Thanh Hóa")


def _write(portal: Portal, out: Path, memo, caplog) -> int:
    """Every part's outputs into ``out``; how many parts were taken from the tables."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.portal"):
        for part in PARTS:
            write_outputs(portal, str(out), URL, "Hội nghị phối hợp Thanh Hóa", part, memo)
    return sum(int(n) for _, n in REUSED.findall(caplog.text))


@pytest.fixture
def docs(tmp_path) -> Path:
    """The portal's content and 40 bulletins of the benchmark's archive."""
    from scripts.dev.benchmark import make_project, write_archive

    make_project(tmp_path / "project")
    write_archive(tmp_path / "project", 40)
    return tmp_path / "project/docs"


def test_kept_outputs_are_the_bytes_of_made_ones(tmp_path, docs, caplog):
    portal = _portal(docs)
    memo = OutputMemo(tmp_path / "cache", "fingerprint")
    assert _write(portal, tmp_path / "fresh", None, caplog) == 0
    assert _write(portal, tmp_path / "first", memo, caplog) == 0  # nothing kept yet
    tables = sorted(p.name for p in (tmp_path / "cache/outputs").glob("table-*"))
    assert tables == [f"table-{part}" for part in sorted(PARTS)]
    reused = _write(portal, tmp_path / "second", memo, caplog)
    assert reused > len(portal.commitments)  # feeds, events, search keys of every document
    assert differences(tmp_path / "fresh", tmp_path / "first") == []
    assert differences(tmp_path / "fresh", tmp_path / "second") == []


def test_what_an_edit_changes_is_made_again(tmp_path, docs, caplog):
    memo = OutputMemo(tmp_path / "cache", "fingerprint")
    _write(_portal(docs), tmp_path / "before", memo, caplog)
    # A commitment's text, a meeting's title and body: its feed, its due date's event, the
    # meeting's calendar event, its search documents all change.
    bulletin = next(p for p in sorted(docs.rglob("meetings/**/*.md")) if "commitments:" in p.read_text(encoding="utf-8"))
    _, front, body = bulletin.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    meta["title"] = "Sửa tên " + meta["title"]
    meta["commitments"][0]["text"] = "Đã sửa: " + meta["commitments"][0]["text"]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    bulletin.write_text(f"---\n{front}---\n{body}\nMột đoạn mới về nạo vét kênh Bắc Hương.\n", encoding="utf-8")
    portal = _portal(docs)
    reused = _write(portal, tmp_path / "after", memo, caplog)
    _write(portal, tmp_path / "fresh", None, caplog)
    assert differences(tmp_path / "fresh", tmp_path / "after") == []
    assert 0 < reused
    changed = differences(tmp_path / "before", tmp_path / "after")
    assert any(rel.endswith("han.ics") for rel in changed) and any(rel.endswith("feed.xml") for rel in changed)
    assert any(rel.startswith("search/idx/") for rel in changed)


def _damaged(path: Path, how: str) -> None:
    data = path.read_bytes()
    head = len(Table.MAGIC) + 40
    body = data[head:]
    if how == "cut":
        path.write_bytes(data[: len(data) // 2])
        return
    if how == "flipped":
        path.write_bytes(data[:-20] + b"<script>alert(1)</script>" + data[-20:])
        return
    start = int.from_bytes(body[-8:], "big")
    line = body.index(b"\n") + 1
    values, index = body[line:start], body[start:-8]
    if how == "foreign":
        body = b"another project\n" + values + index + (start - line + 16).to_bytes(8, "big")
    elif how == "not-records":  # the index points past the values
        index = index[:16] + (len(values) + line).to_bytes(8, "big") + index[24:]
        body = body[:start] + index + body[-8:]
    elif how == "not-text":  # every value replaced by bytes that are not zlib's, of the same length
        body = body[:line] + b"<" * len(values) + body[start:]
    path.write_bytes(Table.MAGIC + _hash(body).encode() + body)


@pytest.mark.parametrize("how", ["cut", "flipped", "foreign", "not-records", "not-text"])
def test_a_damaged_or_foreign_table_is_not_trusted(tmp_path, docs, caplog, how):
    portal = _portal(docs)
    memo = OutputMemo(tmp_path / "cache", "fingerprint")
    _write(portal, tmp_path / "first", memo, caplog)
    for table in (tmp_path / "cache/outputs").glob("table-*"):
        _damaged(table, how)
    assert _write(portal, tmp_path / "again", memo, caplog) == 0
    assert differences(tmp_path / "first", tmp_path / "again") == []


def test_calendar_events_do_not_change_with_the_day_of_the_build(docs):
    today, later = _portal(docs), _portal(docs, AS_OF + dt.timedelta(days=40))
    met = [(a, b) for a, b in zip(today.meetings, later.meetings) if a.date.precision == "day"]
    assert met
    for a, b in met:
        assert ical.event_fields(today, a, URL) == ical.event_fields(later, b, URL)
    same = [(a, b) for a, b in zip(today.commitments, later.commitments) if a.due and a.overdue == b.overdue]
    assert same
    for a, b in same:
        fields = ical.due_event_fields(today, a, URL)
        assert fields == ical.due_event_fields(later, b, URL)
        stamp = dict(fields)["dtstamp"]
        assert stamp.tzinfo == dt.timezone.utc and stamp.date() <= AS_OF


def test_a_writer_stopped_before_the_end_leaves_the_last_table(tmp_path):
    path = tmp_path / "outputs/table-files"
    first = Table(path, "fp")
    assert first("feed", ("a", 1), lambda: "nguồn tin A") == "nguồn tin A"
    first.save()
    kept = path.read_bytes()
    stopped = Table(path, "fp")
    assert stopped("feed", ("a", 1), lambda: "làm lại") == "nguồn tin A" and stopped.reused == 1
    stopped("feed", ("b", 2), lambda: "nguồn tin B")
    stopped.close()  # the writer was stopped (a new save in mkdocs serve)
    assert path.read_bytes() == kept
    assert [p.name for p in path.parent.iterdir()] == ["table-files"]
    other = Table(path, "another fingerprint")
    assert other("feed", ("a", 1), lambda: "làm lại") == "làm lại" and other.reused == 0
    other.save()
    again = Table(path, "another fingerprint")
    assert again("feed", ("a", 1), lambda: "x") == "làm lại"
    assert again("feed", ("b", 2), lambda: "mới") == "mới"  # not used by the build before: not kept


def test_the_writers_benchmark_runs_at_a_tiny_size(capsys):
    from scripts.dev import writers_benchmark

    assert writers_benchmark.main(["12"]) == 0
    lines = capsys.readouterr().out.splitlines()
    kept = next(line for line in lines if "cache kept" in line)
    assert int(re.search(r"([\d,]+) kept", kept).group(1).replace(",", "")) > 12
    assert lines[-1].endswith("three: yes")
