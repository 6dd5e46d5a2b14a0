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
import re
from dataclasses import dataclass, field

from portal.contract import guards
from portal.contract.dates import PartialDate
from portal.importer.import_bodies import BodyIndex, PlaceIndex, in_title as _in_title, read_place
from portal.importer.import_dates import fold_keep, has_stamp_date, read_meeting_date, read_stamp
from portal.importer.import_people import Person, find_people as _find_people
from pathlib import Path

from portal.content.loader import DATA_DIR
from portal.content.model import Registries
from portal.contract.schema import REGISTRY_ENTRIES
from portal.contract.names import MEETINGS_DIR, bulletin_src_uri, title_slug
from portal.contract.text import fold, nfc, slugify
from portal.contract.validate import MARKER
from portal.contract.writer import bulletin_text, entry_text

_TERMINAL = ".!?…:;"
_LEAD_OPENER = re.compile(r"^(?:năm\s+\d{4}|trong\s|thời\s+gian\s+qua|những\s+năm|vừa\s+qua|mới\s+đây|thực\s+hiện|"
                          r"nhằm|để|theo|tại|với|qua|sau|trước|nhân\s+dịp)\b", re.I)
_HEADLINE_NOT = re.compile(r"^(?:sáng|chiều|tối|trưa|ngày|vào|lúc|hôm|\d)", re.I)
_SUBJECT_GLUE = re.compile(r"^[\s,]*(?:(?:và|cùng|với)\s+)?(?:các\s+đoàn\s+thể(?:\s+thành\s+phố)?)?[\s,]*$", re.I)
_PARTNER_LEAD = re.compile(r"phối hợp(?:\s+với|\s+cùng)?\s*$", re.I)
_BODY_WORDS = re.compile(
    r"^(?:UBND|HĐND|UB\s?MTTQ|Ủy ban|Uỷ ban|Hội|Đoàn|Phòng|Ban|Sở|Công an|Trung tâm|Văn phòng|Đảng ủy|Đảng uỷ|"
    r"Thành đoàn|MTTQ|Mặt trận|Chi cục|Đội|Bộ Chỉ huy|Ban Chỉ huy|Quân sự|Kho bạc|Chi nhánh|Bệnh viện|Trường|"
    r"Thường trực|Ban Thường trực|"
    r"các\s+(?:phòng|ban|đơn vị|phường|xã|cơ quan|ngành\b(?!,?\s+các\s+cấp)|tổ chức|doanh nghiệp|hội|đoàn thể|"
    r"địa phương|trường|tổ\s+dân\s+phố|thôn|khu\s+phố|bộ\s+phận|hợp\s+tác\s+xã|chủ\s+thể|chi\s+hội|chi\s+bộ))", re.I)
# Kinds of bodies that registries seldom hold; with a place after them they are bodies of a place
# ("Công an thị xã", "HĐND phường Điện Biên" when the registry has no HĐND).
_OTHER_KINDS = re.compile(
    r"\b(?:UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân|UB\s?MTTQ|Ủy ban MTTQ|Uỷ ban MTTQ|MTTQ|"
    r"Đảng ủy|Đảng uỷ|Công an|Hội Nông dân|Hội LHPN|Hội Liên hiệp Phụ nữ|Hội Cựu chiến binh|Đoàn Thanh niên|"
    r"Mặt trận Tổ quốc|Liên đoàn Lao động|Hội Chữ thập đỏ|Hội Người cao tuổi|Hội Khuyến học|Trung tâm Y tế|"
    r"Ban Chỉ huy Quân sự|Chi cục Thuế)(?=\s)")
_DIRECTIVE = re.compile(
    r"\b(?:chỉ\s+đạo|yêu\s+cầu|đề\s+nghị|giao(?!\s+(?:ban|lưu|thông|dịch|tiếp|nhận|hữu|thương|lưu|kết|tranh))"
    r"(?:\s+nhiệm\s+vụ\s+cho|\s+nhiệm\s+vụ|\s+cho)?)\s*(?P<colon>:)?", re.I)
_NOT_LEADER = re.compile(r"đại\s+biểu|ý\s+kiến|cử\s+tri|nhân\s+dân|các\s+đơn\s+vị|báo\s+cáo|tham\s+luận|"
                         r"hội\s+viên|doanh\s+nghiệp|người\s+dân", re.I)
_LEADER = re.compile(r"đồng\s+chí|đ/c|\bông\b|\bbà\b|chủ\s+tịch|bí\s+thư|giám\s+đốc|trưởng\s+ban|kết\s+luận|"
                     r"chỉ\s+đạo|lãnh\s+đạo", re.I)
