"""Import a filled review sheet into the bulletin of the review meeting.

    .venv/bin/python scripts/import_sheet.py ra-soat.xlsx docs/meetings/2026/2026-12-05-ra-soat.md
    .venv/bin/python scripts/import_sheet.py ra-soat.csv  docs/meetings/2026/2026-12-05-ra-soat.md --dry-run

The sheet is the one downloaded from the tracker, a body's or a locality's page ("Tải bảng rà soát"),
as Excel (.xlsx) or CSV, or the open-data data/commitments.csv with a "review_status" column added.
Each row with a new status becomes a review of the bulletin (status, note, evidence, hand-over). Every
row is checked first, and the bulletin with its new reviews must pass scripts/check.py: on any problem
the lines `sheet:row:column: message` (or the check's `path:line: field: message`) are printed, in
Vietnamese, and NOTHING is written. Only the bulletin's `reviews` list changes; the rest of the file
stays byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _portal import DOCS

from portal.editor.sheet_import import import_into_bulletin  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Nhập bảng rà soát (Excel hoặc CSV) vào bản tin của hội nghị rà soát.")
    parser.add_argument("sheet", help="bảng rà soát đã điền: .xlsx hoặc .csv")
    parser.add_argument("bulletin", help="bản tin của hội nghị rà soát, trong docs/meetings/")
    parser.add_argument("--docs", default=str(DOCS), help="thư mục nội dung (mặc định: docs/ của kho)")
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và in các lần rà soát, không ghi tệp")
    args = parser.parse_args(argv)

    sheet, bulletin, docs = Path(args.sheet), Path(args.bulletin), Path(args.docs).resolve()
    if not sheet.is_file():
        print(f"{args.sheet}:1: (tệp): không tìm thấy bảng này", file=sys.stderr)
        return 2
    if bulletin.suffix != ".md":
        swapped = " (thứ tự: bảng trước, bản tin sau)" if sheet.suffix == ".md" else ""
        print(f"{args.bulletin}:1: (tệp): đây không phải bản tin: cần tệp .md trong docs/meetings/{swapped}",
              file=sys.stderr)
        return 2
    if not bulletin.is_file():
        print(f"{args.bulletin}:1: (tệp): không tìm thấy bản tin này (tệp .md trong docs/meetings/)", file=sys.stderr)
        return 2
    try:
        bulletin.resolve().relative_to(docs)
    except ValueError:
        print(f"{args.bulletin}:1: (tệp): bản tin phải nằm trong {docs}", file=sys.stderr)
        return 2
    try:
        data = sheet.read_bytes()
    except OSError as exc:
        print(f"{args.sheet}:1: (tệp): không đọc được ({exc.strerror})", file=sys.stderr)
        return 2
    outcome = import_into_bulletin(docs, bulletin, sheet.name, data)
    for row, cid in outcome.result.unchanged:
        print(f"{sheet.name}:{row}: {cid}: đã có trong bản tin như vậy, giữ nguyên", file=sys.stderr)
    for line in outcome.errors + outcome.warnings:
        print(line)
    if not outcome.ok:
        print(f"{len(outcome.errors)} lỗi: chưa ghi gì vào {args.bulletin}. Sửa bảng (hoặc bản tin) rồi chạy lại.",
              file=sys.stderr)
        return 1
    count, skipped = len(outcome.result.reviews), outcome.result.skipped
    if args.dry_run or not count:
        print(f"{count} lần rà soát mới, {skipped} dòng chưa có trạng thái mới (bỏ qua)"
              + ("; --dry-run: chưa ghi gì." if args.dry_run else "; không có gì để ghi."), file=sys.stderr)
        return 0
    bulletin.write_text(outcome.text, encoding="utf-8", newline="")
    print(f"Đã ghi {count} lần rà soát vào {args.bulletin} ({skipped} dòng chưa có trạng thái mới, bỏ qua). "
          f"Kiểm tra lại: .venv/bin/python scripts/check.py {args.bulletin}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
