"""Search benchmark: bytes transferred and time to first results, in headless Chromium.

Usage: python scripts/dev/search_benchmark.py [N ...] [--pagefind]      (default: 1000 10000)

For each N it builds a synthetic archive (scripts/dev/benchmark.py's generator), serves it
on loopback with gzip as a static host would, and for each query of a fixed set opens
/tim-kiem/?q=… in a fresh browser context (empty cache) and prints:
- the bytes sent over the wire for the whole page load (HTML, CSS, scripts, index),
  and for the search alone (assets/search.js and search/*);
- "opened ms": from navigation start of /tim-kiem/?q=… to the first results on screen;
- "typed ms": from pressing Enter on a search page already open (index not yet
  fetched) to the first results on screen.
Then it builds the same archive with Material's search plugin (lunr) and prints what
that index costs to download (search_index.json, gzip), for comparison; with
--pagefind, also indexes the site with Pagefind and times the same queries.
Targets (issue 4): at 10,000 bulletins, at most 300 KB in all and 500 ms.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

from scripts.dev import benchmark
from scripts.dev.screenshot import CHROMIUM, CHROMIUM_ARGS

QUERIES = ["", "giai phong mat bang", "thanh pho", "hội nghị giao ban", "camera", "dang uy", "VSATTP",
           '"xây dựng nông thôn mới"']
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.total = 0
        self.search = 0

    def add(self, path: str, n: int):
        with self.lock:
            self.total += n
            if path.startswith("/tim-kiem/") and not path.startswith("/tim-kiem/?") and path != "/tim-kiem/" \
                    or path.startswith("/assets/search.js"):
                self.search += n


def serve_gzip(directory: str, counter: Counter):
    compressed: dict[str, bytes] = {}  # a static host compresses once (or serves .gz files)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                path = os.path.join(path, "index.html")
            if not os.path.isfile(path):
                return super().send_head()
            gz = path.endswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "")
            if gz:
                if path not in compressed:
                    compressed[path] = gzip.compress(Path(path).read_bytes(), 6)
                body = compressed[path]
            else:
                body = Path(path).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Length", str(len(body)))
            if gz:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            counter.add(self.path.split("?")[0], len(body))
            self.wfile.write(body)
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Handler, directory=directory))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextlib.contextmanager
def served(site: Path):
    """(base URL, byte counter, Chromium) for a site served on loopback with gzip."""
    from playwright.sync_api import sync_playwright

    counter = Counter()
    server = serve_gzip(str(site), counter)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield f"http://127.0.0.1:{server.server_address[1]}", counter, browser
            browser.close()
    finally:
        server.shutdown()


def measure(site: Path) -> list[tuple[str, int, int, float, int]]:
    rows = []
    with served(site) as (base, counter, browser):
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            counter.total = counter.search = 0
            page.goto(f"{base}/tim-kiem/?q={quote(query)}")
            if not query:  # the page alone, as a baseline: loaded, nothing searched
                page.wait_for_load_state("load")
                rows.append(("(search page, no query)", counter.total, counter.search,
                             page.evaluate("performance.now()"), 0, 0))
                context.close()
                continue
            page.wait_for_function("document.querySelector('[data-search-results] li') || "
                                   "document.querySelector('[data-search-root]:not([aria-busy])')"
                                   " && document.querySelector('[data-search-summary]').textContent")
            page.wait_for_load_state("networkidle")
            # The page marks the moment its first results are in the document.
            ms = page.evaluate("(performance.getEntriesByName('search-results')[0] || {startTime: NaN}).startTime")
            count = page.locator("[data-search-results] > li").count()
            total, search = counter.total, counter.search
            context.close()
            # The same query typed on a search page already open (nothing of the index cached).
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base}/tim-kiem/")
            page.wait_for_load_state("networkidle")
            page.fill("#search-q", query)
            started = page.evaluate("performance.now()")
            page.press("#search-q", "Enter")
            page.wait_for_function("performance.getEntriesByName('search-results').length || "
                                   "document.querySelector('[data-search-summary]').textContent"
                                   ".startsWith('Không tìm thấy')")
            typed = page.evaluate("(performance.getEntriesByName('search-results')[0] || {startTime: NaN}).startTime") \
                - started
            rows.append((query, total, search, ms, typed, count))
            context.close()
    return rows


PAGEFIND_HARNESS = """<!doctype html><meta charset="utf-8"><title>pagefind</title>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const query = new URLSearchParams(location.search).get("q");
const search = await pagefind.search(query);
await Promise.all(search.results.slice(0, 10).map(r => r.data()));
document.body.dataset.count = search.results.length;
performance.mark("search-results");
</script>"""


def pagefind_rows(site: Path) -> list[tuple[str, int, float, int]]:
    """Index the same site with Pagefind and time the same queries through its JS API.

    A bare page that only loads pagefind.js, searches and loads the first ten results:
    the most favourable setting for Pagefind. pagefind (PyPI) is a dev dependency.
    """
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "vi", "--quiet"],
                   check=True)
    (site / "pagefind-harness.html").write_text(PAGEFIND_HARNESS, encoding="utf-8")
    rows = []
    with served(site) as (base, counter, browser):
        for query in [q for q in QUERIES if q]:
            context = browser.new_context()
            page = context.new_page()
            counter.total = 0
            page.goto(f"{base}/pagefind-harness.html?q={quote(query)}")
            page.wait_for_function("performance.getEntriesByName('search-results').length", timeout=60000)
            page.wait_for_load_state("networkidle")
            ms = page.evaluate("performance.getEntriesByName('search-results')[0].startTime")
            rows.append((query, counter.total, ms, int(page.evaluate("document.body.dataset.count"))))
            context.close()
    return rows


def lunr_bytes(project: Path, tmp: Path) -> int:
    """Build with Material's search plugin and return the gzip size of its index."""
    config = project / "mkdocs-lunr.yml"
    text = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("plugins: []", "plugins:\n  - search:\n      lang: vi")
    config.write_text(text, encoding="utf-8")
    out = tmp / "lunr-site"
    env = {**os.environ, "PORTAL_AS_OF": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)],
                   check=True, env=env, cwd=project)
    index = out / "search/search_index.json"
    return len(gzip.compress(index.read_bytes(), 6))