_LIST_MARK = re.compile(r"^\s*(?:[-+•*–]\s*|\d{1,2}[.)/]\s+|[a-zđ]\)\s+|(?:thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy)|"
                        r"một\s+là|hai\s+là|ba\s+là|bốn\s+là|năm\s+là)\s*[,:]\s*)", re.I)
_ADVERBIAL = re.compile(r"^(?:trong\s+)?(?:thời\s+gian\s+tới|năm\s+\d{4}|năm\s+tới|những\s+tháng\s+cuối\s+năm|"
                        r"từ\s+nay\s+đến\s+cuối\s+năm|sau\s+hội\s+nghị(?:\s+này)?|trước\s+mắt|đồng\s+thời)\s*,\s*", re.I)
_NEW_TOPIC = re.compile(r"^(?:tại|trước\s+đó|cũng\s+tại|dịp\s+này|nhân\s+dịp|hội\s+nghị|buổi)\b", re.I)
_BYLINE_LABEL = re.compile(r"^(?:(?:tin|bài)(?:\s*(?:,|và|\+|&)\s*ảnh)?|theo|nguồn|tác\s+giả|người\s+viết|"
                           r"phóng\s+viên|nhóm\s+pv)\s*[:\-–]?\s+|^(?:thực\s+hiện|tin\s+và\s+ảnh)\s*:\s*", re.I)
_BYLINE_STRONG = re.compile(r"^(?:(?:tin|bài)\s*(?:,|và|\+|&)\s*ảnh|tác\s+giả|người\s+viết|phóng\s+viên|"
                            r"thực\s+hiện)\s*:", re.I)
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
    r"skip to (?:main )?content|skip ribbon commands|chuyen den noi dung chinh|bo qua noi dung|"
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
    places: list[str] = field(default_factory=list)  # localities the text names (when the registry has them)


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
    author_affiliation: str | None = None  # "Trung tâm VHTT" of "Minh Hằng (Trung tâm VHTT)": not the author
    credit: str | None = None             # a "Nguồn: …" line after the byline
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "caption", text)
    flags: dict[str, str] = field(default_factory=dict)          # field -> what was found, why not sure
    registry_paths: dict[str, str] = field(default_factory=lambda: registry_paths())  # what notes name

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
        for chair, proposal in zip(self.new_people, self.proposals()):
            items.append({"field": "chairs", "reason": f"\"{chair.name}\" chưa có trong danh mục nhân sự "
                                                       f"({self.registry_paths['people']}): kiểm tra mục đề xuất ở cuối "
                                                       f"phần đầu rồi thêm vào {self.entry_path('people', proposal['key'])}"})
        return items

    def entry_path(self, registry: str, key: str) -> str:
        """Where a new entry of ``registry`` goes: its own file, or the one registry file."""
        where = self.registry_paths[registry]
        return f"{where}{key}.yml" if where.endswith("/") else where

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
                             "places": c.places, "owners_note": c.owners_note} for c in self.commitments],
            "general_directives": self.general_directives,
            "author": self.author,
            "author_affiliation": self.author_affiliation,
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
            notes[("kind",)] = f.get("kind") or f"mã trong {self.registry_paths['meeting-kinds']}"
        data["chairs"] = []
        notes[("chairs",)] = f.get("chairs")
        if not self.chairs:
            data["chairs"].append({"person": MARKER})
            notes[("chairs", 0, "person")] = f"mã trong danh mục {self.registry_paths['people']}"
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
            written = [t for t in (self.author_affiliation, self.credit) if t]
            if written:  # "Minh Hằng (Trung tâm VHTT)": the affiliation is not the author
                notes[("author",)] = "bài ghi " + ", ".join(f"\"{_one_line(t)}\"" for t in written)
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
                if c.places:
                    item["places"] = list(c.places)
                    notes[("commitments", index, "places")] = "địa bàn bài nêu; kiểm tra"
                data["commitments"].append(item)
        trailer = []
        if self.general_directives:
            trailer.append(f"{MARKER} (xem xét): chỉ đạo chung không nêu cơ quan, chưa ghi thành cam kết; "
                           "nếu là cam kết, thêm vào commitments với cơ quan chủ trì:")
            trailer += [f"  {_one_line(d)}" for d in self.general_directives]
        proposals = self.proposals()
        if proposals:
            trailer.append(f"Đề xuất thêm vào danh mục nhân sự ({self.registry_paths['people']}), mỗi người một "
                           "mục ghi bên dưới (kiểm tra rồi tạo tệp hoặc chép vào tệp):")
            for proposal in proposals:
                entry = {"name": proposal["name"]}
                if proposal.get("positions"):
                    entry["positions"] = [{"title": title} for title in proposal["positions"]]
                trailer.append(f"  {self.entry_path('people', proposal['key'])}"
                               + ("" if self.registry_paths["people"].endswith("/") else f" ({proposal['key']})") + ":")
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


