"""The build cache (hooks/portal_mkdocs/build_cache.py) gives the bytes of a clean build.

A project is rebuilt after edits of each kind a page can depend on, the way `mkdocs
build` rebuilds it (a new process reading `.cache/build/`) and the way `mkdocs serve`
does (one process, hooks kept loaded, tests/serve_driver.py); every file is then compared
with a clean build of the same content (PORTAL_BUILD_CACHE=0: no cache read or written).
A corrupt or foreign cache is ignored, and a new page kind needs no edit of the cache.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts.dev.site_diff import differences
from tests.conftest import AS_OF, ROOT, build

pytestmark = pytest.mark.slow

CLEAN = {"PORTAL_BUILD_CACHE": "0"}
COUNTS = re.compile(r"portal: (\d+) trang lấy lại từ bộ đệm dựng, (\d+) trang dựng mới")


def cached_build(project: Path, out: Path, env: dict | None = None) -> tuple[int, int]:
    """`mkdocs build` with the cache; (pages written from it, pages drawn)."""
    result = build(project, out, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    found = COUNTS.findall(result.stderr)
    assert len(found) == 1, result.stderr[-2000:]
    return int(found[0][0]), int(found[0][1])


def clean_build(project: Path, out: Path, env: dict | None = None) -> Path:
    result = build(project, out, env={**CLEAN, **(env or {})})
    assert result.returncode == 0, result.stderr[-3000:]
    assert not COUNTS.search(result.stderr)
    return out


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


def _deletable(bulletins, start: int) -> Path:
    """A bulletin from position ``start`` on whose commitments no other bulletin reviews (deleting a
    reviewed one is a content error, which is not what these edits test)."""
    reviewed = {r["commitment"] for v in bulletins.values() for r in v[1].get("reviews") or []}
    return next(v[0] for v in list(bulletins.values())[start:]
                if not any(c["id"] in reviewed for c in v[1].get("commitments") or []))


def _add_and_delete(project, bulletins):
    _deletable(bulletins, 20).unlink()
    _add(project, bulletins)


def _add(project, bulletins, name="2024-12-30-hoi-nghi-moi-them"):
    """A new bulletin, the newest, with a commitment."""
    new = project / f"docs/meetings/2024/{name}.md"
    new.parent.mkdir(parents=True, exist_ok=True)
    fresh = {k: v for k, v in list(bulletins.values())[30][1].items() if k not in ("commitments", "reviews")}
    fresh["commitments"] = [{"id": f"moi-{name[-12:]}", "text": "Một việc mới.", "owners": fresh["organizations"][:1],
                             "due": "2025-06-30"}]
    _write(new, {**fresh, "date": name[:10], "title": "Hội nghị mới thêm"}, "Nội dung.\n")


def _delete(project, bulletins):
    _deletable(bulletins, 40).unlink()


def _edit_template(project, bulletins):
    """A template: every page drawn with it changes (the cache's fingerprint holds the templates)."""
    path = project / "overrides/portal/macros.html"
    path.write_text(path.read_text(encoding="utf-8").replace("</", "<!-- sửa -->\n</", 1), encoding="utf-8")


def _edit_config(project, bulletins):
    path = project / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("archive_page_size: 50", "archive_page_size: 40"),
                    encoding="utf-8")


EDITS = [_edit_reviewer_title, _edit_review_status, _edit_commitment_text, _edit_body, _edit_date,
         _edit_registry, _add_and_delete]
BUILD_EDITS = [_edit_body, _edit_reviewer_title, _edit_review_status, _edit_commitment_text, _edit_date,
               _edit_registry, _add, _delete, _edit_template, _edit_config]


def _own_copy(project: Path) -> None:
    """Templates copied, not linked to the repository's: a test edits them."""
    (project / "overrides").unlink()
    shutil.copytree(ROOT / "overrides", project / "overrides")


