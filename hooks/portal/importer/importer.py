"""Turn the plain text of a published article into a draft bulletin.

The importer extracts only what the text states: the headline, the meeting date,
time and session, the publication stamp, the chairs and their roles, the bodies and
topics named (by the registries' names and aliases), the directives as candidate
commitments, the byline and photo captions.

Every value is either sure (a form that cannot mean anything else, or a registry
match) or flagged: the field is written as :data:`MARKER` ("CẦN ĐIỀN") with a note
saying what was found and why it is not sure, and listed in :attr:`ImportResult.needs`.
The content check reports every marker until a person resolves it. A person not in the
registry is proposed as a new entry with the full name as written.

One :class:`ImportResult` gives both the draft (:meth:`ImportResult.to_markdown`) and
the machine-readable report (:meth:`ImportResult.to_report`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from portal.contract.dates import PartialDate
from portal.importer.import_dates import fold_keep, has_stamp_date, read_meeting_date, read_stamp
from portal.importer.import_people import SURNAMES, Person, find_people as _find_people
from portal.content.model import Registries
from portal.contract.names import MEETINGS_DIR, bulletin_src_uri, title_slug
from portal.contract.text import fold, nfc, slugify
from portal.contract.validate import MARKER
from portal.contract.writer import bulletin_text, entry_text

_TERMINAL = ".!?…:;"
_LEAD_OPENER = re.compile(r"^(?:năm\s+\d{4}|trong\s|thời\s+gian\s+qua|những\s+năm|vừa\s+qua|mới\s+đây|thực\s+hiện|"
                          r"nhằm|để|theo|tại|với|qua|sau|trước|nhân\s+dịp)\b", re.I)
_HEADLINE_NOT = re.compile(r"^(?:sáng|chiều|tối|trưa|ngày|vào|lúc|hôm|\d)", re.I)
_SUBJECT_GLUE = re.compile(r"^[\s,]*(?:(?:và|cùng|với)\s+)?(?:các\s+đoàn\s+thể(?:\s+thành\s+phố)?)?[\s,]*$", re.I)
_TITLE_BEFORE = re.compile(  # a body named inside a person's title (folded text before it)
    r"(?:bi thu|chu tich|truong ban|truong|uy vien|giam doc|pho|thuong vu|ban chap hanh|chanh van phong)\s+$")
_OTHER_LEVEL = re.compile(r"^\s*(?:viet nam\s+)?(?:cac\s+(?:cap|phuong|xa|thi tran|huyen|don vi|co so|chi hoi)\b|"
                          r"(?:phuong|xa|thi tran|huyen|thi xa|quan|tinh)\b)")
_CITY_NAME = re.compile(r"^\s*thanh hoa\b")
_PARTNER_LEAD = re.compile(r"phối hợp(?:\s+với|\s+cùng)?\s*$", re.I)
_BODY_WORDS = re.compile(
    r"^(?:UBND|HĐND|UB\s?MTTQ|Ủy ban|Uỷ ban|Hội|Đoàn|Phòng|Ban|Sở|Công an|Trung tâm|Văn phòng|Đảng ủy|Đảng uỷ|"
    r"Thành đoàn|MTTQ|Mặt trận|Chi cục|Đội|Bộ Chỉ huy|Ban Chỉ huy|Quân sự|Kho bạc|Chi nhánh|Bệnh viện|Trường|"
    r"các\s+(?:phòng|ban|đơn vị|phường|xã|cơ quan|ngành\b(?!,?\s+các\s+cấp)|tổ chức|doanh nghiệp|hội|đoàn thể|"
    r"địa phương|trường))", re.I)
_UNKNOWN_BODY = re.compile(
    r"\b(?:UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân|UB\s?MTTQ|Ủy ban MTTQ|Uỷ ban MTTQ|MTTQ|"
    r"Đảng ủy|Đảng uỷ|Công an|Hội Nông dân|Hội LHPN|Hội Liên hiệp Phụ nữ|Hội Cựu chiến binh|Đoàn Thanh niên|"
    r"Mặt trận Tổ quốc)\s+(?P<level>phường|xã|thị trấn|huyện|thị xã|quận|tỉnh|thành phố|TP\.?)(?![^\W\d_])")
_DIRECTIVE = re.compile(
    r"\b(?:chỉ\s+đạo|yêu\s+cầu|đề\s+nghị|giao(?!\s+(?:ban|lưu|thông|dịch|tiếp|nhận|hữu|thương|lưu|kết|tranh))"
    r"(?:\s+nhiệm\s+vụ\s+cho|\s+nhiệm\s+vụ|\s+cho)?)\s*(?P<colon>:)?", re.I)
_NOT_LEADER = re.compile(r"đại\s+biểu|ý\s+kiến|cử\s+tri|nhân\s+dân|các\s+đơn\s+vị|báo\s+cáo|tham\s+luận", re.I)
_LEADER = re.compile(r"đồng\s+chí|đ/c|\bông\b|\bbà\b|chủ\s+tịch|bí\s+thư|giám\s+đốc|trưởng\s+ban|kết\s+luận|"
                     r"chỉ\s+đạo|lãnh\s+đạo", re.I)
_LIST_MARK = re.compile(r"^\s*(?:[-+•*–]\s*|\d{1,2}[.)]\s+|[a-zđ]\)\s+|(?:thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy)|"
                        r"một\s+là|hai\s+là|ba\s+là|bốn\s+là|năm\s+là)\s*[,:]\s*)", re.I)
_ADVERBIAL = re.compile(r"^(?:trong\s+)?(?:thời\s+gian\s+tới|năm\s+\d{4}|năm\s+tới|những\s+tháng\s+cuối\s+năm|"
                        r"từ\s+nay\s+đến\s+cuối\s+năm|sau\s+hội\s+nghị(?:\s+này)?|trước\s+mắt|đồng\s+thời)\s*,\s*", re.I)
_NEW_TOPIC = re.compile(r"^(?:tại|trước\s+đó|cũng\s+tại|dịp\s+này|nhân\s+dịp|hội\s+nghị|buổi)\b", re.I)
_BYLINE_LABEL = re.compile(r"^(?:(?:tin|bài)(?:\s*(?:,|và|\+|&)\s*ảnh)?|theo|nguồn|tác\s+giả|người\s+viết|"
                           r"phóng\s+viên|nhóm\s+pv)\s*[:\-–]?\s+", re.I)
_BYLINE_STRONG = re.compile(r"^(?:(?:tin|bài)\s*(?:,|và|\+|&)\s*ảnh|tác\s+giả|người\s+viết|phóng\s+viên)\s*:", re.I)
_INSTITUTION = re.compile(r"^(?:Trung tâm|Phòng|Văn phòng|Ban|Báo|Đài|Cổng|Tạp chí|Sở|UBND|Hội|Đoàn|Thành đoàn|"
                          r"Công an|Ủy ban|Uỷ ban|Bộ phận|Tổ|Nhóm|Cơ quan)\b")
_CAPTION_WORDS = {"trao", "phát", "dự", "tham", "thăm", "kiểm", "tặng", "ra", "tổ", "chủ", "làm", "khai", "chụp",
                  "tuyên", "ký", "nhận", "đón", "chúc", "thảo", "họp", "tại", "cắt", "gắn", "khánh", "diễn", "biểu",
                  "quang", "toàn", "các", "lãnh", "đại", "đồng", "hội", "buổi"}
# Page furniture pasted with an article (folded): dropped. From a "related news" heading on, all is dropped.
_CHROME = re.compile(
    r"^(?:trang chu|home|tin tuc|tin tuc\s*-\s*su kien|su kien|thoi su|hoat dong|chia se(?: bai viet)?|"
    r"in bai(?: viet)?|ban in|gui email|gui bai|luu bai(?: viet)?|facebook|zalo|twitter|tweet|like|share|"
    r"binh luan|y kien ban doc|gui y kien|xem them|quay lai|dau trang|tro ve|nghe doc bai|nghe bai viet|"
    r"tin (?:hoat dong|dia phuong|tong hop|noi bat|trong tinh|su kien|chinh tri|kinh te|van hoa)|"
    r"hoat dong (?:cua )?(?:lanh dao|ubnd|hdnd|thanh uy|mat tran|doan the|cac doan the|co so|phuong xa)"
    r"(?: thanh pho| tinh| huyen)?|chinh tri|kinh te|van hoa(?: - xa hoi)?|xa hoi|thong bao|"
    r"chinh quyen|mat tran|doan the|xay dung dang|quoc phong - an ninh|"
    r"(?:co chu|font chu|tu khoa|tags?|the|chia se|luot xem|luot doc|danh gia)\s*:.*|"
    r"(?:trang chu|home)\s*[>»/|].*|.*\s[>»]\s.*\s[>»]\s.*)[\s:.]*$")
_CHROME_WORDS = set("chia se in bai viet gui email qua luu ban trang chu tin tuc facebook zalo twitter binh luan "
                    "quay lai dau cua co chu font nghe doc theo doi google news".split())
_RELATED = re.compile(r"^(?:tin lien quan|cac tin (?:khac|da dua|lien quan)|tin cung chuyen muc|bai viet lien quan|"
                      r"tin khac|tin moi(?: nhat)?|cac bai viet khac|xem tiep)[\s:.]*$")
_ABBREVIATIONS = re.compile(r"(?:\b(?:TP|Tp|TS|ThS|PGS|GS|BS|KS|St|Đ/c|đ/c|P|Q|TT)\.)$")


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
    key: str | None          # None: not in the people registry (proposed as a new entry) or not sure
    sure: bool = True
    note: str | None = None


@dataclass
class Candidate:
    text: str
    owners: list[str]
    partners: list[str]
    owners_inherited: bool = False
    owners_note: str | None = None   # why the owners are not sure
    id: str | None = None


@dataclass
class ImportResult:
    source: str
    title: str | None = None
    date: PartialDate | None = None
    date_text: str | None = None
    session: str | None = None
    time: str | None = None
    published: dt.datetime | None = None
    published_text: str | None = None
    year_from_stamp: bool = False          # the body gave day and month; the year is the stamp's
    kind: str | None = None
    chairs: list[ChairFound] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    unknown_bodies: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    commitments: list[Candidate] = field(default_factory=list)
    general_directives: list[str] = field(default_factory=list)
    author: str | None = None
    credit: str | None = None             # a "Nguồn: …" line after the byline
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "caption", text)
    flags: dict[str, str] = field(default_factory=dict)          # field -> what was found, why not sure

    # --- what a person must do ------------------------------------------------

    @property
    def captions(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "caption"]

    @property
    def new_people(self) -> list[ChairFound]:
        return [c for c in self.chairs if c.key is None and c.sure]

    @property
    def need_items(self) -> list[dict]:
        items = [{"field": f, "reason": note} for f, note in self.flags.items()]
        for chair in self.new_people:
            items.append({"field": "chairs", "reason": f"\"{chair.name}\" chưa có trong danh mục nhân sự (docs/data/people/): "
                                                       "kiểm tra rồi thêm mục đề xuất ở cuối phần đầu"})
        return items

    @property
    def needs(self) -> list[str]:
        return [f"{n['field']}: {n['reason']}" for n in self.need_items]

    def flag(self, name: str, note: str) -> None:
        if name in self.flags:
            if note not in self.flags[name]:
                self.flags[name] += "; " + note
        else:
            self.flags[name] = note

    # --- output ----------------------------------------------------------------

    def suggested_path(self) -> str:
        stem = self.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if self.date is None:
            return f"docs/{MEETINGS_DIR}/nhap/{title_slug(self.title or stem)}.md"
        return "docs/" + bulletin_src_uri(self.date, self.title or stem)

    def assign_ids(self, used: set[str] | None = None) -> None:
        """Give each commitment an id unique across ``used`` (which it extends); once."""
        used = used if used is not None else set()
        year = str(self.date.year) if self.date else "nam"
        for c in self.commitments:
            if c.id:
                continue
            words = [w for w in slugify(c.text).split("-") if len(w) > 1][:6]
            base = "-".join(words + [year]) or f"cam-ket-{year}"
            cid, n = base, 2
            while cid in used:
                cid, n = f"{base}-{n}", n + 1
            used.add(cid)
            c.id = cid

    def proposals(self) -> list[dict]:
        out = []
        for c in self.new_people:
            entry = {"key": slugify(c.name), "name": c.name}
            if c.role:
                entry["positions"] = [part.strip() for part in c.role.split(",") if part.strip()]
            out.append(entry)
        return out

    def to_report(self, used_ids: set[str] | None = None) -> dict:
        """What was found, as plain data (the ``--json`` report)."""
        self.assign_ids(used_ids)
        return {
            "source": self.source,
            "path": self.suggested_path(),
            "title": self.title,
            "date": self.date.iso if self.date else None,
            "date_text": self.date_text,
            "year_from_stamp": self.year_from_stamp,
            "time": self.time,
            "session": self.session,
            "published": self.published.isoformat() if self.published else None,
            "published_text": self.published_text,
            "kind": self.kind,
            "chairs": [{"name": c.name, "role": c.role, "key": c.key, "sure": c.sure, "note": c.note}
                       for c in self.chairs],
            "organizations": self.organizations,
            "unknown_bodies": self.unknown_bodies,
            "topics": self.topics,
            "commitments": [{"id": c.id, "text": c.text, "owners": c.owners, "partners": c.partners,
                             "owners_note": c.owners_note} for c in self.commitments],
            "general_directives": self.general_directives,
            "author": self.author,
            "credit": self.credit,
            "captions": self.captions,
            "proposed_people": self.proposals(),
            "needs": self.need_items,
        }

    def to_markdown(self, used_ids: set[str] | None = None) -> str:
        """The draft bulletin; commitment ids avoid, and are added to, ``used_ids``. Written by the
        contract's one writer (portal.contract.writer), with what the importer knows as comments."""
        self.assign_ids(used_ids)
        f = self.flags
        data: dict = {"title": self.title or MARKER}
        notes: dict = {("title",): f.get("title")}
        if self.date:
            data["date"] = self.date.iso
            if self.date_text:
                notes[("date",)] = f"\"{_one_line(self.date_text)}\"" + (", năm theo ngày đăng" if self.year_from_stamp else "")
        else:
            data["date"] = MARKER
            notes[("date",)] = f"YYYY-MM-DD, YYYY-MM hoặc YYYY; {_one_line(f.get('date', ''))}"
        if self.time and self.date:
            data["time"] = self.time
        elif self.session:
            data["session"] = self.session
        data["kind"] = self.kind or MARKER
        if not self.kind:
            notes[("kind",)] = "mã trong docs/data/meeting-kinds/"
        data["chairs"] = []
        notes[("chairs",)] = f.get("chairs")
        if not self.chairs:
            data["chairs"].append({"person": MARKER})
            notes[("chairs", 0, "person")] = "mã trong danh mục docs/data/people/"
        for index, chair in enumerate(self.chairs):
            data["chairs"].append({"person": chair.key if chair.key and chair.sure else MARKER, "role": chair.role})
            if chair.key and chair.sure:
                note = chair.name
            elif chair.sure:
                note = f"{chair.name}: chưa có trong danh mục, xem đề xuất bên dưới"
            else:
                known = f" (trong danh mục: {chair.key})" if chair.key else ""
                note = f"\"{chair.name}\"{known}: không chắc, xem chú thích của chairs"
            notes[("chairs", index, "person")] = note
        data["organizations"] = list(self.organizations) + ([MARKER] if "organizations" in f else [])
        notes[("organizations",)] = f.get("organizations")
        if self.topics:
            data["topics"] = list(self.topics)
        if self.published:
            data["published"] = self.published.isoformat()
        elif "published" in f:
            data["published"] = MARKER
            notes[("published",)] = f"{f['published']} (xóa dòng này nếu không cần)"
        if self.author:
            data["author"] = self.author
            if self.credit:
                notes[("author",)] = f"bài ghi \"{_one_line(self.credit)}\""
        elif "author" in f:
            data["author"] = MARKER
            notes[("author",)] = f"{f['author']} (xóa dòng này nếu không cần)"
        if self.commitments:
            data["commitments"] = []
            notes[("commitments",)] = "các chỉ đạo: kiểm tra nội dung, cơ quan chủ trì, mã"
            for index, c in enumerate(self.commitments):
                item = {"id": c.id, "text": c.text}
                if c.owners and not c.owners_note:
                    item["owners"] = list(c.owners)
                    if c.owners_inherited:
                        notes[("commitments", index, "owners")] = "chủ ngữ của chỉ đạo trước trong cùng danh sách"
                else:
                    item["owners"] = [MARKER]
                    notes[("commitments", index, "owners")] = c.owners_note or "không rõ cơ quan chủ trì"
                if c.partners:
                    item["partners"] = list(c.partners)
                data["commitments"].append(item)
        trailer = []
        if self.general_directives:
            trailer.append(f"{MARKER} (xem xét): chỉ đạo chung không nêu cơ quan, chưa ghi thành cam kết; "
                           "nếu là cam kết, thêm vào commitments với cơ quan chủ trì:")
            trailer += [f"  {_one_line(d)}" for d in self.general_directives]
        proposals = self.proposals()
        if proposals:
            trailer.append("Đề xuất thêm vào danh mục nhân sự, mỗi người một tệp docs/data/people/<mã>.yml "
                           "(kiểm tra rồi tạo tệp):")
            for proposal in proposals:
                entry = {"name": proposal["name"]}
                if proposal.get("positions"):
                    entry["positions"] = [{"title": title} for title in proposal["positions"]]
                trailer.append(f"  docs/data/people/{proposal['key']}.yml:")
                trailer += [f"    {line}" for line in entry_text("people", entry).splitlines()]
        header = [f"Bản nháp tạo từ \"{self.source}\" bằng scripts/import_article.py.",
                  f"Kiểm tra từng trường so với bài; thay mọi chỗ \"{MARKER}\" rồi chạy: .venv/bin/python scripts/check.py"]
        body = []
        for kind, text in self.blocks:
            body.append(escape_markdown(text))
            if kind == "caption":
                body.append("{: .photo-caption }")
            body.append("")
        return bulletin_text(data, "\n".join(body), notes={k: v for k, v in notes.items() if v},
                             header=header, trailer=trailer)


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _one_line(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def escape_markdown(text: str) -> str:
    """Keep article text literal in Markdown: escape what would become markup.

    "<" and an entity-like "&" become HTML entities: Python-Markdown reads "\\<" as a
    backslash before a live tag, so an article's "<img onerror=…>" would run.
    """
    text = re.sub(r"&(?=#?[0-9A-Za-z]+;)", "&amp;", text).replace("<", "&lt;")
    text = re.sub(r"([\\`*_\[\]{}])", r"\\\1", text)  # "{" too: "{: … }" would be an attribute list
    text = re.sub(r"^(\s*)(\d+)\.(\s|$)", r"\1\2\\.\3", text)  # "1. …" is not a list: "1\. …"
    return re.sub(r"^(\s*)([#>+\-])(\s|$)", r"\1\\\2\3", text)


# --- registry matching ----------------------------------------------------------

class NameIndex:
    """Finds registry entries named in a text, by name, short name or alias, ignoring accents.

    A name followed by another level or place ("HĐND phường …", "UBND thành phố Sầm Sơn",
    "MTTQ tỉnh") or by "viên" ("Tỉnh ủy viên" is a person's title) is not this city's body.
    """

    def __init__(self, entries: dict):
        self.other_level: list[str] = []  # bodies of another level seen by the last find()
        names: list[tuple[str, str]] = []
        for key, entry in entries.items():
            for name in [entry.name, getattr(entry, "short", None), *getattr(entry, "aliases", [])]:
                if name:
                    names.append((_fold_same_length(name), key))
        names.sort(key=lambda n: -len(n[0]))
        self._patterns = [(re.compile(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])"), k) for n, k in names if n]

    def find(self, text: str) -> list[Mention]:
        text = nfc(text)
        folded = _fold_same_length(text)
        taken: list[Mention] = []
        self._rejected: dict[int, str] = {}
        occupied = bytearray(len(folded))
        for pattern, key in self._patterns:  # longest names first
            for m in pattern.finditer(folded):
                if any(occupied[m.start():m.end()]):
                    continue
                occupied[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                if _other_level(text, folded, m.end()):
                    # occupies the span, matches nothing; remembered as a body of another level
                    self._rejected[m.start()] = m.group()
                    taken.append(Mention("", m.start(), _extend_place(text, m.end())))
                    continue
                in_title = bool(_TITLE_BEFORE.search(folded, max(0, m.start() - 40), m.start()))
                taken.append(Mention(key, m.start(), m.end(), in_title))
        # (a rejected name that a place or level extends; "Đoàn Thanh niên các phường" names no one body)
        self.other_level = [text[t.start:t.end] for t in sorted(taken, key=lambda t: t.start)
                            if not t.key and t.end > t.start + len(self._rejected.get(t.start, ""))
                            and not _TITLE_BEFORE.search(folded, max(0, t.start - 40), t.start)]
        return sorted((t for t in taken if t.key), key=lambda t: t.start)

    def keys(self, text: str) -> list[str]:
        return list(dict.fromkeys(m.key for m in self.find(text)))


def _other_level(text: str, folded: str, end: int) -> bool:
    after = folded[end:end + 40]
    if re.match(r"^\s*vien\b", after):
        return True
    if _OTHER_LEVEL.match(after):
        return True
    before = folded[max(0, end - 12):end]
    if re.search(r"(?:thanh pho|tp)$", before) or re.match(r"^\s*(?:thanh pho|tp\.?)\s", after):
        rest = re.sub(r"^\s*(?:thanh pho|tp\.?)(?=\s)", "", after) if not re.search(r"(?:thanh pho|tp)$", before) \
            else after
        nxt = re.match(r"\s+([^\W\d_]+)", text[end + (len(after) - len(rest)):end + 40])
        if nxt and _cap(nxt.group(1)) and not _CITY_NAME.match(fold(nxt.group(1) + " " + text[end:end + 40]))\
                and nxt.group(1) not in SURNAMES:
            return not _CITY_NAME.match(rest)
    return False


_PLACE_WORDS = {"phường", "xã", "thị", "trấn", "huyện", "quận", "tỉnh", "thành", "phố", "ủy", "uỷ", "tp", "tp."}


def _extend_place(text: str, end: int) -> int:
    """The end of "… phường Điện Biên", "… Huyện ủy Đông Sơn", "… thành phố Sầm Sơn" after a body's name."""
    for _ in range(7):
        m = re.match(r" ([^\W\d_]+\.?)", text[end:end + 30])
        if not m or not (m.group(1).lower() in _PLACE_WORDS or _cap(m.group(1).rstrip("."))):
            break
        word = m.group(1) if m.group(1).lower() == "tp." else m.group(1).rstrip(".")
        end += len(word) + 1
    return end


def _cap(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})


def _fold_same_length(text: str) -> str:
    """Fold character by character so positions match the original text (dashes alike)."""
    return fold_keep(nfc(text)).translate(_DASHES)


def unknown_bodies(text: str) -> list[str]:
    """Bodies of another level named in the text ("UBND huyện Thọ Xuân", "HĐND phường Điện Biên",
    "UBND thành phố Sầm Sơn", "Hội Nông dân tỉnh"): never this city's keys."""
    text = nfc(text)
    out = []
    for m in _UNKNOWN_BODY.finditer(text):
        end = m.end()
        place = []
        for w in re.finditer(r" ([^\W\d_]+)", text[end:end + 60]):
            if w.start() != (place[-1].end() if place else 0) or not _cap(w.group(1)):
                break
            place.append(w)
        place_text = text[end:end + place[-1].end()] if place else ""
        if m["level"].lower().startswith(("thành", "tp")) and (not place or _CITY_NAME.match(fold(place_text))):
            continue  # this city: "UBND thành phố", "MTTQ thành phố Thanh Hóa"
        if place and place[0].group(1) in SURNAMES and len(place) >= 2 and \
                m["level"].lower().startswith(("thành", "tp")):
            continue  # "Chủ tịch UBND thành phố Lê Văn A": a person's name, not a place
        if _TITLE_BEFORE.search(_fold_same_length(text[max(0, m.start() - 40):m.start()])):
            continue  # in a person's title
        out.append((m.group() + place_text).strip())
    return list(dict.fromkeys(out))


# --- blocks ------------------------------------------------------------------------

def split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?…])\s+", text.strip())
    out: list[str] = []
    for part in parts:
        if out and (part[:1].islower() or _ABBREVIATIONS.search(out[-1])):
            out[-1] += " " + part
        elif part:
            out.append(part)
    return out