def registry_paths(docs: Path | None = None) -> dict[str, str]:
    """Where each registry is, as the notes name it: ``docs/data/<registry>/`` (one file an entry,
    as the content is stored and the editor writes), or ``docs/data/<registry>.yml`` when ``docs``
    holds only that."""
    out = {}
    for name in REGISTRY_ENTRIES:
        single = docs is not None and not (docs / DATA_DIR / name).is_dir() and (docs / DATA_DIR / f"{name}.yml").is_file()
        out[name] = f"docs/{DATA_DIR}/{name}.yml" if single else f"docs/{DATA_DIR}/{name}/"
    return out


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
    """Finds registry entries (topics, meeting kinds) named in a text, by name or alias, ignoring
    accents and dashes; the longest name wins where two overlap. A name that ends a body's name
    ("Phòng Quản lý đô thị") is not a topic."""

    def __init__(self, entries: dict):
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
        occupied = bytearray(len(folded))
        for pattern, key in self._patterns:  # longest names first
            for m in pattern.finditer(folded):
                if any(occupied[m.start():m.end()]):
                    continue
                occupied[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                if not _BODY_HEAD.search(text, max(0, m.start() - 20), m.start()):
                    taken.append(Mention(key, m.start(), m.end()))
        return sorted(taken, key=lambda t: t.start)

    def keys(self, text: str) -> list[str]:
        return list(dict.fromkeys(m.key for m in self.find(text)))


_BODY_HEAD = re.compile(r"\b(?:Phòng|Ban|Sở|Cục|Chi cục|Trung tâm|Đội|Văn phòng|Viện)\s+$")


def _cap(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})


def _fold_same_length(text: str) -> str:
    """Fold character by character so positions match the original text (dashes alike)."""
    return fold_keep(nfc(text)).translate(_DASHES)


def unknown_bodies(text: str, bodies: BodyIndex) -> list[tuple[str, str]]:
    """Bodies named with a place that are not the registry's, as (text, why): the registry's
    kinds as :class:`BodyIndex` resolves them ("Phòng Kinh tế và Hạ tầng huyện Yên Lập", "UBND
    phường Đông Sơn" before July 2025), and other kinds with a place that is not this one
    ("Công an thị xã"). Never in a person's title."""
    text = nfc(text)
    out: dict[str, str] = {}
    covered = bytearray(len(text) + 1)  # where the registry's kinds were read
    for m in bodies.mentions(text):
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
        if not m.key and not m.in_title:
            out.setdefault(m.text, m.why or "không có trong danh mục")
    folded = _fold_same_length(text)
    for m in _OTHER_KINDS.finditer(text):
        if covered[m.start()] or _in_title(folded, m.start()):
            continue
        place, end, plural = read_place(text, folded, m.end(), bodies.known_places)
        if place is None or plural or _here(place, bodies):
            continue
        out.setdefault(text[m.start():end], f"cơ quan của {place.label()}")
    return list(out.items())


def _here(place, bodies: BodyIndex) -> bool:
    """A place the registry covers: the article's place, or where a registry body works."""
    home = bodies.home
    if place.name:
        return any(e.place and e.place.name == place.name for e in bodies.entries.values())
    if home is not None and home.level == place.level:
        return bodies.home_known()
    return home is None and any(e.place and e.place.level == place.level for e in bodies.entries.values())


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
            if w.endswith(",") and _cap(w.rstrip(",")) and len(name) < 5:
                name.append(w.rstrip(","))  # "Lê Thu, Văn phòng HĐND và UBND phường"
            break
    rest = text[len(" ".join(name)):].strip()
    if rest.startswith(",") and not _INSTITUTION.match(rest.lstrip(", ")) and not rest.lstrip(", ").isupper():
        return None  # "Ông Lê Văn A, Chủ tịch … phát biểu": a caption
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


def _person_name(text: str) -> bool:
    """"Thu Hà", "Nguyễn Thị Minh Hằng": one to five capitalised words, not an institution."""
    words = text.split()
    return 1 <= len(words) <= 5 and all(_cap(w) for w in words) and not _INSTITUTION.match(text)


def _names_only(block: str) -> bool:
    """A line of authors' names only: "Cẩm Thơ – Quốc An", "Minh Hải", "Lê Hợi (CTV)"."""
    if read_byline(block) != block or _BYLINE_LABEL.match(block):
        return False
    name = split_byline(block)[0]
    parts = [p for p in re.split(r"\s+[-–—,&]\s+|\s*,\s*|\s+và\s+", name) if p]
    return all(_person_name(p) and len(p.split()) >= 2 for p in parts)