def test_build_with_the_cache_after_each_edit_equals_a_clean_build(tmp_path):
    from scripts.dev.benchmark import make_project, write_archive

    project = tmp_path / "project"
    make_project(project)
    write_archive(project, 80)
    _own_copy(project)
    first = cached_build(project, tmp_path / "site")
    assert first[0] == 0 and first[1] > 100
    assert cached_build(project, tmp_path / "site") == (first[1], 0)  # nothing changed: nothing drawn
    # Kept pages and preview images are links to the cache's files (no copy), readable as written files.
    from portal_mkdocs.folders import FILE_MODE
    linked = [p for p in (tmp_path / "site").rglob("*.html") if p.stat().st_nlink > 1]
    assert len(linked) >= 80, len(linked)  # at least every bulletin's page (no figure filled in)
    images = list((tmp_path / "site/assets/previews").rglob("*.png"))
    assert images and all(p.stat().st_nlink > 1 for p in images)
    assert {p.stat().st_mode & 0o777 for p in linked + images} == {FILE_MODE}
    assert list((project / ".cache/build").glob("index-*.json"))
    for edit in BUILD_EDITS:
        edit(project, _bulletins(project))
        hits, drawn = cached_build(project, tmp_path / "site")
        clean = clean_build(project, tmp_path / f"clean-{edit.__name__}")
        assert differences(tmp_path / "site", clean) == [], edit.__name__
        if edit is _edit_body:
            assert drawn == 1, (hits, drawn)  # only its own page: no list shows a bulletin's text
        elif edit in (_edit_template, _edit_config):
            assert hits == 0, (edit.__name__, hits, drawn)  # the fingerprint changed: nothing trusted
        elif edit is _add:
            # The newest bulletin: its page, the first page of each list that shows it and the
            # pages that show its body's or topic's set of values; lists are paginated from
            # their end and the counts filled in as pages are written, so no other page of a
            # list changes (321 of 1,953 pages at 1,000 bulletins before; 57 after).
            assert drawn * 10 <= hits, (hits, drawn)
        else:
            assert hits > drawn, (edit.__name__, hits, drawn)


