"""What a resident's phone downloads: the first page of every page kind, and the tracker's first
filter (bytes and time on a throttled phone), on a built site.

Usage: python scripts/dev/resident_sizes.py SITE_DIR [--no-browser] [--filters Q ...]
       python scripts/dev/resident_sizes.py --build N [--keep DIR]   (synthetic archive, benchmark.py)

For each route of the route table (hooks/portal/contract/routes.py) with pages, the largest first
page among its instances (bytes of HTML, raw and gzip-compressed as a static host sends it) and how
many pages it has. Then, in headless Chromium at 390x844 with Lighthouse's mobile throttling (150 ms
round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower), the tracker is opened, and for each
filter (default: one status, two filters, a word) the time from choosing it to the rows shown and
the bytes it fetched (gzip). Targets (issue 21): every first page under 150 KB at 50,000
bulletins; the first filter at most 60 KB gzip and 1 s at 5,000.
"""

from __future__ import annotations

import argparse
import gzip
import tempfile
import time
from pathlib import Path

from portal.contract import routes
from scripts.dev.lighthouse import serve
from scripts.dev.screenshot import CHROMIUM, CHROMIUM_ARGS

THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
            "uploadThroughput": 750 * 1024 / 8}
CPU_SLOWDOWN = 4


def page_sizes(site: Path) -> list[tuple]:
    """(route, pages, URL of its largest first page, raw KB, gzip KB) per route with pages."""
    site = Path(site)
    built = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    built = ["" if u == "./" else u for u in built]
    rows = []
    for route in routes.ROUTES:
        if not route.page:
            continue
        urls = [u for u in built if route.regex.match(u)] if route.params else [
            u for u in [route.url()] if (site / u / "index.html").is_file()]
        every = [u for u in built if routes.match(u.rsplit("trang-", 1)[0] if "/trang-" in u else u)
                 and routes.match(u.rsplit("trang-", 1)[0] if "/trang-" in u else u)[0] is route]
        if not urls:
            continue
        sized = [(len((site / u / "index.html").read_bytes()), u) for u in urls]
        raw, url = max(sized)
        rows.append((route.name, len(every), url, raw / 1024,
                     len(gzip.compress((site / url / "index.html").read_bytes())) / 1024))
    return rows


def first_filters(site: Path, queries: list[tuple[str, dict]], browser=None) -> list[tuple]:
    """(what, ms from choosing to rows shown, requests, KB gzip) for each filter, throttled, in
    ``browser`` (a Playwright Chromium) or one started here."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            started = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return first_filters(site, queries, started)
            finally:
                started.close()
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = []
    for label, choices in queries:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", THROTTLE)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(base + "cam-ket/", wait_until="load")
        page.get_by_text("Lọc, tìm và sắp xếp").click()
        wire = {}
        cdp.on("Network.loadingFinished", lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]))
        start = time.perf_counter()
        for field, value in choices.items():
            element = page.locator(f"form[data-tracker-filter] [name='{field}']")
            if field == "q":
                element.fill(value)
                element.press("Enter")
            else:
                element.select_option(value)
        page.wait_for_function("!document.querySelector('table[data-tracker]').hasAttribute('aria-busy') && "
                               "document.querySelector('[data-tracker-count]').textContent.startsWith('Tìm thấy')",
                               timeout=120_000)
        elapsed = (time.perf_counter() - start) * 1000
        found = page.inner_text("[data-tracker-count]")
        out.append((label, elapsed, len(wire), sum(wire.values()) / 1024, found))
        context.close()
    server.shutdown()
    return out


def default_queries(site: Path) -> list[tuple[str, dict]]:
    owners = sorted((site / "co-quan").glob("*/cam-ket/index.html"), key=lambda p: p.stat().st_size)
    owner = owners[-1].parent.parent.name
    return [("one status (Hoàn thành)", {"trang-thai": "hoan-thanh"}),
            ("one body", {"co-quan": owner}),
            ("overdue + body", {"trang-thai": "qua-han", "co-quan": owner}),
            ("a word (camera)", {"q": "camera"})]


def report(site: Path, browser: bool = True) -> None:
    print(f"{'route':18} {'pages':>6} {'raw KB':>8} {'gzip KB':>8}  largest first page")
    for name, count, url, raw, gz in page_sizes(site):
        print(f"{name:18} {count:>6} {raw:>8.1f} {gz:>8.1f}  /{url}")
    data = site / "cam-ket" / "du-lieu"
    for f in sorted(data.glob("*.json")):
        print(f"{'data: ' + f.name:26} {f.stat().st_size / 1024:>8.1f} {len(gzip.compress(f.read_bytes())) / 1024:>8.1f}")
    if browser:
        print(f"\nfirst filter, throttled (150 ms RTT, 1.6 Mbit/s, CPU x{CPU_SLOWDOWN}), 390 px:")
        print(f"{'filter':26} {'ms':>7} {'requests':>8} {'KB gzip':>8}  result")
        for label, ms, requests, kb, found in first_filters(site, default_queries(site)):
            print(f"{label:26} {ms:>7.0f} {requests:>8} {kb:>8.1f}  {found}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("--build", type=int, help="build this many synthetic bulletins first")
    parser.add_argument("--keep", type=Path, help="with --build: build here and keep it")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    if args.build:
        from scripts.dev.benchmark import make_project, timed_build, write_archive

        with tempfile.TemporaryDirectory(prefix="sizes-") as tmp:
            root = args.keep or Path(tmp)
            make_project(root / "project")
            write_archive(root / "project", args.build)
            run = timed_build(root / "project", root / "site")
            print(f"{args.build} bulletins built in {run.wall:.0f} s")
            report(root / "site", not args.no_browser)
        return
    if args.site is None:
        parser.error("give SITE_DIR or --build N")
    report(args.site, not args.no_browser)


if __name__ == "__main__":
    main()