def split_byline(byline: str) -> tuple[str, str | None]:
    """(author, affiliation): "Minh Hằng (Trung tâm VHTT)" -> ("Minh Hằng", "Trung tâm VHTT"),
    "Thu Hương - Phòng Văn hóa và Thông tin" -> ("Thu Hương", "Phòng …"); two names ("Cẩm Thơ –
    Quốc An") and institutions stay whole."""
    m = re.fullmatch(r"(.+?)\s*\(([^()]{1,80})\)", byline)
    if m and _person_name(m.group(1)):
        return m.group(1), m.group(2).strip()
    m = re.fullmatch(r"(.+?)(?:\s+[-–—]\s+|\s*,\s+)(.+)", byline)
    if m and _person_name(m.group(1)) and not _person_name(m.group(2)):
        return m.group(1), m.group(2).strip()
    return byline, None


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


class ArticleTooLong(ValueError):
    """An article over ``guards.MAX_ARTICLE_BYTES``; the message says so in Vietnamese."""


def check_article_size(size: int, source: str) -> None:
    """Refuse an article of ``size`` bytes over the limit (before reading it, where possible)."""
    message = guards.article_too_long(size, source)
    if message:
        raise ArticleTooLong(message)


def import_article(text: str, registries: Registries, source: str = "bài viết",
                   docs: Path | None = None) -> ImportResult:
    """Read an article; ``docs``: the content folder, so that notes name the registry files it has.

    Raises ArticleTooLong for an article over the size limit, whatever route it came by."""
    check_article_size(len(text.encode("utf-8", "surrogatepass")), source)
    paths = registry_paths(docs)
    try:
        result = _import(text, registries, source, paths)
        return result
    except RecursionError:  # pathological input: say so instead of a traceback
        result = ImportResult(source=source, registry_paths=paths)
        result.flag("title", "bài quá phức tạp để đọc tự động: điền mọi trường theo bài gốc")
        return result


def _import(text: str, registries: Registries, source: str, paths: dict[str, str]) -> ImportResult:
    """Read an article step by step; each step fills ``r`` or flags what it is not sure of."""
    r = ImportResult(source=source, registry_paths=paths)
    orgs = BodyIndex(registries.organizations, getattr(registries, "localities", None))
    people = {fold(n): key for key, p in registries.people.items() for n in [p.name, *getattr(p, "aliases", [])]}
    rest = _take_stamp(_kept_blocks(text), r)
    rest = _take_title_and_byline(rest, r)
    r.blocks = [("caption" if _is_caption(b) else "p", b) for b in rest]
    paragraphs = [b for kind, b in r.blocks if kind == "p"]
    head = (r.title or "") + "\n" + "\n".join(paragraphs)
    _take_date(paragraphs, r)
    # Which bodies are meant depends on the place the article is about and on the meeting's date.
    orgs.set_context(orgs.find_home(r.title or "", paragraphs[:2]),
                     r.date or (r.published.date() if r.published else None))
    kind_keys = NameIndex(registries.meeting_kinds).keys(head)
    r.kind = kind_keys[0] if kind_keys else None
    if not r.kind:
        kinds = ", ".join(f"{key} ({kind.name})" for key, kind in registries.meeting_kinds.items())
        r.flag("kind", f"không nhận ra loại hội nghị; điền một mã trong {paths['meeting-kinds']}: {kinds}"
                       "; nếu không loại nào hợp, thêm một loại mới vào danh mục đó")
    role_spans = _take_chairs(paragraphs, people, r)
    unknown_owners = _take_directives(paragraphs, orgs, r, getattr(registries, "localities", None))
    _take_bodies(head, paragraphs, role_spans, orgs, r, unknown_owners)
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
    """Publication stamp: the first line that reads as one; every stamp line leaves the body. A
    line of names just before or after a stamp, past the headline, is the byline ("Cẩm Thơ –
    Quốc An" then "02/11/2024 20:06")."""
    rest = []
    byline_after = False
    for index, block in enumerate(blocks):
        if byline_after:
            byline_after = False
            if r.author is None and _names_only(block) and index < len(blocks) - 1:
                r.author = block
                continue
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
        if r.author is None and len(rest) >= 2 and _names_only(rest[-1]):
            r.author = rest.pop()
        elif r.author is None and len(rest) >= 1:
            byline_after = True
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
    if r.author:
        r.author, r.author_affiliation = split_byline(r.author)
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


