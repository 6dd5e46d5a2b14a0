"""The preview's caches (hooks/portal_serve.py) give the bytes of a clean build.

A project is rebuilt the way `mkdocs serve` rebuilds it (one process, hooks kept loaded,
tests/serve_driver.py), after edits of each kind a page can depend on; every file is
then compared with a clean `mkdocs build` of the same content.
"""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import AS_OF, ROOT, build

pytestmark = pytest.mark.slow


class Server:
    """A serve-like rebuilder fed one ``build OUT`` line at a time."""

    def __init__(self, project: Path):
        env = {**os.environ, "PORTAL_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("SOURCE_DATE_EPOCH", None)
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "tests/serve_driver.py"), str(project / "mkdocs.yml")],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, cwd=project, env=env)

    def build(self, out: Path) -> tuple[int, int]:
        self.proc.stdin.write(f"build {out}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line.startswith("built"):
            self.proc.kill()
            raise AssertionError(self.proc.stderr.read()[-3000:])
        _, hits, drawn = line.split()
        return int(hits), int(drawn)

    def close(self) -> str:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)
        return self.proc.stderr.read()


def differences(a: Path, b: Path) -> list[str]:
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    out = [f"only in one: {name}" for name in sorted(set(files_a) ^ set(files_b))]
    out += [name for name in sorted(set(files_a) & set(files_b)) if not filecmp.cmp(a / name, b / name, shallow=False)]
    return out


def _front(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    return yaml.safe_load(fm), body


def _write(path: Path, meta: dict, body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body,
                    encoding="utf-8")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    from scripts.dev.benchmark import make_project, write_archive

    root = tmp_path_factory.mktemp("cache")
    project = root / "project"
    make_project(project)
    write_archive(project, 80)
    return root, project


def _bulletins(project: Path) -> dict[str, tuple[Path, dict, str]]:
    out = {}
    for path in sorted((project / "docs/meetings").rglob("*.md")):
        meta, body = _front(path)
        out[path.stem] = (path, meta, body)
    return out


def _edit_reviewer_title(project, bulletins):
    """A meeting that reviews a commitment made elsewhere: its title shows in that
    commitment's history on the other meeting's page, and in its neighbours' pagers."""
    path, meta, body = next(v for v in bulletins.values() if v[1].get("reviews"))
    meta["title"] = "Hội nghị đã đổi tên & <kiểm tra> bộ đệm"
    _write(path, meta, body)


def _edit_review_status(project, bulletins):
    path, meta, body = [v for v in bulletins.values() if v[1].get("reviews")][3]
    meta["reviews"][0]["status"] = "done" if meta["reviews"][0]["status"] != "done" else "stalled"
    _write(path, meta, body)


def _edit_commitment_text(project, bulletins):
    """A commitment's text, shown on the pages of the meetings that review it."""
    reviewed = {r["commitment"] for v in bulletins.values() for r in v[1].get("reviews") or []}
    path, meta, body = next(v for v in bulletins.values() if any(c["id"] in reviewed for c in v[1].get("commitments") or []))
    next(c for c in meta["commitments"] if c["id"] in reviewed)["text"] = "Nội dung cam kết đã sửa trong bản xem trước."
    _write(path, meta, body)


def _edit_body(project, bulletins):
    path, meta, body = list(bulletins.values())[5]
    _write(path, meta, body + "\nMột đoạn mới thêm vào cuối bài.\n")


def _edit_date(project, bulletins):
    """A date that moves a meeting among those of its kind (the neighbours' pagers)."""
    path, meta, body = list(bulletins.values())[10]
    meta["date"] = str(meta["date"])[:4] + "-12-28"
    _write(path, meta, body)


def _edit_registry(project, bulletins):
    org = sorted((project / "docs/data/organizations").glob("*.yml"))[0]
    org.write_text(re.sub(r"^name: .*$", "name: Cơ quan đổi tên để kiểm tra", org.read_text(encoding="utf-8"),
                          count=1, flags=re.M), encoding="utf-8")


def _add_and_delete(project, bulletins):
    list(bulletins.values())[20][0].unlink()
    new = project / "docs/meetings/2024/2024-12-30-hoi-nghi-moi-them.md"
    new.parent.mkdir(parents=True, exist_ok=True)
    fresh = {k: v for k, v in list(bulletins.values())[30][1].items() if k not in ("commitments", "reviews")}
    _write(new, {**fresh, "date": "2024-12-30", "title": "Hội nghị mới thêm"}, "Nội dung.\n")


EDITS = [_edit_reviewer_title, _edit_review_status, _edit_commitment_text, _edit_body, _edit_date,
         _edit_registry, _add_and_delete]


def test_serve_rebuilds_after_edits_equal_a_clean_build(archive):
    root, project = archive
    server = Server(project)
    try:
        first = server.build(root / "served")
        assert first[0] == 0 and first[1] > 100
        unchanged = server.build(root / "served")
        assert unchanged == (first[1], 0), unchanged  # nothing changed: every page from the cache
        for edit in EDITS:
            edit(project, _bulletins(project))
            hits, drawn = server.build(root / "served")
            clean = root / f"clean-{edit.__name__}"
            result = build(project, clean)
            assert result.returncode == 0, result.stderr
            assert differences(root / "served", clean) == [], edit.__name__
            if edit is _edit_body:
                assert drawn == 1, (hits, drawn)  # only its own page: no list shows a bulletin's text
            elif edit is not _edit_registry:
                assert hits > 0, (edit.__name__, hits, drawn)
    finally:
        errors = server.close()
    assert "Traceback" not in errors, errors[-3000:]