def _is_headline(block: str, rest: list[str]) -> bool:
    if len(rest) < 2 or len(block) > 250 or _HEADLINE_NOT.match(block) or _LIST_MARK.match(block):
        return False
    if block[-1] not in _TERMINAL:
        return True
    # A one-sentence line ending with a period is a headline unless it opens like a lead
    # ("Năm 2018, …", "Vừa qua, …", "Thực hiện …, …"): a clause and a comma early on.
    return (block[-1] in ".!?" and len(block) <= 180 and len(split_sentences(block)) == 1
            and ", " not in block[:30] and not _LEAD_OPENER.match(block))


def read_byline(block: str) -> str | None:
    """The author of a byline ("Thu Hà", "Minh Hằng (Trung tâm VHTT)", "Tin, ảnh: Quốc Hưng",
    "Trung tâm Văn hóa, Thông tin … thành phố"), or None when the line is not a byline."""
    text = block.strip()
    if re.fullmatch(r"(?:[A-ZĐ]{2,6})(?:\s*[-,&/]\s*[A-ZĐ]{2,6}){0,2}", text):
        return text  # "PV", "BBT", "PV - CTV"
    if text.endswith(".") and re.fullmatch(r"(?:[^\W\d_]+ ){0,4}[^\W\d_]+\.", text) and \
            all(_cap(w) for w in text[:-1].split()):
        text = text[:-1]  # "Ngọc Huấn."
    if not text or len(text) > 120 or text[-1] in ".!?:;…" and not text.endswith(")."):
        return None
    label = _BYLINE_LABEL.match(text)
    if label:
        text = text[label.end():].strip()
    if not text:
        return None
    words = text.split()
    name = []
    for w in words:
        if _cap(w.strip(",")) and w == w.rstrip(",") and len(name) < 5:
            name.append(w)
        else:
            break
    rest = text[len(" ".join(name)):].strip()
    if 1 <= len(name) <= 5 and not any(ch.isdigit() for ch in text) and not _INSTITUTION.match(text):
        if not rest:
            return text if (label or len(name) >= 2) else None
        if re.match(r"^\([^()]{1,60}\)$", rest) or re.match(r"^[-–—,]\s+\S", rest):
            affiliation = rest.strip("()-–—, ")
            if _INSTITUTION.match(affiliation) or affiliation.isupper() or len(affiliation.split()) <= 10:
                return text
    if (_INSTITUTION.match(text) or label) and len(words) <= 16 and not any(ch.isdigit() for ch in text):
        lowers = [w.lower().strip(",") for w in words[1:] if not _cap(w.strip(","))]
        if not set(lowers) & _CAPTION_WORDS:
            return text
    return None


