"""Shared fixtures: temporary content trees and real MkDocs builds of them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scripts.dev.screenshot import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-23"  # fixed "as of" date for every build in the tests
SEED_2020 = "meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the.md"
SEED_2018 = "meetings/2018/2018-danh-gia-chuong-trinh-phoi-hop.md"


# --- tiers -------------------------------------------------------------------------------------
# Every test is in the fast tier unless marked: `slow` (a subprocess build, a server, a long fuzz
# run) or `browser` (Chromium). `pytest -m "not slow and not browser"` is the developers' fast tier;
# CI runs everything. The markers cannot be forgotten: building or opening the browser from a test
# that lacks the marker fails that test.
_running: dict = {}


def pytest_runtest_setup(item):
    _running["item"] = item


def require_marker(name: str, what: str) -> None:
    item = _running.get("item")
    if item is not None and item.get_closest_marker(name) is None:
        pytest.fail(f"{item.nodeid} {what} but is not marked @pytest.mark.{name} (tiers: see tests/conftest.py)",
                    pytrace=False)


def make_project(dest: Path, extra: dict[str, str] | None = None, *, drop: tuple = ()) -> Path:
    """A copy of the repository's content beside links to its hooks and templates.

    ``extra`` maps paths under docs/ to file text (dedented) to add or replace;
    ``drop`` lists paths under docs/ to remove.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides"):
        (dest / name).symlink_to(ROOT / name)
    for rel in drop:
        (dest / "docs" / rel).unlink()
    for rel, text in (extra or {}).items():
        path = dest / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return dest


def build(project: Path, out: Path, *, as_of: str = AS_OF, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` in a fresh process, as a person or CI would."""
    require_marker("slow", "runs a build")
    run_env = {**os.environ, "PORTAL_AS_OF": as_of, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    run_env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
        capture_output=True, text=True, env=run_env, cwd=project,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The repository's own content, built once for the session."""
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def big_site(tmp_path_factory) -> Path:
    """A synthetic archive of 300 bulletins (scripts/dev/benchmark.py), built once for the session."""
    from scripts.dev.benchmark import make_project as make_synthetic, write_archive

    root = tmp_path_factory.mktemp("big")
    make_synthetic(root / "project")
    write_archive(root / "project", 300)
    result = build(root / "project", root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture
def project(tmp_path):
    """Factory: ``project(extra, drop=...)`` makes a content tree under tmp_path."""
    counter = iter(range(1000))

    def factory(extra=None, drop=()):
        return make_project(tmp_path / f"p{next(counter)}", extra, drop=drop)

    return factory


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    require_marker("browser", "drives Chromium")
    if os.environ.get("PORTAL_SKIP_BROWSER"):
        pytest.skip("PORTAL_SKIP_BROWSER is set")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/setup.sh --browser` "
                    "(or set PORTAL_SKIP_BROWSER=1 to skip browser tests knowingly)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def watched_page(browser, **context_options):
    """A page whose uncaught script errors are collected in page.errors."""
    context = browser.new_context(locale="vi-VN", **context_options)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return context, page
