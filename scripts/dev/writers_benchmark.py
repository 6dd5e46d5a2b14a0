"""Writers benchmark: what the forked writers cost with and without the outputs kept.

Usage: python scripts/dev/writers_benchmark.py [N ...]      (default: 1000 5000)

For each N it writes N synthetic bulletins (scripts/dev/benchmark.py's generator), loads
them once, and in this process (no fork, one core) runs each writer part
(portal_mkdocs.writers.PARTS: the search index and open data; feeds, calendars, sheets and
schemas) three times: with nothing kept (as with PORTAL_BUILD_CACHE=0), with an empty
build cache (a cold build: every value made, then kept), and with the tables that run left
(a build after a bulletin changed nothing the writers read). It prints wall and CPU
seconds, the values taken from the tables and their size on disk, and checks that the
three output folders are the same bytes (it exits 1 if not).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
import tempfile
import time
from pathlib import Path

from scripts.dev.benchmark import make_project, write_archive
from scripts.dev.site_diff import differences

AS_OF = dt.date(2026, 11, 23)
REUSED = re.compile(r"\((\w+); (\d+) phần dùng lại")


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.reused = 0

    def emit(self, record) -> None:
        found = REUSED.search(record.getMessage())
        if found:
            self.reused += int(found.group(2))


def measure(n: int, out=sys.stdout) -> bool:
    from portal.content.loader import load_site
    from portal.content.views import Portal
    from portal_mkdocs.build_cache import OutputMemo
    from portal_mkdocs.writers import PARTS, write_outputs

    with tempfile.TemporaryDirectory(prefix=f"writers-{n}-") as tmp:
        root = Path(tmp)
        make_project(root / "project")
        write_archive(root / "project", n)
        site, report = load_site(str(root / "project/docs"), settings_file=str(root / "project/mkdocs.yml"))
        portal = Portal(site, AS_OF, 50, "Hội nghị phối hợp Thanh Hóa")
        memo = OutputMemo(root / "cache", "benchmark")
        counter = _Count()
        logger = logging.getLogger("mkdocs.plugins.portal")
        logger.addHandler(counter)
        logger.setLevel(logging.INFO)
        folders = []
        try:
            for label, kept in (("nothing kept", None), ("cache empty", memo), ("cache kept", memo)):
                folder = root / f"site-{len(folders)}"
                folders.append(folder)
                counter.reused = 0
                wall, cpu = time.perf_counter(), time.process_time()
                for part in PARTS:
                    write_outputs(portal, str(folder), "https://thanhhoa-hoinghi.example.org/",
                                  "Hội nghị phối hợp Thanh Hóa", part, kept)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                tables = sum(p.stat().st_size for p in (root / "cache/outputs").glob("table-*")) if kept else 0
                print(f"{n:>7,} {label:<13} {wall:7.1f} s wall {cpu:7.1f} s CPU  {counter.reused:>8,} kept"
                      f"  tables {tables / 1e6:6.1f} MB", file=out, flush=True)
        finally:
            logger.removeHandler(counter)
        same = not any(differences(folders[0], other) for other in folders[1:])
        print(f"{n:>7,} outputs the same bytes in all three: {'yes' if same else 'NO'}", file=out, flush=True)
        return same


def main(argv=None) -> int:
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [1000, 5000]
    print(f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, writer parts in one process", flush=True)
    return 0 if all([measure(n) for n in sizes]) else 1


if __name__ == "__main__":
    sys.exit(main())