def _maybe_byline(block: str) -> bool:
    """A last line that could be a byline the reader did not recognise: short, no final period,
    no caption opener and no verb of a photo caption."""
    words = block.split()
    if not words or len(words) > 8 or block[-1] in _TERMINAL or any(ch.isdigit() for ch in block):
        return False
    if re.match(r"^(?:toàn\s+cảnh|quang\s+cảnh|các\s+đại\s+biểu|đại\s+biểu|ảnh|hình|đồng\s+chí|lãnh\s+đạo)\b",
                block, re.I):
        return False
    lowers = {w.lower().strip(",.") for w in words}
    return not lowers & _CAPTION_WORDS and not lowers & {"hội", "nghị", "phát", "biểu", "tại"}


def _is_caption(block: str) -> bool:
    if re.match(r"^(?:ảnh|hình)\s*:", block, re.I) or re.search(r"\((?:ảnh|ảnh minh họa)[^)]*\)\s*$", block, re.I):
        return True
    if re.match(r"^(?:toàn\s+cảnh|quang\s+cảnh|các\s+đại\s+biểu\s+(?:dự|tham\s+dự))\b", block, re.I) and \
            len(block.split()) <= 20 and len(split_sentences(block)) == 1:
        return True
    return len(block.split()) <= 20 and block[-1] not in _TERMINAL and block[:1].isupper()


