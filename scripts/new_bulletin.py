"""Start a new bulletin: ask for (or take as flags) the main fields, write the file.

    python scripts/new_bulletin.py                       # asks, in Vietnamese
    python scripts/new_bulletin.py --title "…" --date 2026-11-20 --kind "giao ban" \
        --chair "Lê Anh Xuân=Chủ tịch UBND thành phố" --org MTTQ --org "Hội nông dân"

Registry entries are found by key, name, short name or alias, with or without accents.
The file has every field of the format present, each with a Vietnamese comment.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _portal import DOCS, ROOT

import check  # noqa: E402
from portal.contract.dates import PartialDate, parse_time  # noqa: E402
from portal.content.loader import load_site  # noqa: E402
from portal.importer.lookup import resolve  # noqa: E402
from portal.contract.schema import SESSIONS  # noqa: E402
from portal.contract.names import bulletin_src_uri  # noqa: E402
from portal.contract.validate import MARKER  # noqa: E402
from portal.contract.writer import bulletin_text  # noqa: E402

REGISTRY_LABEL = {"meeting_kinds": "loại hội nghị", "people": "người", "organizations": "cơ quan", "topics": "chủ đề"}


class Asker:
    """Reads answers from standard input; with --no-input, refuses to ask."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def ask(self, prompt: str) -> str:
        if not self.enabled:
            raise SystemExit(f"thiếu thông tin: {prompt.strip(': ')} (chạy không có --no-input để được hỏi)")
        print(prompt, end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            raise SystemExit("\nđã hủy: không còn dữ liệu nhập")
        return line.strip()

    def pick(self, entries: dict, what: str, query: str | None = None, *, optional: bool = False) -> str | None:
        """A key of ``entries``, found from a name the person types."""
        while True:
            text = query if query is not None else self.ask(
                f"{what.capitalize()} (gõ tên hoặc viết tắt{', Enter để xong' if optional else ''}): ")
            query = None
            if not text:
                if optional:
                    return None
                continue
            key, candidates = resolve(entries, text)
            if key:
                return key
            if not candidates:
                if not self.enabled:
                    raise SystemExit(f"không tìm thấy {what} nào khớp \"{text}\"")
                print(f"  Không tìm thấy {what} nào khớp \"{text}\". Thêm mục mới vào docs/data/ nếu cần.",
                      file=sys.stderr)
                continue
            if not self.enabled:
                names = "; ".join(f"{k} ({e.name})" for k, e in candidates[:8])
                raise SystemExit(f"\"{text}\" khớp nhiều {what}: {names}. Hãy ghi rõ mã.")
            for i, (k, e) in enumerate(candidates[:9], 1):
                print(f"  {i}. {k} – {e.name}", file=sys.stderr)
            choice = self.ask("  Chọn số: ")
            if choice.isdigit() and 1 <= int(choice) <= min(len(candidates), 9):
                return candidates[int(choice) - 1][0]


def render(title, date, kind, chairs, orgs, topics, time, session, location, registries) -> str:
    """The new bulletin: every field of the contract, filled or empty, each with its description
    (portal.contract.writer, template mode: the same writer as the importer and the editor)."""
    def named(registry, key):
        return registries.by_name(registry)[key].name

    data = {"title": title, "date": date, "time": time, "session": session, "kind": kind, "location": location,
            "chairs": [{"person": person, "role": role} for person, role in chairs],
            "organizations": orgs, "topics": topics}
    notes = {("kind",): f"{named('meeting-kinds', kind)} (mã trong docs/data/meeting-kinds/)"}
    for index, (person, _role) in enumerate(chairs):
        notes[("chairs", index, "person")] = named("people", person)
    body = (f"{MARKER}: dán nội dung bài viết đã đăng vào đây (chú thích ảnh: một đoạn riêng, dòng sau là "
            "{: .photo-caption }).\n")
    return bulletin_text(data, body, notes=notes, template=True,
                         header=["Bản tin hội nghị. Dòng bắt đầu bằng # là chú thích. Hướng dẫn: docs/huong-dan/index.md"])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Tạo một bản tin mới.")
    parser.add_argument("--title", help="tiêu đề")
    parser.add_argument("--date", help="ngày họp: YYYY-MM-DD, YYYY-MM hoặc YYYY")
    parser.add_argument("--kind", help="loại hội nghị: mã hoặc tên, ví dụ \"giao ban\"")
    parser.add_argument("--chair", action="append", default=[],
                        help="người chủ trì: mã hoặc tên, có thể kèm chức vụ: \"Lê Anh Xuân=Chủ tịch UBND thành phố\"")
    parser.add_argument("--org", action="append", default=[], help="cơ quan tham dự: mã, tên hoặc viết tắt")
    parser.add_argument("--topic", action="append", default=[], help="chủ đề: mã, tên hoặc viết tắt")
    parser.add_argument("--time", help="giờ bắt đầu HH:MM")
    parser.add_argument("--session", choices=sorted(SESSIONS), help="buổi họp khi không rõ giờ")
    parser.add_argument("--location", help="địa điểm")
    parser.add_argument("-o", "--output", help="tệp đích (mặc định: docs/meetings/NĂM/NGÀY-tieu-de.md)")
    parser.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    parser.add_argument("--no-input", action="store_true", help="không hỏi; thiếu thông tin thì báo lỗi")
    return parser


def _ask_date(asker: Asker, date_text: str | None) -> PartialDate:
    while True:
        if date_text is None:
            date_text = asker.ask("Ngày họp (YYYY-MM-DD, hoặc YYYY-MM, YYYY): ")
        try:
            return PartialDate.parse(date_text)
        except ValueError:
            if not asker.enabled:
                raise SystemExit(f"ngày \"{date_text}\" không hợp lệ: dùng YYYY-MM-DD, YYYY-MM hoặc YYYY") from None
            print(f"  \"{date_text}\" không phải ngày hợp lệ.", file=sys.stderr)
            date_text = None


def _ask_chairs(asker: Asker, given: list[str], people: dict) -> list[tuple[str, str | None]]:
    chairs = []
    for spec in given:
        who, _, role = spec.partition("=")
        chairs.append((asker.pick(people, "người chủ trì", who.strip()), role.strip() or None))
    while not chairs or (not given and asker.enabled):
        person = asker.pick(people, "người chủ trì", optional=bool(chairs))
        if person is None:
            break
        role = asker.ask("  Chức vụ như bản tin nêu (Enter để bỏ qua): ") or None
        chairs.append((person, role))
    return chairs


def _ask_many(asker: Asker, values: list[str], entries: dict, what: str) -> list[str]:
    keys = [asker.pick(entries, what, v) for v in values]
    if not values and asker.enabled:
        while (key := asker.pick(entries, what, optional=True)) is not None:
            keys.append(key)
    return list(dict.fromkeys(keys))


def _write(target: Path, text: str, force: bool) -> str:
    if target.exists() and not force:
        raise SystemExit(f"{target} đã có; dùng --force để ghi đè hoặc -o để chọn tên khác")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target.resolve().relative_to(ROOT).as_posix() if target.resolve().is_relative_to(ROOT) else str(target)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    asker = Asker(not args.no_input)
    site, _ = load_site(DOCS)
    reg = site.registries

    title = args.title or ""
    while not title:
        title = asker.ask("Tiêu đề bản tin: ")
    date = _ask_date(asker, args.date)
    if args.time:
        try:
            parse_time(args.time)
        except ValueError:
            raise SystemExit(f"giờ \"{args.time}\" không hợp lệ: dùng HH:MM, ví dụ 14:00") from None
    kind = asker.pick(reg.meeting_kinds, "loại hội nghị", args.kind)
    chairs = _ask_chairs(asker, args.chair, reg.people)
    orgs = _ask_many(asker, args.org, reg.organizations, "cơ quan tham dự")
    topics = _ask_many(asker, args.topic, reg.topics, "chủ đề")

    text = render(title, date.iso, kind, chairs, orgs, topics, args.time, args.session, args.location, reg)
    rel = _write(Path(args.output) if args.output else DOCS / bulletin_src_uri(date, title), text, args.force)
    print(f"Đã tạo {rel}. Dán nội dung bài, điền các trường còn trống, rồi chạy: .venv/bin/python scripts/check.py {rel}",
          file=sys.stderr)
    if rel.startswith("docs/"):
        check.main([str(ROOT / rel)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
