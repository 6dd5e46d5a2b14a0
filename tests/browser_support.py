"""Shared pieces of the real-browser tests: Debian's chromium through Playwright."""

from __future__ import annotations

import os
import shutil

import pytest

from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS

if not shutil.which(CHROMIUM) and not os.environ.get("PORTAL_SKIP_BROWSER"):
    pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/setup.sh --browser` "
                "(or set PORTAL_SKIP_BROWSER=1 to skip browser tests knowingly)", pytrace=False)
if os.environ.get("PORTAL_SKIP_BROWSER"):
    pytest.skip("PORTAL_SKIP_BROWSER is set", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def browser():
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
