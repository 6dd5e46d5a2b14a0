"""Take screenshots of built pages in headless Chromium (Debian's /usr/bin/chromium).

Usage: python scripts/dev/screenshot.py SITE_DIR OUT_DIR PATH [PATH ...] [--mobile]
Serves SITE_DIR on a loopback port for the duration of the run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright downloads no browser of its own
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def serve(directory: str):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site")
    parser.add_argument("out")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--mobile", action="store_true", help="a 390 px wide phone viewport")
    parser.add_argument("--full", action="store_true", help="the whole page, not only the first screen")
    args = parser.parse_args()
    server = serve(args.site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    Path(args.out).mkdir(parents=True, exist_ok=True)
    viewport = {"width": 390, "height": 844} if args.mobile else {"width": 1280, "height": 900}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=viewport, locale="vi-VN")
        for path in args.paths:
            page.goto(base + path.lstrip("/"))
            name = (path.strip("/").replace("/", "_").replace("?", "_") or "home") + ".png"
            page.screenshot(path=str(Path(args.out) / name), full_page=args.full)
            print(Path(args.out) / name)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