def _take_directives(paragraphs: list[str], orgs: BodyIndex, r: ImportResult,
                     localities: dict | None = None) -> dict[str, str]:
    """Directives (candidate commitments), each owner sure or flagged; returns the owners that
    are bodies of another place, level or time, with the reason."""
    opening = split_sentences(paragraphs[0])[:1] if paragraphs else []
    hosts = _fold_same_length(" | ".join([r.title or "", *opening, *(c.role or "" for c in r.chairs)]))
    ctx = _Reading(orgs, hosts, r.registry_paths["organizations"])
    r.commitments, r.general_directives = _directives(paragraphs, ctx)
    places = PlaceIndex(localities)
    for c in r.commitments:  # "các phường Ba Đình, Lam Sơn, Đông Vệ": the localities of that date
        c.places = places.find(c.text, orgs.date)
    for c in r.commitments:
        if not c.owners or c.owners_note:
            r.flag("owners", f"\"{_short(c.text)}\": {c.owners_note or 'không rõ cơ quan chủ trì'}")
    if r.general_directives:
        r.flag("commitments", f"{len(r.general_directives)} chỉ đạo chung không nêu cơ quan (ghi trong chú thích "
                              "của bản nháp): xem có phải cam kết không")
    return ctx.unknown


def _take_bodies(head: str, paragraphs: list[str], role_spans: list[str], orgs: BodyIndex, r: ImportResult,
                 unknown_owners: dict[str, str] | None = None) -> None:
    """Participating bodies: named outside people's titles and outside the directives, plus the owners.
    Bodies of another place, level or time named in the headline or the lead are listed as
    ``unknown_bodies`` and flag ``organizations``, each with the reason."""
    text_wo = head
    for span in sorted(role_spans, key=len, reverse=True):
        text_wo = text_wo.replace(span, " ")
    for c in r.commitments:
        text_wo = text_wo.replace(c.text, " ").replace(c.text[:1].lower() + c.text[1:], " ")
    for d in r.general_directives:
        text_wo = text_wo.replace(d, " ")
    named = [m.key for m in orgs.find(text_wo) if not m.in_title]
    r.organizations = list(dict.fromkeys(named + [k for c in r.commitments for k in c.owners]))
    lead = (r.title or "") + "\n" + "\n".join(paragraphs[:2])
    found = unknown_bodies(lead, orgs) + list((unknown_owners or {}).items())  # owners take part
    text_wo += "\n" + "\n".join(unknown_owners or {})
    texts = [b for b, _ in found]
    listed = [(b, why) for b, why in found
              if b in text_wo and not any(b != o and b in o for o in texts)]
    r.unknown_bodies = [b for b, _ in listed]
    if listed:
        r.flag("organizations", "bài nêu cơ quan không có trong danh mục (cấp khác, nơi khác hoặc thời gian khác): "
               + "; ".join(f"\"{b}\" ({why})" for b, why in listed)
               + f"; nếu là bên tham dự, thêm vào danh mục {r.registry_paths['organizations']} rồi ghi mã, "
               "nếu không thì bỏ qua")


def _short(text: str, n: int = 60) -> str:
    text = _one_line(text)
    return text if len(text) <= n else text[:n].rstrip() + "…"


# What "Chủ trì" may name before the chairs: "Chủ trì cuộc họp đồng chí …", "Chủ trì buổi làm việc, …".
_MEETING_NOUN = re.compile(r"\s*(?:(?:cuộc|buổi|phiên|kỳ)\s+[^\W\d_]+(?:\s+[^\W\d_]+)?|hội\s+nghị|đại\s+hội|"
                           r"lễ\s+[^\W\d_]+|chương\s+trình|hội\s+thảo|tọa\s+đàm)?\s*,?\s*", re.I)


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
            between = sentence[kw.end():min((p.start for p in found if p.start >= kw.end()), default=kw.end())]
            opens = not sentence[:kw.start()].strip() or sentence[:kw.start()].rstrip().endswith(",")
            if not chosen and (re.match(r"[^.;]{0,40}?(?:\b(?:có|là|gồm|bởi)\s*:?|:)\s*$", between, re.I)
                               or opens and _MEETING_NOUN.fullmatch(between)):
                # "Chủ trì hội nghị có đồng chí …", "Chủ trì cuộc họp đồng chí …"
                chosen = [p for p in found if p.start >= kw.end()]
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


@dataclass
class _Reading:
    """What reading directives needs: the registry's bodies, the meeting's hosts (the bodies of
    the chairs' roles, the headline and the opening sentence, folded) and where bodies are added."""
    orgs: BodyIndex
    hosts: str = ""
    organizations: str = "docs/data/organizations/"
    unknown: dict[str, str] = field(default_factory=dict)  # owners of another place, level or time: why


