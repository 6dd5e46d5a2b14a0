"""How the article importer's time grows with the length of what is pasted.

    .venv/bin/python scripts/dev/importer_bench.py              # 45, 90, 180 KB
    .venv/bin/python scripts/dev/importer_bench.py --kb 20 --steps 2
    PYTHONPATH=<git archive REV hooks>/hooks .venv/bin/python scripts/dev/importer_bench.py  # another importer

Three kinds of paste, each at doubling sizes: the fragment table's articles one after the
other (many headlines, stamps, bodies, directives), one paragraph without a full stop (one
long "sentence": every per-sentence look-up sees all of it), and a conclusion of many
directives in one list. Linear growth doubles the time from one size to the next; the last
column is that ratio. Times are the process's CPU time, so that other work on the machine
does not count.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from portal.content.loader import load_site
from portal.contract.text import fold
from portal.importer.importer import _RELATED, import_article
from scripts.dev.importer_score import ROOT, load_table, table_registries


def pastes(kb: int) -> dict[str, str]:
    """Each kind of paste, about ``kb`` KB of UTF-8."""
    table = "\n".join(line for f in load_table() for line in f["text"].splitlines()
                      if not _RELATED.match(fold(line)))  # a "related news" heading ends an article
    directive = ("- Hội Nông dân thành phố phối hợp với Phòng Kinh tế hỗ trợ hội viên, đồng thời giao Đoàn Thanh "
                 "niên thành phố tuyên truyền; UBND các phường rà soát trước ngày 30/6.\n")
    run_on = ("UBND phường Hạc Thành, Ủy ban MTTQ Việt Nam huyện Mê Linh, Phòng Kinh tế và Hạ tầng huyện Yên Lập, "
              "đồng chí Lê Anh Xuân, Chủ tịch UBND thành phố yêu cầu các phường Ba Đình, Lam Sơn ngày 12/2/2020 ")
    size = kb * 1024

    def fill(head: str, unit: str) -> str:
        text = head
        while len(text.encode()) < size:
            text += unit
        return text
    return {
        "table articles": fill("", table + "\n"),
        "one long sentence": fill("Tin dài\nSáng 12/2/2020, ", run_on),
        "a long directive list": fill("Tin dài\nSáng 12/2/2020, UBND thành phố họp.\nKết luận, đồng chí Lê Anh Xuân "
                                      "yêu cầu:\n", directive),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=int, default=45, help="the smallest size, in KB (default 45)")
    parser.add_argument("--steps", type=int, default=3, help="how many doublings (default 3)")
    args = parser.parse_args(argv)
    registries, errors = table_registries(ROOT / "docs", load_site)
    if errors:  # an older loader (PYTHONPATH=<an archive>/hooks) that refuses the fixture: the content's alone
        print("the loader refused tests/fixtures/import_registry: timing with docs/data alone", file=sys.stderr)
        registries = load_site(ROOT / "docs")[0].registries
    print("| paste | KB | CPU seconds | × previous |")
    print("| --- | ---: | ---: | ---: |")
    for step in range(args.steps):
        kb = args.kb * 2 ** step
        for name, text in pastes(kb).items():
            started = time.process_time()
            import_article(text, registries, "bench.txt")
            seconds = time.process_time() - started
            previous = _last.get(name)
            _last[name] = seconds
            ratio = f"{seconds / previous:.1f}" if previous else ""
            print(f"| {name} | {len(text.encode()) // 1024} | {seconds:.2f} | {ratio} |", flush=True)
    return 0


_last: dict[str, float] = {}

if __name__ == "__main__":
    sys.exit(main())
