"""Check bulletins and registries against the content contract, without building the site.

    python scripts/check.py                 # everything under docs/
    python scripts/check.py docs/meetings/2020/2020-02-12-giao-ban.md docs/data/people/

Prints one line per problem, `path:line: field: message` (in Vietnamese), and exits 1
when there is an error. Cross-file rules (duplicate ids, reviews of earlier
commitments, registry keys) are checked against all of docs/, but only problems in
the given paths are printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _portal import DOCS

from portal.content.loader import load_site  # noqa: E402
from portal.contract.report import ERROR, Problem  # noqa: E402
from portal.contract.tree import rel_path  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kiểm tra bản tin và danh mục theo định dạng, không cần dựng trang.")
    parser.add_argument("paths", nargs="*", help="tệp hoặc thư mục trong docs/ (mặc định: toàn bộ docs/)")
    parser.add_argument("--docs", default=str(DOCS), help="thư mục nội dung (mặc định: docs/ của kho)")
    args = parser.parse_args(argv)

    docs = Path(args.docs).resolve()
    root = docs.parent
    _site, report = load_site(docs)
    problems = report.errors + report.warnings
    if args.paths:
        wanted, missing = [], []
        for raw in args.paths:
            path = Path(raw)
            rel = rel_path(path.resolve(), root)
            if not path.exists():
                missing.append(Problem(raw, 1, "(tệp)", "không tìm thấy tệp này"))
            elif not rel.startswith("docs/"):
                missing.append(Problem(raw, 1, "(tệp)", "chỉ kiểm tra được tệp nằm trong thư mục docs/ của kho"))
            else:
                wanted.append(rel.rstrip("/") + ("/" if path.is_dir() else ""))
        problems = missing + [p for p in problems
                              if any(p.path == w or (w.endswith("/") and p.path.startswith(w)) for w in wanted)]
    for problem in problems:
        print(problem.format())
    sys.stdout.flush()
    errors = sum(p.level == ERROR for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} lỗi, {warnings} cảnh báo" + ("" if errors else ": có thể đăng."), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