def _directives(paragraphs: list[str], ctx: _Reading) -> tuple[list[Candidate], list[str]]:
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
            verb = _leader_directive(sentence, ctx)
            if verb is None:
                continue
            after = sentence[verb.end():].strip()
            colon = None if verb["colon"] else re.search(r":\s*", after)
            ends_list = paragraph.rstrip().endswith(":") and j == len(sentences)
            if verb["colon"] or colon and (ends_list or _body_keys(after[:colon.start()], ctx)
                                           or len(after[:colon.start()].split()) <= 6):
                # "đề nghị: …", "đề nghị Hội CCB thành phố: …", "yêu cầu các đơn vị: (1) …",
                # "yêu cầu trong thời gian tới tập trung các nhiệm vụ sau:" + the list below
                addressee = after[:colon.start()] if colon else ""
                items = [after[colon.end():] if colon else after] + sentences[j:]
                j = len(sentences)
                if paragraph.rstrip().endswith(":"):
                    more, i = _list_after(paragraphs, i, ctx)
                    items += more
                _add_items([t for t in items if t.strip()], addressee, ctx, candidates, general, in_list=True)
                continue
            if after.rstrip().endswith(":") and j == len(sentences) and i < len(paragraphs) and \
                    _LIST_MARK.match(paragraphs[i]):
                # "yêu cầu các đơn vị tập trung thực hiện một số nhiệm vụ sau:" + "1/ …", "2/ …"
                more, i = _list_after(paragraphs, i, ctx)
                _add_items(more, "", ctx, candidates, general, in_list=True)
                continue
            _add_items([after], "", ctx, candidates, general, in_list=False, whole=sentence)
            # "UBND thành phố yêu cầu việc bàn giao …. Phòng TN&MT chủ trì, phối hợp …": the next
            # sentences of the paragraph that open with a body and report nothing go on the directive
            while j < len(sentences) and _leading_bodies(sentences[j], ctx) and \
                    not _REPORTED.search(sentences[j]) and _leader_directive(sentences[j], ctx) is None:
                _add_items([sentences[j]], "", ctx, candidates, general, in_list=False)
                j += 1
    return candidates, general


# A sentence that reports rather than directs ("Hội Nông dân đã hỗ trợ …", "… cho biết …").
_REPORTED = re.compile(r"\b(?:đã|được|đang|cho\s+biết|báo\s+cáo|phát\s+biểu|kiến\s+nghị|đạt|trình\s+bày|"
                       r"thông\s+tin|khẳng\s+định|nhấn\s+mạnh)\b", re.I)


def _list_after(paragraphs: list[str], i: int, ctx: _Reading) -> tuple[list[str], int]:
    """The items of a list that a paragraph ending with ":" opens: marked paragraphs ("-", "+",
    "1.", "1/") or, unmarked, the paragraphs up to the next speaker or topic; (items, next index)."""
    items: list[str] = []
    marked = i < len(paragraphs) and bool(_LIST_MARK.match(paragraphs[i]))
    while i < len(paragraphs):
        nxt = paragraphs[i]
        if marked and not _LIST_MARK.match(nxt):
            break
        if not marked and (_NEW_TOPIC.match(nxt) or _leader_directive(nxt, ctx) is not None
                           or re.match(r"^(?:đồng\s+chí|phát\s+biểu|kết\s+luận)", nxt, re.I)):
            break
        items += [nxt] if marked else split_sentences(nxt)
        i += 1
    return items, i


_CLAUSE_BEFORE = re.compile(r"[,;:(]|\s[–—-]\s")
_HOST_PREFIX = re.compile(r"^\s*(?:thường\s+trực|ban\s+thường\s+vụ|lãnh\s+đạo|tập\s+thể\s+lãnh\s+đạo)\s+", re.I)


def _leader_directive(sentence: str, ctx: _Reading):
    """The directive verb of a sentence whose subject leads the meeting: a person, a title, the
    conclusion ("Kết luận hội nghị, đồng chí …"), or a host body ("UBND thành phố yêu cầu …",
    "Thường trực HĐND đề nghị …"). Not the delegates, voters or units reporting."""
    for verb in _DIRECTIVE.finditer(sentence):
        before = sentence[:verb.start()]
        near = before[-300:]  # what decides is close before the verb (and a long paste stays linear)
        clause = _CLAUSE_BEFORE.split(near)[-1]  # the subject of this verb
        if _NOT_LEADER.search(clause) and not re.search(r"đồng\s+chí|đ/c", clause, re.I):
            continue
        if re.search(r"hội\s+nghị\s*$|cuộc\s+họp\s*$|\bđã\s*$|\bđược\s*$", near, re.I):
            continue
        if verb.group().lower().startswith("giao") and not verb["colon"]:
            after = sentence[verb.end():]
            if not (_BODY_WORDS.match(after.strip()) or _body_keys(after[:60], ctx) or
                    re.match(r"\s*(?:cho|nhiệm\s+vụ)", after, re.I)):
                continue
        if _LEADER.search(before) or not before.strip() or re.match(r"^\s*(?:đồng\s+thời|cũng)", before, re.I):
            return verb
        subject = _fold_same_length(_HOST_PREFIX.sub("", clause)).strip()
        if subject and len(subject.split()) <= 6 and ctx.hosts and subject in ctx.hosts and \
                (_BODY_WORDS.match(_HOST_PREFIX.sub("", clause).strip()) or ctx.orgs.mentions(clause)):
            return verb  # a host body directs: "UBND thành phố yêu cầu …"
    return None