# --- extraction ----------------------------------------------------------------

def find_people(sentence: str) -> list[tuple[str, str | None, int, int]]:
    """(name, role, start, end) for each person the sentence names (see import_people)."""
    return [(p.name, p.role, p.start, p.end) for p in _find_people(sentence)]


def clean_text(text: str) -> str:
    """The article as the importer reads it: NFC, one kind of line end, no control or invisible
    characters, runs of spaces as one, lines stripped. Every value it returns is found in this text."""
    text = nfc(str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(" " if ch in "\t\u00a0" else ch for ch in text if ch in "\n\t\u00a0" or ch.isprintable())
    return "\n".join(re.sub(r" +", " ", line).strip() for line in text.split("\n"))


def import_article(text: str, registries: Registries, source: str = "bài viết") -> ImportResult:
    try:
        return _import(text, registries, source)
    except RecursionError:  # pathological input: say so instead of a traceback
        result = ImportResult(source=source)
        result.flag("title", "bài quá phức tạp để đọc tự động: điền mọi trường theo bài gốc")
        return result


def _import(text: str, registries: Registries, source: str) -> ImportResult:
    """Read an article step by step; each step fills ``r`` or flags what it is not sure of."""
    r = ImportResult(source=source)
    orgs = NameIndex(registries.organizations)
    people = {fold(n): key for key, p in registries.people.items() for n in [p.name, *getattr(p, "aliases", [])]}
    rest = _take_stamp(_kept_blocks(text), r)
    rest = _take_title_and_byline(rest, r)
    r.blocks = [("caption" if _is_caption(b) else "p", b) for b in rest]
    paragraphs = [b for kind, b in r.blocks if kind == "p"]
    head = (r.title or "") + "\n" + "\n".join(paragraphs)
    _take_date(paragraphs, r)
    kind_keys = NameIndex(registries.meeting_kinds).keys(head)
    r.kind = kind_keys[0] if kind_keys else None
    if not r.kind:
        r.flag("kind", "không nhận ra loại hội nghị")
    role_spans = _take_chairs(paragraphs, people, r)
    _take_directives(paragraphs, orgs, r)
    _take_bodies(head, paragraphs, role_spans, orgs, r)
    r.topics = NameIndex(registries.topics).keys(head)
    return r


def _kept_blocks(text: str) -> list[str]:
    """The article's lines without page chrome, up to a "related news" list."""
    blocks = []
    for block in clean_text(text).split("\n"):
        folded = fold(block)
        if _RELATED.match(folded):
            break
        words = re.findall(r"[a-z]+", folded)
        if block and not _CHROME.match(folded) and not (words and len(words) <= 6 and set(words) <= _CHROME_WORDS):
            blocks.append(block)
    return blocks


def _take_stamp(blocks: list[str], r: ImportResult) -> list[str]:
    """Publication stamp: the first line that reads as one; every stamp line leaves the body."""
    rest = []
    for block in blocks:
        stamp = read_stamp(block)
        if stamp is None and r.author is None:  # "Thu Hà | 10:10 13/07/2021"
            parts = [p.strip() for p in re.split(r"\s[|–—-]\s", block, maxsplit=1)]
            if len(parts) == 2:
                for who, when in (parts, parts[::-1]):
                    if read_stamp(when) and read_byline(who) == who:
                        r.author, stamp = who, read_stamp(when)
                        break
        if stamp is None:
            rest.append(block)
            continue
        if r.published is None and "published" not in r.flags:
            r.published_text = stamp.text
            if stamp.sure:
                r.published = stamp.value
            else:
                r.flag("published", stamp.note or f"\"{stamp.text}\": không chắc")
    return rest


def _take_title_and_byline(rest: list[str], r: ImportResult) -> list[str]:
    """Headline, byline and credit lines leave the body; an unread date-like line is flagged."""
    for index, block in enumerate(rest):  # "Tác giả: Ngọc Anh", "Tin, ảnh: Quốc Hưng" wherever it stands
        if _BYLINE_STRONG.match(block) and read_byline(block):
            r.author = read_byline(rest.pop(index))
            break
    if rest and _is_headline(rest[0], rest):
        r.title = rest.pop(0).rstrip(".").strip() if rest[0].endswith(".") and not rest[0].endswith("..") \
            else rest.pop(0)
    else:
        r.flag("title", "bài không có dòng tiêu đề" + (f" (dòng đầu: \"{_short(rest[0])}\")" if rest else ""))
    if r.title:  # pages often show the headline twice
        rest = [b for b in rest if b.rstrip(".") != r.title]
    if len(rest) > 2 and re.match(r"^(?:nguồn|theo)\s*:", rest[-1], re.I) and read_byline(rest[-2]) and \
            not _BYLINE_LABEL.match(rest[-2]):
        r.credit = rest.pop()  # "Thu Hà" then "Nguồn: Cổng Thông tin điện tử thành phố": the byline is the author
    if len(rest) > 1 and r.author is None:
        author = read_byline(rest[-1])
        if author:
            r.author = author
            rest.pop()
    if r.author is None and len(rest) > 1 and _maybe_byline(rest[-1]):
        r.flag("author", f"dòng cuối \"{_short(rest[-1])}\" có thể là tên tác giả hoặc chú thích ảnh; "
                         "nếu là tác giả, ghi vào author và xóa dòng đó khỏi nội dung")
    if r.published is None and "published" not in r.flags:
        for block in rest[:4] + rest[-3:]:
            if len(block) <= 90 and block[-1] not in ".!?" and has_stamp_date(block):
                r.flag("published", f"dòng \"{_short(block)}\" có ngày nhưng không đọc chắc được là ngày đăng")
                break
    return rest


def _take_date(paragraphs: list[str], r: ImportResult) -> None:
    """The meeting date, session and time, with the year from the stamp when the body omits it."""
    found = read_meeting_date(paragraphs, r.published)
    r.session = found.session
    if found.sure:
        r.date, r.date_text, r.time = found.date, found.written, found.time
        r.year_from_stamp = found.year_from_stamp
        return
    r.date_text = found.written
    note = found.note or "bài không nêu ngày họp"
    year = re.match(r"^\s*(?:trong\s+)?năm\s+((?:19|20)\d{2})\b", paragraphs[0], re.I) if paragraphs else None
    if year and not found.written:  # "Năm 2018, chương trình phối hợp …": a review of that year
        note += f"; đoạn đầu nói về năm {year.group(1)}: nếu chỉ biết năm họp, ghi năm và thêm date_note"
    r.flag("date", note)


def _take_chairs(paragraphs: list[str], people: dict, r: ImportResult) -> list[str]:
    """Chairs; returns the spans of people's names and titles (bodies inside them are not participants)."""
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    known = set(people)
    role_spans: list[str] = []
    mentions_by_sentence = []
    for sentence in sentences:
        found_people = _find_people(sentence, known)
        mentions_by_sentence.append(found_people)
        role_spans += [sentence[p.start:p.end] for p in found_people]
    r.chairs = _chairs(sentences, mentions_by_sentence, people, r)
    return role_spans


def _take_directives(paragraphs: list[str], orgs: NameIndex, r: ImportResult) -> None:
    """Directives (candidate commitments), each owner sure or flagged."""
    r.commitments, r.general_directives = _directives(paragraphs, orgs)
    for c in r.commitments:
        if not c.owners or c.owners_note:
            r.flag("owners", f"\"{_short(c.text)}\": {c.owners_note or 'không rõ cơ quan chủ trì'}")
    if r.general_directives:
        r.flag("commitments", f"{len(r.general_directives)} chỉ đạo chung không nêu cơ quan (ghi trong chú thích "
                              "của bản nháp): xem có phải cam kết không")


def _take_bodies(head: str, paragraphs: list[str], role_spans: list[str], orgs: NameIndex, r: ImportResult) -> None:
    """Participating bodies: named outside people's titles and outside the directives, plus the owners."""
    text_wo = head
    for span in sorted(role_spans, key=len, reverse=True):
        text_wo = text_wo.replace(span, " ")
    for c in r.commitments:
        text_wo = text_wo.replace(c.text, " ").replace(c.text[:1].lower() + c.text[1:], " ")
    for d in r.general_directives:
        text_wo = text_wo.replace(d, " ")
    named = [m.key for m in orgs.find(text_wo) if not m.in_title]
    r.organizations = list(dict.fromkeys(named + [k for c in r.commitments for k in c.owners]))
    # Bodies of another level count where participants are named: the headline and the lead paragraphs.
    lead = (r.title or "") + "\n" + "\n".join(paragraphs[:2])
    orgs.find(lead)
    found_other = orgs.other_level + unknown_bodies(lead)
    r.unknown_bodies = [b for b in dict.fromkeys(found_other)
                        if b in text_wo and not any(b != o and b in o for o in found_other)]
    if r.unknown_bodies:
        r.flag("organizations", "bài nêu cơ quan không có trong danh mục (cấp khác hoặc nơi khác): "
               + ", ".join(f"\"{b}\"" for b in r.unknown_bodies)
               + "; thêm vào danh mục docs/data/organizations/ nếu là bên tham dự, hoặc bỏ qua")


def _short(text: str, n: int = 60) -> str:
    text = _one_line(text)
    return text if len(text) <= n else text[:n].rstrip() + "…"


def _chairs(sentences, mentions_by_sentence, people, r: ImportResult) -> list[ChairFound]:
    chosen: list[Person] = []
    for sentence, found in zip(sentences, mentions_by_sentence):
        kw = re.search(r"(?:dưới\s+sự\s+)?(?:đồng\s+)?chủ\s+(?:trì|tọa|toạ)(?:\s+của)?", sentence, re.I)
        if not kw or not found:
            continue
        if re.match(r"dưới\s+sự", kw.group(), re.I) or kw.group().lower().endswith("của"):
            after = [p for p in found if p.start >= kw.end()]
            chosen = after[:1]
            for p in after[1:]:
                gap = sentence[chosen[-1].end:p.start]
                if re.fullmatch(r"\s*(?:,|;|và|cùng)?\s*(?:(?:các\s+)?đồng\s+chí|đ/c|ông|bà)?\s*", gap, re.I):
                    chosen.append(p)
                else:
                    break
        else:
            chosen = [p for p in found if p.end <= kw.start() + 1]
            attend = re.search(r"\b(?:tham\s+dự|tới\s+dự|đến\s+dự|dự)\b", sentence[:kw.start()], re.I)
            if len(chosen) > 1 and attend and attend.start() < chosen[0].start:
                # "Tới dự có đồng chí A, …; đồng chí B, … chủ trì": who chairs is not sure
                note = ("câu nêu cả người dự và người chủ trì: " + " / ".join(f"\"{p.name}\"" for p in chosen)
                        + "; giữ người chủ trì, bỏ người dự")
                for p in chosen:
                    p.sure, p.note = False, note
            if not chosen and re.match(r"[^.;]{0,40}?(?:\b(?:có|là|gồm|bởi)\s*:?|:)\s*$",
                                       sentence[kw.end():min((p.start for p in found if p.start >= kw.end()),
                                                             default=kw.end())], re.I):
                chosen = [p for p in found if p.start >= kw.end()]  # "Chủ trì hội nghị có đồng chí …"
        if chosen:
            break
    if not chosen:
        for sentence, found in zip(sentences, mentions_by_sentence):
            if re.search(r"kết\s+luận", sentence, re.I) and found:
                chosen = found[:1]
                break
    if not chosen:
        r.flag("chairs", "không tìm thấy người chủ trì (bài không có câu \"… chủ trì\" nêu tên người)")
        return []
    out = []
    for p in chosen:
        key = people.get(fold(p.name))
        out.append(ChairFound(p.name, p.role, key, p.sure, p.note))
        if not p.sure:
            r.flag("chairs", p.note or f"\"{p.name}\": không chắc")
    return out


def _directives(paragraphs: list[str], orgs: NameIndex) -> tuple[list[Candidate], list[str]]:
    """Directives given by the meeting's leaders: after "yêu cầu/đề nghị/chỉ đạo/giao", with or
    without a colon, in the sentence, the rest of its paragraph or the list paragraphs after it."""
    candidates: list[Candidate] = []
    general: list[str] = []
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        i += 1
        sentences = split_sentences(paragraph)
        j = 0
        while j < len(sentences):
            sentence = sentences[j]
            j += 1
            verb = _leader_directive(sentence, orgs)
            if verb is None:
                continue
            after = sentence[verb.end():].strip()
            colon = None if verb["colon"] else re.search(r":\s*", after)
            ends_list = paragraph.rstrip().endswith(":") and j == len(sentences)
            if verb["colon"] or colon and (ends_list or _body_keys(after[:colon.start()], orgs)
                                           or len(after[:colon.start()].split()) <= 6):
                # "đề nghị: …", "đề nghị Hội CCB thành phố: …", "yêu cầu các đơn vị: (1) …",
                # "yêu cầu trong thời gian tới tập trung các nhiệm vụ sau:" + the list below
                addressee = after[:colon.start()] if colon else ""
                items = [after[colon.end():] if colon else after] + sentences[j:]
                j = len(sentences)
                if paragraph.rstrip().endswith(":"):
                    more, i = _list_after(paragraphs, i, orgs)
                    items += more
                _add_items([t for t in items if t.strip()], addressee, orgs, candidates, general, in_list=True)
                continue
            _add_items([after], "", orgs, candidates, general, in_list=False, whole=sentence)
    return candidates, general


def _list_after(paragraphs: list[str], i: int, orgs: NameIndex) -> tuple[list[str], int]:
    """The items of a list that a paragraph ending with ":" opens: marked paragraphs ("-", "+",
    "1.") or, unmarked, the paragraphs up to the next speaker or topic; (items, next index)."""
    items: list[str] = []
    marked = i < len(paragraphs) and bool(_LIST_MARK.match(paragraphs[i]))
    while i < len(paragraphs):
        nxt = paragraphs[i]
        if marked and not _LIST_MARK.match(nxt):
            break
        if not marked and (_NEW_TOPIC.match(nxt) or _leader_directive(nxt, orgs) is not None
                           or re.match(r"^(?:đồng\s+chí|phát\s+biểu|kết\s+luận)", nxt, re.I)):
            break
        items += [nxt] if marked else split_sentences(nxt)
        i += 1
    return items, i


def _leader_directive(sentence: str, orgs: NameIndex):
    for verb in _DIRECTIVE.finditer(sentence):
        before = sentence[:verb.start()]
        if _NOT_LEADER.search(before) and not re.search(r"đồng\s+chí|đ/c", before, re.I):
            return None
        if re.search(r"hội\s+nghị\s*$|cuộc\s+họp\s*$", before, re.I):
            continue
        if verb.group().lower().startswith("giao") and not verb["colon"]:
            after = sentence[verb.end():]
            if not (_BODY_WORDS.match(after.strip()) or _body_keys(after[:60], orgs) or
                    re.match(r"\s*(?:cho|nhiệm\s+vụ)", after, re.I)):
                continue
        if _LEADER.search(before) or not before.strip() or re.match(r"^\s*(?:đồng\s+thời|cũng)", before, re.I):
            return verb
    return None


def _body_keys(text: str, orgs: NameIndex) -> list[str]:
    return orgs.keys(text)


def _clean_item(item: str) -> str:
    item = _LIST_MARK.sub("", item.strip(), count=1).strip()
    return item[:1].upper() + item[1:] if item else item


def _add_items(items, addressee, orgs, candidates, general, *, in_list: bool, whole: str | None = None):
    addressed = _leading_bodies(addressee, orgs) if addressee else []
    previous: list[str] = addressed
    previous_sure = bool(addressed)
    items = [part for raw in items for part in _split_semicolons(raw, orgs)]
    for raw in items:
        item = _clean_item(raw)
        if len(item) < 8:
            continue
        owners = _leading_bodies(_ADVERBIAL.sub("", item, count=1), orgs)
        note = None
        inherited = False
        if not owners:
            body_word = _BODY_WORDS.match(item)
            if addressed:
                owners, inherited = addressed, True
            elif body_word:
                note = f"cơ quan \"{_subject(item)}\" không có trong danh mục docs/data/organizations/"
            elif in_list and previous:
                owners, inherited = previous, True
                if not previous_sure:
                    note = "theo chủ ngữ của chỉ đạo trước, không chắc"
            else:
                general.append(whole or item)
                continue
        partners = [p for p in _partners(item, orgs) if p not in owners]
        candidates.append(Candidate(item, owners, partners, inherited, note))
        if owners and not inherited:
            previous, previous_sure = owners, True


_ENUMERATOR = re.compile(r"^\s*(?:\(\d{1,2}\)|\d{1,2}[.)]|[a-zđ]\)|[-+•])\s*", re.I)


def _split_semicolons(item: str, orgs: NameIndex) -> list[str]:
    """"MTTQ tăng cường …; Hội Nông dân hỗ trợ …; (3) Đoàn Thanh niên …": one directive per part
    when the parts open with their own body or an enumerator."""
    parts = [p.strip() for p in re.split(r";\s+", item) if p.strip()]
    if len(parts) < 2:
        return [item]
    own = [bool(_ENUMERATOR.match(p) or _leading_bodies(_ENUMERATOR.sub("", p, count=1), orgs)
                or _BODY_WORDS.match(_ENUMERATOR.sub("", p, count=1))) for p in parts]
    if sum(own) < 2 or not own[0] and not _ENUMERATOR.match(parts[0]):
        return [item]
    return [_ENUMERATOR.sub("", p, count=1) for p in parts]


def _subject(item: str) -> str:
    m = re.match(r"^(.{1,60}?)(?=\s+(?:tập\s+trung|khẩn\s+trương|chủ\s+trì|phối\s+hợp|rà\s+soát|"
                 r"tiếp\s+tục|tăng\s+cường|xây\s+dựng|thực\s+hiện|triển\s+khai|kiểm\s+tra|hoàn\s+thành|"
                 r"chỉ\s+đạo|đẩy\s+mạnh|có\s+trách\s+nhiệm|cần|phải|nghiên\s+cứu|quan\s+tâm|vận\s+động)\b)", item)
    return (m.group(1) if m else " ".join(item.split()[:4])).strip(" ,")


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
    mentions = orgs.find(sentence)
    for index, mention in enumerate(mentions):
        lead = sentence[: mention.start].rstrip()
        if _PARTNER_LEAD.search(lead):
            out.append(mention.key)
        elif out and index and re.fullmatch(r"\s*(?:,|và)\s*", sentence[mentions[index - 1].end:mention.start]) \
                and mentions[index - 1].key in out:
            out.append(mention.key)
    return out