def main(sizes: list[int], flags: set[str]) -> None:
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"search-bench-{n}-") as tmp:
            tmp = Path(tmp)
            project = tmp / "project"
            benchmark.make_project(project)
            benchmark.write_archive(project, n)
            site = tmp / "site"
            seconds, _ = benchmark.timed_build(project, site)
            shards = len(list((site / "search/idx").glob("*.json")))
            meta = len(gzip.compress((site / "search/meta.json").read_bytes(), 6))
            print(f"\nN = {n}: built in {seconds:.1f} s; {shards} index shards; meta.json {meta / 1024:.0f} KB gzip")
            print(f"{'query':<28} {'all KB':>7} {'search KB':>9} {'opened ms':>9} {'typed ms':>8} {'results':>7}")
            for query, total, search, ms, typed, count in measure(site):
                print(f"{query:<28} {total / 1024:>7.0f} {search / 1024:>9.0f} {ms:>9.0f} {typed:>8.0f} {count:>7}",
                      flush=True)
            print(f"Material lunr index for comparison: search_index.json {lunr_bytes(project, tmp) / 1024:.0f} KB gzip,"
                  " downloaded whole before the first result")
            if "--pagefind" in flags:
                print("Pagefind 1.5.2 on the same site (bare page, its JS API, first ten results' data loaded):")
                for query, total, ms, count in pagefind_rows(site):
                    print(f"{query:<28} {total / 1024:>7.0f} KB {ms:>8.0f} ms {count:>7} results", flush=True)
            shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    main([int(a) for a in args if a.isdigit()] or [1000, 10000], {a for a in args if not a.isdigit()})