def _body_keys(text: str, ctx: _Reading) -> list[str]:
    return ctx.orgs.keys(text)


def _clean_item(item: str) -> str:
    item = _LIST_MARK.sub("", item.strip(), count=1).strip()
    return item[:1].upper() + item[1:] if item else item


# An exhortation to everyone, not a task of a body: "các cấp, các ngành cần …", "cán bộ, đảng viên …".
_GENERAL = re.compile(r"^(?:các\s+cấp|các\s+ngành|cấp\s+ủy|cả\s+hệ\s+thống|toàn\s+(?:thể|dân|hệ\s+thống|"
                      r"đảng\s+bộ|ngành)|mỗi\s|mọi\s|từng\s|cán\s+bộ|đảng\s+viên|các\s+đồng\s+chí|chúng\s+ta|"
                      r"hệ\s+thống\s+chính\s+trị|người\s+dân|nhân\s+dân|cần\s|phải\s|hãy\s|nêu\s+cao|"
                      r"phát\s+huy|quyết\s+tâm|đoàn\s+kết)", re.I)
_DEADLINE = re.compile(r"\b(?:trước|chậm\s+nhất|xong\s+trong|hoàn\s+thành\s+trong|trong)\s+(?:ngày|tháng|quý|năm)\s+\d|"
                       r"\b(?:trước|đến|chậm\s+nhất)\s+(?:ngày\s+)?\d{1,2}/\d{1,2}", re.I)


def _exhortation(item: str) -> bool:
    """An item addressed to everyone, without a deadline: "các cấp, các ngành cần …", "công tác
    phối hợp cần được thực hiện chặt chẽ hơn". A task with a deadline and no body ("việc bàn giao
    mặt bằng phải hoàn thành trước ngày 30/9") is a commitment whose owner a person must name."""
    if _DEADLINE.search(item):
        return False
    opening = " ".join(item.split()[:10])
    return bool(_GENERAL.match(item) or re.search(r"\b(?:cần|phải|nên)\b", opening, re.I)
                or _PEOPLE.search(_subject(item)))


# The people at large in a subject: "các tổ chức thành viên và Nhân dân", "cán bộ, hội viên".
_PEOPLE = re.compile(r"\b(?:nhân\s+dân|người\s+dân|toàn\s+dân|hội\s+viên|đoàn\s+viên|cán\s+bộ|đảng\s+viên)\b", re.I)


# "…, đồng thời giao UB MTTQ …", "… và đề nghị Hội Nông dân …": a second directive in the sentence.
_SECOND_DIRECTIVE = re.compile(r",?\s+(?:đồng\s+thời|và|cùng\s+với\s+đó|bên\s+cạnh\s+đó)\s+(?:(?:giao|yêu\s+cầu|"
                               r"đề\s+nghị|chỉ\s+đạo)(?:\s+nhiệm\s+vụ)?(?:\s+cho)?\s+)?(?=[^\W\d_])", re.I)


def _split_second(item: str, ctx: _Reading) -> list[str]:
    """Two directives in one sentence, each with its own body: "Phòng Kinh tế kiểm tra …, đồng
    thời giao UB MTTQ thành phố vận động …"."""
    for m in _SECOND_DIRECTIVE.finditer(item):
        rest = item[m.end():]
        if m.start() < 8 or not re.search(r"đồng\s+thời|giao|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|cùng\s+với|bên\s+cạnh",
                                          m.group(), re.I):
            continue
        if _leading_bodies(rest[:160], ctx) or _BODY_WORDS.match(rest):
            return [item[:m.start()].rstrip(" ,;")] + _split_second(rest, ctx)
    return [item]