def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path):
    from scripts.dev.benchmark import make_project, write_archive

    project = tmp_path / "project"
    make_project(project)
    write_archive(project, 30)
    clean = clean_build(project, tmp_path / "clean")
    cached_build(project, tmp_path / "site")
    cache = project / ".cache/build"
    blobs = sorted(p for p in (cache / "blobs").rglob("*") if p.is_file())
    for blob in blobs[::3]:  # a third of the stored pages and texts damaged on disk
        blob.write_bytes(blob.read_bytes()[:-40] + b"<script>alert(1)</script>")
    hits, drawn = cached_build(project, tmp_path / "site")
    assert differences(tmp_path / "site", clean) == []
    assert drawn > 0
    index = next(cache.glob("index-*.json"))
    index.write_bytes(index.read_bytes()[: len(index.read_bytes()) // 2])  # cut in the middle
    result = build(project, tmp_path / "site")
    assert result.returncode == 0 and "bộ đệm dựng" in result.stderr and "hỏng" in result.stderr
    assert differences(tmp_path / "site", clean) == []
    # Another project's index put in place of this one's (a foreign fingerprint inside): not read.
    data = json.loads(index.read_text(encoding="utf-8"))
    data["fingerprint"] = "0" * 32
    index.write_text(json.dumps(data), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0 and "không khớp" in result.stderr
    assert COUNTS.findall(result.stderr)[0][0] == "0"
    assert differences(tmp_path / "site", clean) == []


NEW_ROUTE = '''    Route("kinds", "loai-hoi-nghi/", "portal/kinds.html"),
'''
NEW_TEMPLATE = """{% extends "main.html" %}
{% block content %}<h1>Loại hội nghị</h1>
<ul>{% for kind in portal.kinds.values() %}<li>{{ kind.name }}: {{ kind.meetings | length }}</li>{% endfor %}</ul>
{% endblock %}
"""


def test_a_new_page_kind_needs_no_edit_of_the_cache(tmp_path):
    """A route and a template added on a copy of the code: its pages follow what they read."""
    from scripts.dev.benchmark import make_project, write_archive

    project = tmp_path / "project"
    make_project(project)
    write_archive(project, 40)
    for name in ("hooks", "overrides"):
        (project / name).unlink()
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    routes = project / "hooks/portal/contract/routes.py"
    text = routes.read_text(encoding="utf-8")
    routes.write_text(text.replace('    Route("search",', NEW_ROUTE + '    Route("search",', 1), encoding="utf-8")
    pages = project / "hooks/portal/site/pages.py"
    text = pages.read_text(encoding="utf-8")
    pages.write_text(text.replace('    "search": ', '    "kinds": lambda p: [PageSpec("kinds", "Loại hội nghị", p)],\n    "search": ', 1),
                     encoding="utf-8")
    (project / "overrides/portal/kinds.html").write_text(NEW_TEMPLATE, encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(project / "hooks"), str(project)])}
    cached_build(project, tmp_path / "site", env)
    page = tmp_path / "site/loai-hoi-nghi/index.html"
    before = page.read_text(encoding="utf-8")
    kind = sorted((project / "docs/data/meeting-kinds").glob("*.yml"))[0]
    kind.write_text(re.sub(r"^name: .*$", "name: Loại đổi tên để kiểm tra", kind.read_text(encoding="utf-8"),
                           count=1, flags=re.M), encoding="utf-8")
    hits, drawn = cached_build(project, tmp_path / "site", env)
    after = page.read_text(encoding="utf-8")
    assert "Loại đổi tên để kiểm tra" in after and before != after
    assert differences(tmp_path / "site", clean_build(project, tmp_path / "clean", env)) == []
    assert hits > drawn


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
            clean_build(project, clean)
            assert differences(root / "served", clean) == [], edit.__name__
            if edit is _edit_body:
                assert drawn == 1, (hits, drawn)  # only its own page: no list shows a bulletin's text
            elif edit is not _edit_registry:
                assert hits > 0, (edit.__name__, hits, drawn)
    finally:
        errors = server.close()
    assert "Traceback" not in errors, errors[-3000:]


def test_the_benchmark_prints_its_table_at_a_tiny_size(capsys):
    """scripts/dev/benchmark.py: vanilla, cold and one bulletin added with the cache, and the ratios."""
    from scripts.dev import benchmark

    benchmark.main(["12", "--no-serve"])
    out = capsys.readouterr().out
    assert re.search(r"^\s+12\s+\d+ vanilla\s", out, re.M)
    assert re.search(r"^\s+12\s+\d+ portal cold\s", out, re.M)
    assert re.search(r"^\s+13\s+\d+ portal \+1 cached\s", out, re.M)
    assert "+1 cached / vanilla = " in out and "cold / vanilla = " in out and "peak RSS cold" in out


def test_the_benchmark_runs_on_the_province_at_a_tiny_size(capsys):
    """--content province (the 50,000-bulletin figure of issue 23): the province kit makes its own
    project and the added bulletin is the newest, with the project's own bodies (this path once
    failed before building anything)."""
    from scripts.dev import benchmark

    benchmark.main(["6", "--no-serve", "--no-vanilla", "--content", "province"])
    out = capsys.readouterr().out
    assert re.search(r"^\s+6\s+\d+ portal cold\s", out, re.M)
    assert re.search(r"^\s+7\s+\d+ portal \+1 cached\s", out, re.M)


def test_build_stages_prints_where_the_time_goes_at_a_tiny_size(tmp_path):
    """scripts/dev/build_stages.py (the per-event figures of issue 23's note), cold then cached."""
    from scripts.dev.benchmark import make_project, write_archive

    project = tmp_path / "project"
    make_project(project)
    write_archive(project, 12)
    for run in ("cold", "cached"):
        result = subprocess.run([sys.executable, str(ROOT / "scripts/dev/build_stages.py"), str(project),
                                 str(tmp_path / "site")], capture_output=True, text=True, cwd=ROOT,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        lines = dict(re.findall(r"^(\S+(?: \S+)?)\s+([\d.]+) s", result.stdout, re.M))
        assert float(lines["build"]) > 0 and "event files" in lines and "_populate_page" in lines, result.stdout
        assert (tmp_path / "site/index.html").is_file()
    assert "trang lấy lại từ bộ đệm dựng" in result.stderr  # the second build used the cache
