"""Lighthouse (mobile preset) on a 300-bulletin synthetic archive served on 127.0.0.1.

Usage: python scripts/dev/lighthouse.py [N] [--site SITE_DIR] [--keep DIR] [--only NAME ...]
       (first: bash scripts/setup.sh --lighthouse)

Builds N synthetic bulletins (default 300; scripts/dev/benchmark.py) unless --site is given,
serves the site with gzip as a static host would, runs Lighthouse's default mobile run
(simulated slow 4G and a 4x slower CPU, Moto G Power screen) with Debian's chromium on
home, a meeting, the tracker, a body page, a search with results, "Thay đổi gần đây", a body's
commitment list, the largest person, topic, meeting-kind and locality pages, the commitments waiting
for a hand-over, and the tracker opened with
one filter and with two (the time includes the filter's own fetches), and prints
Performance, Accessibility, LCP and TBT. Targets: Performance >= 95, Accessibility 100.
A measurement, not a test: CI does not run it.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]

from scripts.dev.benchmark import make_project, timed_build, write_archive  # noqa: E402
from scripts.dev.screenshot import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it (as any static host does)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # its redirect to the folder's URL
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or path.suffix not in COMPRESSIBLE:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def largest(site: Path, pattern: str) -> str:
    """The largest page matching a glob (the worst case of its kind), as a site-relative URL."""
    page = max(site.glob(pattern), key=lambda p: (p.stat().st_size, p.as_posix()))
    return page.parent.relative_to(site).as_posix() + "/"


def targets(site: Path, only: list[str] | None = None) -> dict[str, str]:
    meeting = sorted((site / "hoi-nghi").glob("*/*/index.html"))[-1].parent.relative_to(site).as_posix() + "/"
    body = largest(site, "co-quan/*/index.html")
    owner = body.split("/")[1]
    found = {"home": "", "meeting": meeting, "tracker": "cam-ket/", "body": body,
             "search": "tim-kiem/?q=" + quote("giải phóng mặt bằng"),
             # issue 21's new and paginated page kinds, and the tracker's first filter
             "changes": "thay-doi/", "body-list": f"co-quan/{owner}/cam-ket/",
             "person": largest(site, "nguoi/*/index.html"), "topic": largest(site, "chu-de/*/index.html"),
             "kind": largest(site, "loai-hoi-nghi/*/index.html"),
             # issue 20's: a locality's page and the commitments waiting for a hand-over
             "locality": largest(site, "dia-ban/*/index.html"), "awaiting": "cam-ket/cho-ban-giao/",
             "filter-1": "cam-ket/?trang-thai=hoan-thanh",
             "filter-2": f"cam-ket/?trang-thai=qua-han&co-quan={owner}"}
    return {k: v for k, v in found.items() if not only or k in only}


def lighthouse(url: str, out: Path) -> dict:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility", f"--chrome-flags={flags}"],
                   check=True, env=env, cwd=ROOT)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "bytes": audits["total-byte-weight"]["numericValue"] / 1024,
        "failed": [a["id"] for a in audits.values()
                   if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=300)
    parser.add_argument("--site", type=Path, help="an already built site to measure")
    parser.add_argument("--keep", type=Path, help="write the Lighthouse JSON reports here")
    parser.add_argument("--only", nargs="*", help="only these pages (names as printed)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `bash scripts/setup.sh --lighthouse`")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        site = args.site
        if site is None:
            project = Path(tmp) / "project"
            make_project(project)
            write_archive(project, args.n)
            site = Path(tmp) / "site"
            timed_build(project, site)
        reports = args.keep or Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"{'page':9} {'Performance':>11} {'Accessibility':>13} {'LCP s':>6} {'TBT ms':>7} {'FCP s':>6} "
              f"{'KB (gzip)':>9}  failed audits")
        for name, path in targets(site, args.only).items():
            r = lighthouse(base + path, reports / f"{name}.json")
            print(f"{name:9} {r['performance']:>11} {r['accessibility']:>13} {r['lcp']:>6.2f} {r['tbt']:>7.0f} "
                  f"{r['fcp']:>6.2f} {r['bytes']:>9.0f}  {' '.join(r['failed'][:6])}", flush=True)
        server.shutdown()


if __name__ == "__main__":
    main()