def _add_items(items, addressee, ctx: _Reading, candidates, general, *, in_list: bool, whole: str | None = None):
    addressed = _leading_bodies(addressee, ctx) if addressee else []
    previous: list[str] = addressed
    previous_sure = bool(addressed)
    items = [piece for raw in items for part in _split_semicolons(raw, ctx)
             for piece in _split_second(part, ctx)]
    alone = len(items) == 1
    for raw in items:
        item = _clean_item(raw)
        if len(item) < 8:
            continue
        subject = _ADVERBIAL.sub("", item, count=1)
        owners = _leading_bodies(subject, ctx)
        note = None
        inherited = False
        if not owners:
            body_word = _BODY_WORDS.match(item)
            other = _leading_other(subject, ctx)
            if addressed:
                owners, inherited = addressed, True
            elif other is not None:
                note = f"cơ quan \"{other.text}\" không phải cơ quan trong danh mục {ctx.organizations} ({other.why})"
                ctx.unknown.setdefault(other.text, other.why)
            elif body_word and _PEOPLE.search(_subject(item)) and not _DEADLINE.search(item):
                general.append(whole if whole and alone else item)  # "các tổ chức thành viên và Nhân dân …"
                continue
            elif body_word:
                note = f"cơ quan \"{_subject(item)}\" không có trong danh mục {ctx.organizations}"
            elif in_list and previous:
                owners, inherited = previous, True
                if not previous_sure:
                    note = "theo chủ ngữ của chỉ đạo trước, không chắc"
            elif _exhortation(subject):
                general.append(whole if whole and alone else item)
                continue
            else:
                note = "câu không nêu cơ quan chủ trì"
        partners = [p for p in _partners(item, ctx) if p not in owners]
        candidates.append(Candidate(item, owners, partners, inherited, note))
        if owners and not inherited:
            previous, previous_sure = owners, True


_ENUMERATOR = re.compile(r"^\s*(?:\(\d{1,2}\)|\d{1,2}[.)/]|[a-zđ]\)|[-+•]|(?:thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy)|"
                         r"(?:một|hai|ba|bốn|năm)\s+là)\s*[,:])\s*", re.I)


def _split_semicolons(item: str, ctx: _Reading) -> list[str]:
    """"MTTQ tăng cường …; Hội Nông dân hỗ trợ …; (3) Đoàn Thanh niên …": one directive per part
    when the parts open with their own body or an enumerator (the first may be an exhortation:
    "các cấp, các ngành tiếp tục …; Hội Nông dân thành phố hỗ trợ …")."""
    parts = [p.strip() for p in re.split(r";\s+", item) if p.strip()]
    if len(parts) < 2:
        return [item]
    own = [bool(_ENUMERATOR.match(p) or _leading_bodies(_ENUMERATOR.sub("", p, count=1), ctx)
                or _BODY_WORDS.match(_ENUMERATOR.sub("", p, count=1))) for p in parts]
    first_general = not own[0] and _GENERAL.match(parts[0]) and all(own[1:])
    if not first_general and (sum(own) < 2 or not own[0] and not _ENUMERATOR.match(parts[0])):
        return [item]
    return [_ENUMERATOR.sub("", p, count=1) for p in parts]


def _subject(item: str) -> str:
    m = re.match(r"^(.{1,60}?)(?<![Cc]ác)(?=\s+(?:tập\s+trung|khẩn\s+trương|chủ\s+trì|phối\s+hợp|rà\s+soát|"
                 r"tiếp\s+tục|tăng\s+cường|xây\s+dựng|thực\s+hiện|triển\s+khai|kiểm\s+tra|hoàn\s+thành|"
                 r"chỉ\s+đạo|đẩy\s+mạnh|có\s+trách\s+nhiệm|cần|phải|nghiên\s+cứu|quan\s+tâm|vận\s+động|"
                 r"tiếp\s+thu|hoàn\s+thiện|hướng\s+dẫn|rà\s+soát|cập\s+nhật|tổ\s+chức|tích\s+cực|ủng\s+hộ|"
                 r"tham\s+gia|hưởng\s+ứng)\b)", item)
    return (m.group(1) if m else " ".join(item.split()[:4])).strip(" ,")


def _leading_bodies(sentence: str, ctx: _Reading) -> list[str]:
    """Bodies that open the sentence as its subject: "MTTQ, Ban Dân vận và các đoàn thể …"."""
    keys, pos = [], 0
    for mention in ctx.orgs.mentions(sentence):
        if not _SUBJECT_GLUE.match(sentence[pos:mention.start]) or not mention.key:
            break
        keys.append(mention.key)
        pos = mention.end
    return list(dict.fromkeys(keys))


def _leading_other(sentence: str, ctx: _Reading):
    """The body of another place, level or time that opens the sentence, if any."""
    for mention in ctx.orgs.mentions(sentence):
        if _SUBJECT_GLUE.match(sentence[:mention.start]) and not mention.key:
            return mention
        break
    return None


def _partners(sentence: str, ctx: _Reading) -> list[str]:
    """Bodies right after "phối hợp (với)": "HLHPN phối hợp với Phòng tài nguyên môi trường"."""
    out = []
    mentions = ctx.orgs.find(sentence)
    for index, mention in enumerate(mentions):
        lead = sentence[max(0, mention.start - 40):mention.start].rstrip()
        if _PARTNER_LEAD.search(lead):
            out.append(mention.key)
        elif out and index and re.fullmatch(r"\s*(?:,|và)\s*", sentence[mentions[index - 1].end:mention.start]) \
                and mentions[index - 1].key in out:
            out.append(mention.key)
    return out
