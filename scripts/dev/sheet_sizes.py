"""How long the review sheets take to write, and how large they are.

    .venv/bin/python scripts/dev/sheet_sizes.py          # the repository's content
    .venv/bin/python scripts/dev/sheet_sizes.py 300      # a synthetic archive of 300 bulletins

Prints the number of commitments, of sheets (an XLSX and a CSV each), their XLSX bytes and the time
portal.site.sheets.sheet_files takes (the build writes them in its forked outputs writer).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from portal.content.loader import load_site
from portal.content.views import Portal
from portal.site.pages import generated_pages
from portal.site.sheets import sheet_files

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 0
    if n:
        from scripts.dev.benchmark import write_archive
        from scripts.dev.synthetic import make_project

        root = Path(tempfile.mkdtemp(prefix="portal-sheets-")) / "p"
        make_project(root)
        write_archive(root, n)
        docs = root / "docs"
    else:
        docs = ROOT / "docs"
    site, _ = load_site(docs)
    p = Portal(site, dt.date(2026, 11, 23))
    specs = generated_pages(p)
    started = time.perf_counter()
    files = sheet_files(p, specs, "https://example.org/")
    took = time.perf_counter() - started
    xlsx = [v for k, v in files.items() if k.endswith(".xlsx")]
    print(f"{n or 'sample'} bulletins: {len(p.commitments)} commitments, {len(xlsx)} sheets (XLSX + CSV), "
          f"{sum(map(len, xlsx)) // 1024} KB XLSX in all, largest {max(map(len, xlsx), default=0) // 1024} KB; "
          f"written in {took:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
