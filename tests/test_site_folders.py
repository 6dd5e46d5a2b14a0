"""The folders a build writes (hooks/portal_mkdocs/folders.py): a killed build never leaves the
site missing, a failed one leaves the last good site, `--dirty` is refused, and the preview's
memory folder cannot be turned against another folder by a planted link."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import AS_OF, build

GOOD_INDEX = "meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/index.html"

# A child that builds like `mkdocs build` and is killed (SIGKILL: nothing after it runs) at one point.
KILLED = """
import os, signal, sys
from pathlib import Path
from portal_mkdocs import folders
point = sys.argv[1]
real_rename, real_exchange = Path.rename, folders.exchange
def die():
    os.kill(os.getpid(), signal.SIGKILL)
def rename(self, target):
    result = real_rename(self, target)
    if point == "between-renames" and ".old-" in str(target):
        die()
    return result
def exchange(a, b):
    if point == "between-renames":
        return False  # a system without renameat2: two renames
    if point == "before-swap":
        die()
    done = real_exchange(a, b)
    if point == "after-exchange":
        die()
    return done
Path.rename = rename
folders.exchange = exchange
from mkdocs.__main__ import cli
cli(["build", "-q", "-f", sys.argv[2], "-d", sys.argv[3]])
"""


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _env() -> dict:
    env = {**os.environ, "PORTAL_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


@pytest.mark.slow
@pytest.mark.parametrize("point", ["before-swap", "between-renames", "after-exchange"])
def test_a_build_killed_at_any_point_of_the_swap_leaves_a_site(project, tmp_path, point):
    from tests.test_hostile import GOOD, PATH

    root = project({PATH: GOOD})
    out = tmp_path / "out"
    assert build(root, out).returncode == 0
    marker = out / "marker-of-the-last-good-site"
    marker.write_text("x")
    killed = subprocess.run([sys.executable, "-c", KILLED, point, str(root / "mkdocs.yml"), str(out)],
                            env=_env(), cwd=root, capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr[-2000:]
    if point == "between-renames":
        assert not out.exists()  # what a kill there leaves, before the next build
    # The next build fails on its content: the site must still be there, whole.
    (root / "docs" / PATH).write_text(GOOD.replace("date: 2021-03-05", "date: 2021-02-30"), encoding="utf-8")
    failed = build(root, out)
    assert failed.returncode != 0
    assert (out / "index.html").is_file() and (out / "sitemap.xml").is_file()
    assert marker.exists() == (point != "after-exchange")  # the old site, or the new one once swapped
    # Nothing of the killed build is left once a build has run.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "p0"]


@pytest.mark.slow
def test_dirty_builds_are_refused_with_the_reason(project, tmp_path):
    from tests.test_hostile import GOOD, PATH

    root = project({PATH: GOOD})
    out = tmp_path / "out"
    assert build(root, out).returncode == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(root / "mkdocs.yml"),
                             "-d", str(out)], env=_env(), cwd=root, capture_output=True, text=True)
    assert result.returncode != 0
    assert "--dirty không được dùng" in result.stderr and ".cache/build" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_a_planted_link_in_shared_memory_is_never_followed(tmp_path, monkeypatch):
    from portal_mkdocs import folders

    shm = tmp_path / "shm"
    shm.mkdir()
    monkeypatch.setattr(folders, "SHM", shm)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep")
    # Links named like the folders of a server that is gone, and of this very process.
    for name in (f"portal-preview-{_dead_pid()}", f"portal-preview-{_dead_pid()}-abc", f"portal-preview-{os.getpid()}"):
        (shm / name).symlink_to(victim, target_is_directory=True)
    serve_dir = tmp_path / "serve-tmp"
    serve_dir.mkdir()
    memory = folders.move_output_to_memory(str(serve_dir))
    assert memory is not None and memory.parent == shm
    info = os.lstat(memory)
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) == 0o700
    assert serve_dir.is_symlink() and serve_dir.resolve() == memory.resolve()
    assert (victim / "precious.txt").read_text() == "keep"
    assert not (shm / f"portal-preview-{_dead_pid()}").exists()
    # MkDocs empties the serve folder on every rebuild: only the new private folder is touched.
    (serve_dir / "page.html").write_text("x")
    folders.move_output_back(str(serve_dir), memory)
    assert serve_dir.is_dir() and not serve_dir.is_symlink() and not memory.exists()
    assert (victim / "precious.txt").read_text() == "keep"


def test_clean_up_unlinks_links_and_leaves_other_users_folders(tmp_path):
    from portal_mkdocs import folders

    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "a").write_text("a")
    link = tmp_path / f".site.old-{_dead_pid()}"
    link.symlink_to(victim, target_is_directory=True)
    mine = tmp_path / f".site.new-{_dead_pid()}"
    (mine / "x").mkdir(parents=True)
    alive = tmp_path / f".site.new-{os.getppid()}"
    alive.mkdir()
    folders.drop_orphaned([link, mine, alive])
    assert not os.path.lexists(link) and (victim / "a").exists()
    assert not mine.exists() and alive.exists()
