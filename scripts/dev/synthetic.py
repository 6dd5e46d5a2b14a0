"""What the synthetic-content tools share (scripts/dev/benchmark.py, province.py and the tests
that build synthetic sites): the seed bulletins' sentences, a project around a content folder,
and one timed `mkdocs build` in a child process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from portal.contract.yamlsrc import split_front_matter
from portal.site import tracker

ROOT = Path(__file__).resolve().parents[2]

STATUSES = ["not-started", "in-progress", "stalled", "done", "partly-done", "not-done"]


def seed_material():
    """Sentences of the bulletin texts, and the seed commitments' sentences."""
    sentences, directives = [], []
    for path in sorted((ROOT / "docs/meetings").rglob("*.md")):
        fm, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        meta = yaml.safe_load(fm)
        body = "\n".join(line for line in body.splitlines() if not line.startswith("{:"))
        sentences += [s.strip() for s in re.split(r"(?<=[.…])\s+", body) if len(s.strip()) > 30]
        directives += [c["text"] for c in meta.get("commitments") or []]
    return sentences, directives


def make_project(dest: Path) -> None:
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("meetings"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides"):
        (dest / name).symlink_to(ROOT / name)


@dataclass
class Run:
    wall: float
    cpu: float
    rss: int


def timed_build(project: Path, out: Path, clean: bool = True) -> Run:
    """Wall and CPU seconds and peak RSS (bytes) of one `mkdocs build` child process."""
    env = {**os.environ, "PORTAL_AS_OF": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
    for name in ("PORTAL_BUILD_CACHE", "PORTAL_BUILD_CACHE_DEBUG", "SOURCE_DATE_EPOCH"):
        env.pop(name, None)
    if clean:
        shutil.rmtree(out, ignore_errors=True)
    # Each build starts on a quiet disk: the last build's output (hundreds of MB) and the folder
    # just removed are written back first, not while this one is timed.
    os.sync()
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                                 "-d", str(out)], env=env, cwd=project, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"build of {project} failed:\n{err.read().decode(errors='replace')}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def page_sizes(out: Path) -> str:
    """Pages, the tracker's first page and data, and the largest page."""
    pages = [p for p in out.rglob("index.html")]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return (f"{len(pages)} pages; tracker first page {(out / 'cam-ket/index.html').stat().st_size / 1024:.1f} KB, "
            f"its index {(out / tracker.data_url()).stat().st_size / 1024:.0f} KB; largest page "
            f"{largest.relative_to(out).parent.as_posix()}/ {largest.stat().st_size / 2**20:.2f} MB")
