"""Turn the plain text of a published article into a draft bulletin.

    python scripts/import_article.py ARTICLE.txt            # writes where the contract puts it
    python scripts/import_article.py ARTICLE.txt -o PATH    # or to PATH
    python scripts/import_article.py ARTICLE.txt -o -       # or prints it
    python scripts/import_article.py FOLDER [-o DIR]        # every .txt in FOLDER
    python scripts/import_article.py ARTICLE.txt --json     # a JSON report of what was found and what
                                                            # a person must fill in (no draft written
                                                            # unless -o PATH is given too)

What it cannot find it writes as "CẦN ĐIỀN", which scripts/check.py reports until a
person fills it in. It prints what it found and what needs a person (on stderr, so
`-o -` prints only the draft).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

from _portal import DOCS, ROOT

from portal.importer.importer import ArticleTooLong, ImportResult, check_article_size, import_article  # noqa: E402
from portal.content.loader import load_site  # noqa: E402


def read_article(path: Path) -> str:
    try:
        check_article_size(path.stat().st_size, str(path))  # before reading: a huge file is never read
        data = path.read_bytes()
    except ArticleTooLong as exc:
        raise SystemExit(str(exc)) from None
    except OSError as exc:
        raise SystemExit(f"{path}: không đọc được tệp ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SystemExit(f"{path}: tệp không phải UTF-8; hãy lưu lại bài với mã hóa UTF-8") from None


def summary(draft: ImportResult) -> list[str]:
    chairs = ", ".join(c.name for c in draft.chairs) or "—"
    return [
        f"  tiêu đề: {draft.title or '—'}",
        f"  ngày họp: {draft.date.iso if draft.date else '—'}"
        + (f" ({draft.session})" if draft.session else "") + (f" lúc {draft.time}" if draft.time else ""),
        f"  đăng tin: {draft.published.isoformat() if draft.published else '—'}",
        f"  chủ trì: {chairs}",
        f"  cơ quan: {', '.join(draft.organizations) or '—'}"
        + (f" (không có trong danh mục: {'; '.join(draft.unknown_bodies)})" if draft.unknown_bodies else ""),
        f"  chủ đề: {', '.join(draft.topics) or '—'}",
        f"  cam kết: {len(draft.commitments)}" + (f", chỉ đạo chung: {len(draft.general_directives)}"
                                                   if draft.general_directives else ""),
    ]


def write(draft: ImportResult, text: str, out: str | None, force: bool) -> str:
    if out == "-":
        sys.stdout.write(text)
        return "-"
    target = Path(out) if out else ROOT / draft.suggested_path()
    if target.exists() and not force:
        raise FileExistsError(f"{target} đã có; dùng --force để ghi đè hoặc -o để chọn tệp khác")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    try:
        return target.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chuyển bài viết đã đăng thành bản nháp bản tin.")
    parser.add_argument("article", help="tệp .txt của bài viết, hoặc một thư mục chứa các tệp .txt")
    parser.add_argument("-o", "--output", help="tệp đích (\"-\" để in ra màn hình); với thư mục: thư mục đích")
    parser.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    parser.add_argument("--json", action="store_true",
                        help="in báo cáo JSON (những gì tìm thấy và những gì cần người điền) ra màn hình; "
                             "chỉ ghi bản nháp khi có -o TỆP")
    args = parser.parse_args(argv)
    if args.json and args.output == "-":
        print("--json in báo cáo ra màn hình nên không dùng cùng \"-o -\"", file=sys.stderr)
        return 2

    site, _report = load_site(DOCS)
    existing = {c.id for m in site.meetings for c in m.commitments}
    source = Path(args.article)
    if not source.exists():
        print(f"{source}: không tìm thấy", file=sys.stderr)
        return 2

    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.suffix.lower() == ".txt")
        if not files:
            print(f"{source}: không có tệp .txt nào", file=sys.stderr)
            return 2
        failed = 0
        reports = []
        for path in tqdm(files, desc="Nhập bài", unit="bài", file=sys.stderr):
            try:
                try:
                    draft = import_article(read_article(path), site.registries, path.name, docs=DOCS)
                except ArticleTooLong as exc:
                    raise SystemExit(str(exc)) from None
                draft.assign_ids(existing)
                out = str(Path(args.output) / (path.stem + ".md")) if args.output else None
                where = None
                if not args.json or out:
                    where = write(draft, draft.to_markdown(), out, args.force)
                if args.json:
                    reports.append({**draft.to_report(), "draft": where})
                    if where is None:
                        continue
                needs = len(draft.needs)
                tqdm.write(f"{path.name} → {where}: {draft.date.iso if draft.date else 'chưa rõ ngày'}, "
                           f"{len(draft.chairs)} chủ trì, {len(draft.commitments)} cam kết, "
                           + (f"{needs} chỗ cần người điền" if needs else "đủ thông tin"), file=sys.stderr)
            except (FileExistsError, SystemExit) as exc:
                failed += 1
                message = str(exc)
                tqdm.write(message if message.startswith((path.name, str(path))) else f"{path.name}: {message}",
                           file=sys.stderr)
        if args.json:
            print(json.dumps(reports, ensure_ascii=False, indent=2))
        return 1 if failed else 0

    try:
        draft = import_article(read_article(source), site.registries, source.name, docs=DOCS)
    except (ArticleTooLong, SystemExit) as exc:
        print(exc, file=sys.stderr)
        return 1
    draft.assign_ids(existing)  # the draft and the report share one result, ids included
    where = None
    if not args.json or args.output:
        try:
            where = write(draft, draft.to_markdown(), args.output, args.force)
        except FileExistsError as exc:
            print(exc, file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps({**draft.to_report(), "draft": where}, ensure_ascii=False, indent=2))
    if where is not None:
        print(f"Đã tạo bản nháp: {where}" if where != "-" else "Bản nháp ở trên.", file=sys.stderr)
    print("Tìm thấy:", file=sys.stderr)
    print("\n".join(summary(draft)), file=sys.stderr)
    if draft.needs:
        print("Cần người kiểm tra và điền:", file=sys.stderr)
        print("\n".join(f"  - {n}" for n in draft.needs), file=sys.stderr)
    if where is not None:
        print("Luôn đối chiếu bản nháp với bài gốc, rồi chạy: .venv/bin/python scripts/check.py"
              + (f" {where}" if where != "-" else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
