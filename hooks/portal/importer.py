"""Turn the plain text of a published article into a draft bulletin.

The importer extracts only what the text states: the headline, the meeting date
and session, the publication stamp, the chairs and their roles, the bodies and
topics named (by the registries' names and aliases), the directives of the
conclusion as candidate commitments, the byline and photo captions. Whatever it
cannot find is written as :data:`MARKER`, which the content check reports as an
error until a person fills it in. It never invents a value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from .dates import PartialDate
from .model import Registries
from .names import MEETINGS_DIR, bulletin_src_uri, title_slug
from .text import fold, nfc, slugify
from .validate import MARKER

SESSIONS = {"sang": "sang", "chieu": "chieu", "toi": "toi"}
_TERMINAL = ".!?…:;"
_SESSION = r"(?P<session>sáng|chiều|tối)"
_DATE_PATTERNS = [
    # "ngày 12 tháng 2 năm 2020"
    re.compile(rf"(?:{_SESSION}\s+)?(?:ngày\s+)?(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})\s+năm\s+(?P<y>\d{{4}})", re.I),
    # "Chiều ngày 12/2/2020", "Ngày 01/11/2018", "31.12.2019", "15-3-2021"
    re.compile(rf"(?:{_SESSION}\s+)?(?:ngày\s+)?(?<!\d)(?P<d>\d{{1,2}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}})(?!\d)",
               re.I),
    # "Sáng 15-3", "Chiều 20/6", "ngày 15/3": the year comes from the publication stamp
    re.compile(rf"(?:{_SESSION}\s+(?:ngày\s+)?|ngày\s+)(?<!\d)(?P<d>\d{{1,2}})[/\-](?P<m>\d{{1,2}})(?![/.\-]?\d)", re.I),
]
_TIME = re.compile(r"(?:lúc|vào lúc)\s+(?P<h>\d{1,2})\s*(?:h|giờ|:)\s*(?P<min>\d{2})?", re.I)
_STAMP = re.compile(
    r"^\s*(?:ngày đăng(?:\s+tin)?\s*:?\s*)?(?:(?P<h>\d{1,2}):(?P<min>\d{2})\s*(?:!!|\||-)?\s*)?"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:\s+(?P<h2>\d{1,2}):(?P<min2>\d{2}))?\s*$", re.I)
_HONORIFIC = re.compile(r"(?<![\w/])(?:đồng chí|đ/c|ông|bà)\s+", re.I)
_ROLE_END = re.compile(
    r"\s+(?:và\s+(?:đồng chí|đ/c|ông|bà)\b|cùng\s+(?:đồng chí|đ/c|ông|bà)\b|đồng chủ trì|chủ trì|đánh giá|ghi nhận|"
    r"phát biểu|yêu cầu|đề nghị|nhấn mạnh|khẳng định|biểu dương|cho biết|chỉ đạo|kết luận|giao\s)"
    r"|[.;(]|$", re.I)
_DASH = re.compile(r"^\s*[–—-]\s*")
_DIRECTIVE_COLON = re.compile(r"(?:đề nghị|yêu cầu|chỉ đạo|giao nhiệm vụ)\s*:\s*", re.I)
_DIRECTIVE_VERB = re.compile(r"\b(?:giao cho|giao|đề nghị|yêu cầu)\s+", re.I)
_SUBJECT_GLUE = re.compile(r"^[\s,]*(?:(?:và|cùng|với)\s+)?(?:các đoàn thể(?:\s+thành phố)?)?[\s,]*$", re.I)
_TITLE_BEFORE = re.compile(r"(?:bi thu|chu tich|truong ban|truong|uy vien|giam doc|pho)\s+$")  # on folded text
_PARTNER_LEAD = re.compile(r"phối hợp(?:\s+với|\s+cùng)?\s*$", re.I)


@dataclass
class Mention:
    key: str
    start: int
    end: int
    in_title: bool = False  # part of a person's title: "Bí thư Thành ủy", "Chủ tịch UBND"


@dataclass
class ChairFound:
    name: str
    role: str | None
    key: str | None  # None: not in the people registry yet


@dataclass
class Candidate:
    text: str
    owners: list[str]
    partners: list[str]
    owners_inherited: bool = False


@dataclass
class Draft:
    source: str
    title: str | None = None
    date: PartialDate | None = None
    date_text: str | None = None
    session: str | None = None
    time: str | None = None
    published: dt.datetime | None = None
    kind: str | None = None
    chairs: list[ChairFound] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    commitments: list[Candidate] = field(default_factory=list)
    general_directives: list[str] = field(default_factory=list)
    author: str | None = None
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "caption", text)
    notes: list[str] = field(default_factory=list)

    # --- what a person must do ------------------------------------------------

    @property
    def needs(self) -> list[str]:
        out = []
        if not self.title:
            out.append("title: bài không có dòng tiêu đề")
        if not self.date:
            out.append(f"date: {self.date_text or 'bài không nêu ngày họp'}")
        if not self.kind:
            out.append("kind: không nhận ra loại hội nghị")
        if not self.chairs:
            out.append("chairs: không tìm thấy người chủ trì")
        for chair in self.chairs:
            if chair.key is None:
                out.append(f"chairs: \"{chair.name}\" chưa có trong docs/data/people.yml (xem đề xuất cuối phần đầu)")
        for c in self.commitments:
            if not c.owners:
                out.append(f"commitments: chưa rõ cơ quan chủ trì: \"{c.text[:60]}…\"")
        return out + self.notes

    # --- output ----------------------------------------------------------------

    def suggested_path(self) -> str:
        stem = self.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if self.date is None:
            return f"docs/{MEETINGS_DIR}/nhap/{title_slug(self.title or stem)}.md"
        return "docs/" + bulletin_src_uri(self.date, self.title or stem)

    def to_markdown(self, used_ids: set[str] | None = None) -> str:
        """The draft bulletin; commitment ids avoid, and are added to, ``used_ids``."""
        q = _quote
        lines = ["---",
                 f"# Bản nháp tạo từ \"{self.source}\" bằng scripts/import_article.py.",
                 f"# Kiểm tra từng trường so với bài; thay mọi chỗ \"{MARKER}\" rồi chạy: .venv/bin/python scripts/check.py",
                 f"title: {q(self.title or MARKER)}"]
        if self.date:
            lines.append(f"date: {self.date.iso}" + (f"  # \"{self.date_text}\"" if self.date_text else ""))
        else:
            lines.append(f"date: {q(MARKER)}  # YYYY-MM-DD, YYYY-MM hoặc YYYY" +
                         (f"; bài ghi \"{self.date_text}\"" if self.date_text else "; bài không nêu ngày họp"))
        if self.time:
            lines.append(f"time: {q(self.time)}")
        elif self.session:
            lines.append(f"session: {self.session}")
        lines.append(f"kind: {self.kind or q(MARKER)}" + ("" if self.kind else "  # mã trong docs/data/meeting-kinds.yml"))
        lines.append("chairs:")
        if not self.chairs:
            lines.append(f"  - person: {q(MARKER)}  # mã trong docs/data/people.yml")
        for chair in self.chairs:
            if chair.key:
                lines.append(f"  - person: {chair.key}  # {chair.name}")
            else:
                lines.append(f"  - person: {q(MARKER)}  # {chair.name}: chưa có trong danh mục, xem đề xuất bên dưới")
            if chair.role:
                lines.append(f"    role: {q(chair.role)}")
        lines.append(f"organizations: [{', '.join(self.organizations)}]")
        if self.topics:
            lines.append(f"topics: [{', '.join(self.topics)}]")
        if self.published:
            lines.append(f"published: {self.published.isoformat()}")
        if self.author:
            lines.append(f"author: {q(self.author)}")
        if self.commitments:
            lines.append("commitments:  # các chỉ đạo trong phần kết luận: kiểm tra nội dung, cơ quan, mã")
            used = used_ids if used_ids is not None else set()
            for c in self.commitments:
                lines.append(f"  - id: {self._commitment_id(c, used)}")
                lines.append(f"    text: {q(c.text)}")
                note = "  # theo chủ ngữ của câu chỉ đạo trước: kiểm tra lại" if c.owners_inherited else ""
                if c.owners:
                    lines.append(f"    owners: [{', '.join(c.owners)}]{note}")
                else:
                    lines.append(f"    owners: [{q(MARKER)}]  # không tìm thấy cơ quan chủ trì trong câu")
                if c.partners:
                    lines.append(f"    partners: [{', '.join(c.partners)}]")
        if self.general_directives:
            lines.append("# Chỉ đạo chung không nêu cơ quan (chưa ghi thành cam kết):")
            lines += [f"#   {d}" for d in self.general_directives]
        proposals = [c for c in self.chairs if c.key is None]
        if proposals:
            lines.append("# Đề xuất thêm vào docs/data/people.yml (kiểm tra rồi chép vào cuối tệp):")
            for c in proposals:
                lines.append(f"#   {slugify(c.name)}:")
                lines.append(f"#     name: {q(c.name)}")
                if c.role:
                    lines.append("#     positions:")
                    lines += [f"#       - title: {q(part.strip())}" for part in c.role.split(",") if part.strip()]
        lines.append("---")
        lines.append("")
        for kind, text in self.blocks:
            lines.append(escape_markdown(text))
            if kind == "caption":
                lines.append("{: .photo-caption }")
            lines.append("")
        return "\n".join(lines)

    def _commitment_id(self, c: Candidate, used: set[str]) -> str:
        year = str(self.date.year) if self.date else "nam"
        words = [w for w in slugify(c.text).split("-") if len(w) > 1][:6]
        base = "-".join(words + [year])
        cid, n = base, 2
        while cid in used:
            cid, n = f"{base}-{n}", n + 1
        used.add(cid)
        return cid


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def escape_markdown(text: str) -> str:
    """Keep article text literal in Markdown: escape what would become markup.

    "<" and an entity-like "&" become HTML entities: Python-Markdown reads "\\<" as a
    backslash before a live tag, so an article's "<img onerror=…>" would run.
    """
    text = re.sub(r"&(?=#?[0-9A-Za-z]+;)", "&amp;", text).replace("<", "&lt;")
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    return re.sub(r"^(\s*)([#>+\-]|\d+\.)(\s)", r"\1\\\2\3", text)


# --- registry matching ----------------------------------------------------------

class NameIndex:
    """Finds registry entries named in a text, by name, short name or alias, ignoring accents."""

    def __init__(self, entries: dict):
        names: list[tuple[str, str]] = []
        for key, entry in entries.items():
            for name in [entry.name, getattr(entry, "short", None), *entry.aliases]:
                if name:
                    names.append((_fold_same_length(name), key))
        names.sort(key=lambda n: -len(n[0]))
        self._patterns = [(re.compile(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])"), k) for n, k in names if n]

    def find(self, text: str) -> list[Mention]:
        folded = _fold_same_length(text)
        taken: list[Mention] = []
        for pattern, key in self._patterns:  # longest names first
            for m in pattern.finditer(folded):
                if not any(t.start < m.end() and m.start() < t.end for t in taken):
                    in_title = bool(_TITLE_BEFORE.search(folded, 0, m.start()))
                    taken.append(Mention(key, m.start(), m.end(), in_title))
        return sorted(taken, key=lambda t: t.start)

    def keys(self, text: str) -> list[str]:
        return list(dict.fromkeys(m.key for m in self.find(text)))


def _fold_same_length(text: str) -> str:
    """Fold character by character so positions match the original text."""
    return "".join((fold(ch) or ch)[:1] for ch in nfc(text))


# --- extraction ----------------------------------------------------------------

def split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?…])\s+", text.strip())
    out: list[str] = []
    for part in parts:
        if out and part[:1].islower():
            out[-1] += " " + part
        elif part:
            out.append(part)
    return out


def _is_headline(block: str) -> bool:
    return len(block) < 250 and block[-1] not in _TERMINAL


def _is_byline(block: str) -> bool:
    words = block.split()
    return (1 <= len(words) <= 5 and not any(ch.isdigit() for ch in block) and block[-1] not in _TERMINAL
            and all(w[:1].isupper() for w in words))


def _is_caption(block: str) -> bool:
    return len(block.split()) <= 15 and block[-1] not in _TERMINAL and block[:1].isupper()


def parse_stamp(block: str) -> dt.datetime | None:
    m = _STAMP.match(block)
    if not m:
        return None
    hour, minute = (m["h"], m["min"]) if m["h"] else (m["h2"], m["min2"])
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    tz = dt.timezone(dt.timedelta(hours=7))
    if hour is None:
        return dt.datetime(day.year, day.month, day.day, tzinfo=tz)
    return dt.datetime(day.year, day.month, day.day, int(hour), int(minute), tzinfo=tz)


def find_meeting_date(text: str, published: dt.datetime | None):
    """(PartialDate or None, session or None, the words as written or None)."""
    best = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None, None, None
    written = best.group(0).strip()
    session = slugify(best["session"]) if best["session"] else None
    day, month = int(best["d"]), int(best["m"])
    year = int(best["y"]) if "y" in best.groupdict() and best["y"] else None
    if year is None:
        if published is None:
            return None, session, f"{written} (không rõ năm: bài không có ngày đăng)"
        year = published.year - (1 if month > published.month else 0)
    try:
        return PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}"), session, written
    except ValueError:
        return None, session, f"{written} (ngày không hợp lệ)"


def find_people(sentence: str) -> list[tuple[str, str | None, int, int]]:
    """(name, role, start, end) for each "đồng chí/ông/bà Name – role" in the sentence."""
    found = []
    for m in _HONORIFIC.finditer(sentence):
        rest = sentence[m.end():]
        words = []
        for word in rest.split(" "):
            clean = word.strip(",")
            if clean[:1].isupper() and len(words) < 5 and clean == word:
                words.append(word)
            else:
                break
        if len(words) < 2:
            continue
        name = " ".join(words)
        after = rest[len(name):]
        dash = _DASH.match(after)
        role = None
        end = m.end() + len(name)
        if dash:
            role_text = after[dash.end():]
            stop = _ROLE_END.search(role_text)
            role = role_text[: stop.start()].strip(" ,") if stop else role_text.strip()
            end += dash.end() + (stop.start() if stop else len(role_text))
        found.append((name, role or None, m.start(), end))
    return found


def import_article(text: str, registries: Registries, source: str = "bài viết") -> Draft:
    draft = Draft(source=source)
    orgs = NameIndex(registries.organizations)
    topics = NameIndex(registries.topics)
    kinds = NameIndex(registries.meeting_kinds)
    people = {fold(n): key for key, p in registries.people.items() for n in [p.name, *p.aliases]}

    blocks = [b.strip() for b in nfc(text).replace("\r\n", "\n").split("\n") if b.strip()]
    rest = []
    for block in blocks:
        stamp = parse_stamp(block)
        if stamp and draft.published is None:
            draft.published = stamp
        elif not stamp:
            rest.append(block)
    if len(rest) > 1 and _is_headline(rest[0]):
        draft.title = rest.pop(0)
    if len(rest) > 1 and _is_byline(rest[-1]):
        draft.author = rest.pop()
    draft.blocks = [("caption" if _is_caption(b) else "p", b) for b in rest]
    paragraphs = [b for kind, b in draft.blocks if kind == "p"]
    body = "\n".join(paragraphs)

    draft.date, draft.session, draft.date_text = find_meeting_date(body, draft.published)
    time = _TIME.search(paragraphs[0]) if paragraphs else None
    if time:
        draft.time = f"{int(time['h']):02d}:{time['min'] or '00'}"

    kind_keys = kinds.keys((draft.title or "") + "\n" + body)
    draft.kind = kind_keys[0] if kind_keys else None

    # Chairs: those named in a sentence that says "chủ trì"; else the one giving the conclusion.
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    role_spans: list[tuple[str, int, int]] = []  # (sentence, start, end) of names and roles
    chosen = []
    for sentence in sentences:
        mentions = find_people(sentence)
        role_spans += [(sentence, start, end) for _, _, start, end in mentions]
        if re.search(r"chủ trì", sentence, re.I) and mentions and not chosen:
            chosen = mentions
    if not chosen:
        for sentence in sentences:
            if re.search(r"kết luận", sentence, re.I) and find_people(sentence):
                chosen = find_people(sentence)[:1]
                break
    draft.chairs = [ChairFound(name, role, people.get(fold(name))) for name, role, _, _ in chosen]

    # Commitments: the directives of the conclusion.
    conclusion = next((p for p in reversed(paragraphs) if re.search(r"kết luận", p, re.I)), paragraphs[-1] if paragraphs else "")
    draft.commitments, draft.general_directives = _directives(conclusion, orgs)

    # Participating bodies: named outside the people's titles and the directives, plus the owners.
    text_wo_roles = body
    for sentence, start, end in role_spans:
        text_wo_roles = text_wo_roles.replace(sentence[start:end], " ")
    for c in draft.commitments:
        text_wo_roles = text_wo_roles.replace(c.text, " ")
    for d in draft.general_directives:
        text_wo_roles = text_wo_roles.replace(d, " ")
    named = list(dict.fromkeys(m.key for m in orgs.find((draft.title or "") + "\n" + text_wo_roles)
                               if not m.in_title))
    draft.organizations = list(dict.fromkeys(named + [k for c in draft.commitments for k in c.owners]))
    draft.topics = topics.keys((draft.title or "") + "\n" + body)
    return draft


def _directives(conclusion: str, orgs: NameIndex) -> tuple[list[Candidate], list[str]]:
    candidates: list[Candidate] = []
    general: list[str] = []
    colon = _DIRECTIVE_COLON.search(conclusion)
    if colon:
        items = split_sentences(conclusion[colon.end():])
    else:
        items = []
    for sentence in split_sentences(conclusion[: colon.start()] if colon else conclusion):
        verb = _DIRECTIVE_VERB.search(sentence)
        if not verb:
            continue
        after = sentence[verb.end():]
        if _leading_bodies(after, orgs):
            items.append(after[0].upper() + after[1:] if after else after)
        elif not colon:
            general.append(sentence)
    previous: list[str] = []
    for item in items:
        item = item.strip()
        if not item:
            continue
        owners = _leading_bodies(item, orgs)
        inherited = False
        if not owners and previous:
            owners, inherited = previous, True
        partners = _partners(item, orgs)
        candidates.append(Candidate(item, owners, [p for p in partners if p not in owners], inherited))
        if owners and not inherited:
            previous = owners
    return candidates, general


def _leading_bodies(sentence: str, orgs: NameIndex) -> list[str]:
    """Bodies that open the sentence as its subject: "MTTQ, Ban Dân vận và các đoàn thể …"."""
    keys, pos = [], 0
    for mention in orgs.find(sentence):
        if not _SUBJECT_GLUE.match(sentence[pos:mention.start]):
            break
        keys.append(mention.key)
        pos = mention.end
    return list(dict.fromkeys(keys))


def _partners(sentence: str, orgs: NameIndex) -> list[str]:
    """Bodies right after "phối hợp (với)": "HLHPN phối hợp với Phòng tài nguyên môi trường"."""
    out = []
    for mention in orgs.find(sentence):
        if _PARTNER_LEAD.search(sentence[: mention.start].rstrip()):
            out.append(mention.key)
    return out
