"""Bodies named in an article, matched to the organizations registry by kind, place and date.

A body is written as a kind of body and a place: "UBND" + "phường Hạc Thành", "Phòng Kinh
tế" + "huyện Yên Lập", "Ban Dân vận" + "Huyện ủy Đông Sơn", or the kind alone ("MTTQ",
"Hội LHPN"), whose place is then the place the article is about. Everything here is
derived from the registry, with no list of place names:

- each entry's names (name, short, aliases) are split into a *kind* ("Ủy ban nhân dân",
  "UBND", "Phòng Kinh tế") and a *place* (a level: "thành phố", "phường", "tỉnh"…, or a
  party committee of a level: "Thành ủy", "Huyện ủy"; and a name: "Thanh Hóa", "Hạc
  Thành"); the entry's place is what its names give, else its ``locality`` in the
  localities registry, else its parent's;
- kinds that two entries share ("UB MTTQ" of the city and of a ward) put the entries in
  one family, so "Ủy ban MTTQ phường Đông Sơn" finds the Đông Sơn ward's front even when
  that exact spelling is not one of its aliases;
- a mention is resolved within its family by the place written after it, else by the
  place the article is about (its *home*: the first body with a place in the headline or
  the lead, or a headline that opens with one: "Thị xã Bỉm Sơn …"), and by the date: a
  body is only the one meant if it existed on the meeting's date ("UBND phường Đông Sơn"
  before 1 July 2025 is the former ward's, which the registry does not hold).

Anything else is a body of another place, level or time: never a registry key, reported
with the reason so that a person decides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from portal.contract.dates import PartialDate
from portal.contract.text import fold, nfc
from portal.importer.import_dates import fold_keep
from portal.importer.import_people import SURNAMES

# Levels as written (NFC, lowercased), and a party committee of a level (folded).
_LEVEL = re.compile(r"(?:(thành\s+phố|tỉnh|huyện|thị\s+xã|quận|phường|thị\s+trấn|xã(?!\s+hội))(?![^\W\d_])|"
                    r"(TP|TX)(?:\.|(?![^\W\d_]))|(P|Q)\.)", re.I)
_LEVEL_KEYS = {"thành phố": "thanh-pho", "tp": "thanh-pho", "tỉnh": "tinh", "huyện": "huyen", "thị xã": "thi-xa",
               "tx": "thi-xa", "quận": "quan", "q": "quan", "phường": "phuong", "p": "phuong", "thị trấn": "thi-tran",
               "xã": "xa"}
_COMMITTEE = re.compile(r"(thanh|tinh|huyen|thi|quan)\s+uy(?![a-z0-9])")
_COMMITTEE_LEVELS = {"thanh": "thanh-pho", "tinh": "tinh", "huyen": "huyen", "thi": "thi-xa", "quan": "quan"}
PARTY = "dang uy"  # the kind of "Thành ủy", "Huyện ủy", "Đảng ủy phường …"
_PLURAL = re.compile(r"\s*(?:các|những|mọi)\s+(?:cấp|phường|xã|thị\s+trấn|huyện|quận|thị\s+xã|địa\s+phương|"
                     r"đơn\s+vị|cơ\s+sở|tổ\s+dân\s+phố|thôn|khu\s+phố|chi\s+hội|chi\s+đoàn)\b", re.I)
# A word that goes on a body's name ("Phòng Kinh tế và Hạ tầng", "Phòng Tài chính - Kế hoạch")
# unless it opens another body, a person or a list.
_JOIN = re.compile(r"\s*(?:và|&|-|–|—)\s+(?=[^\W\d_])")
_NOT_A_NAME_PART = {"nhân", "việt", "các", "đồng", "ông", "bà", "đ/c"}
_TITLE_BEFORE = re.compile(  # a body named inside a person's title (folded text before it)
    r"(?:bi thu|chu tich|truong ban|truong|uy vien|giam doc|pho|thuong vu|ban chap hanh|chanh van phong|"
    r"chi huy truong|chu nhiem|tong bien tap)\s+$")
LEVEL_NAMES = {"thanh-pho": "thành phố", "tinh": "tỉnh", "huyen": "huyện", "thi-xa": "thị xã", "quan": "quận",
               "phuong": "phường", "xa": "xã", "thi-tran": "thị trấn"}


@dataclass(frozen=True)
class Place:
    level: str | None           # a key of LEVEL_NAMES
    name: str | None = None     # folded ("thanh hoa", "hac thanh")
    written: str | None = None  # as written

    def fits(self, other: "Place") -> bool:
        """The same place, as far as both say (a level alone fits any name)."""
        if self.level and other.level and self.level != other.level:
            return False
        if self.name and other.name and self.name != other.name:
            return False
        return bool(self.level and other.level or self.name and other.name)

    def label(self) -> str:
        level = LEVEL_NAMES.get(self.level or "", "")
        return " ".join(p for p in (level, self.written or "") if p) or "nơi khác"


@dataclass
class BodyMention:
    start: int
    end: int
    text: str
    kind: str                    # folded kind ("ubnd", "phong kinh te", PARTY)
    place: Place | None          # written after the kind
    in_title: bool = False       # inside a person's title: "Bí thư Thành ủy", "Chủ tịch UBND phường"
    key: str | None = None       # resolved
    why: str | None = None       # why it is not a registry body (None when resolved)


@dataclass
class _Entry:
    key: str
    place: Place | None
    valid_from: PartialDate | None
    valid_until: PartialDate | None
    successors: list[str] = field(default_factory=list)


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _is_title_case(word: str) -> bool:
    """"Hạc", "Thành": a word of a place name. "MTTQ" is not one."""
    return word[:1].isupper() and (word[1:].islower() or len(word) == 1)


def _place_name_end(text: str, pos: int, known: set[str]) -> tuple[int, str | None]:
    """A place name written from ``pos`` (capitalised words, maybe after "P." without a space);
    (end, name as written). A person's name after a place ("… Đông Sơn Lê Văn Tám") is left out."""
    words = []
    for m in re.finditer(r"[ \t]*([^\W\d_]+)", text[pos:pos + 80]):
        if m.start() != (words[-1].end() if words else 0) or not _is_title_case(m.group(1)):
            break
        if words and text[pos + words[-1].end():pos + m.start(1)].strip():
            break
        words.append(m)
        if len(words) == 5:
            break
    if not words:
        return pos, None
    names = [w.group(1) for w in words]
    for n in range(len(names), 0, -1):  # a place the registry knows decides
        if fold(" ".join(names[:n])) in known:
            return pos + words[n - 1].end(), " ".join(names[:n])
    cut = len(names)
    for i in range(1, len(names)):
        if names[i] in SURNAMES and 2 <= len(names) - i <= 4:
            cut = i
            break
    return pos + words[cut - 1].end(), " ".join(names[:cut])


def _level_at(text: str, at: int) -> tuple[str | None, int]:
    m = _LEVEL.match(text, at)
    if not m:
        return None, at
    written = next(g for g in m.groups() if g)
    if not m.group(1) and not written.isupper():  # "tp", "p." in lower case are not levels
        return None, at
    return _LEVEL_KEYS[re.sub(r"\s+", " ", written.lower())], m.end()


def read_place(text: str, folded: str, pos: int, known: set[str] = frozenset()) -> tuple[Place | None, int, bool]:
    """The place written at ``pos`` after a body's kind: (place, end, plural). ``plural``: "các
    phường", "các xã": no one body. "Việt Nam" before a level is skipped ("Ủy ban MTTQ Việt
    Nam huyện Mê Linh"); alone it is the country. A party committee of a level counts as the
    level ("Ban Dân vận Huyện ủy Đông Sơn")."""
    plural = _PLURAL.match(text, pos)
    if plural:
        return None, plural.end(), True
    vn = re.match(r"\s+việt\s+nam(?![^\W\d_])", text[pos:pos + 12], re.I)
    if vn:
        after_vn = pos + vn.end()
        gap = re.match(r"[ \t]+", text[after_vn:after_vn + 4])
        if gap and (_level_at(text, after_vn + gap.end())[0] or _COMMITTEE.match(folded, after_vn + gap.end())):
            pos = after_vn
    gap = re.match(r"[ \t]+", text[pos:pos + 4])
    if not gap:
        return None, pos, False
    at = pos + gap.end()
    c = _COMMITTEE.match(folded, at)
    if c and _is_cap(text[at]):  # "Huyện ủy Đông Sơn"
        if re.match(r"\s+viên(?![^\W\d_])", text[c.end():c.end() + 6], re.I):
            return None, pos, False
        level, after = _COMMITTEE_LEVELS[c.group(1)], c.end()
    else:
        level, after = _level_at(text, at)
    if level and text[at:after].isupper() and len(text[at:after].rstrip(".")) > 2:
        return Place(level), after, False  # "HỘI LHPN THÀNH PHỐ TỔNG KẾT …": in capitals a name has no edge
    end, name = _place_name_end(text, after if level else at, known)
    if name and name.split()[0] in SURNAMES and fold(name) not in known and \
            (not level and len(name.split()) >= 2 or level and len(name.split()) >= 3):
        end, name = after, None  # "UBND thành phố Lê Văn An": a person after the place, not a place
    if not level and not name:
        return None, pos, False
    return Place(level, fold(name) if name else None, name), (end if name else after), False


class BodyIndex:
    """The organizations registry by kind, place and validity; finds and resolves mentions."""

    def __init__(self, organizations: dict, localities: dict | None = None):
        localities = localities or {}
        self.entries: dict[str, _Entry] = {}
        self.literal: dict[str, set[str]] = {}   # a folded name as the registry writes it -> keys
        self.known_places: set[str] = {fold(_strip_level(n)) for loc in localities.values()
                                       for n in [getattr(loc, "name", None), *(getattr(loc, "aliases", None) or [])] if n}
        kinds_of: dict[str, set[str]] = {}
        parents: dict[str, str] = {}
        for key, org in organizations.items():
            place, kinds = None, set()
            for name in [n for n in [org.name, getattr(org, "short", None), *getattr(org, "aliases", [])] if n]:
                self.literal.setdefault(_fold(name), set()).add(key)
                kind, where = split_name(name)
                kinds.add(kind)
                if where:
                    place = _merge(place, where)
            loc_key = getattr(org, "locality_key", None) or getattr(org, "locality", None)
            loc = localities.get(getattr(loc_key, "key", loc_key)) if loc_key else None
            if loc is not None and getattr(loc, "name", None):
                written = _strip_level(loc.name)
                place = Place(_level_key(getattr(loc, "level", None)) or (place.level if place else None),
                              fold(written), written)
            if place and place.name:
                self.known_places.add(place.name)
            successors = getattr(org, "successor_keys", None) or getattr(org, "successors", None)
            if not isinstance(successors, (list, tuple)):
                successors = [getattr(org, "successor_key", None)]
            self.entries[key] = _Entry(key, place, getattr(org, "valid_from", None), getattr(org, "valid_until", None),
                                       [getattr(x, "key", x) for x in successors if x])
            if getattr(org, "parent_key", None):
                parents[key] = org.parent_key
            kinds_of[key] = kinds
        for key, entry in self.entries.items():  # a place from the parent ("Phòng Kinh tế" of the city)
            seen, parent = {key}, parents.get(key)
            while entry.place is None and parent in self.entries and parent not in seen:
                seen.add(parent)
                entry.place, parent = self.entries[parent].place, parents.get(parent)
        # Families: entries that share a kind (union-find over ("kind", k) and ("key", k) nodes).
        root: dict[tuple, tuple] = {}

        def find(node: tuple) -> tuple:
            root.setdefault(node, node)
            while root[node] != node:
                root[node] = root[root[node]]
                node = root[node]
            return node
        for key, kinds in kinds_of.items():
            for kind in kinds:
                root[find(("kind", kind))] = find(("key", key))
        self._family: dict[tuple, set[str]] = {}
        for key in kinds_of:
            self._family.setdefault(find(("key", key)), set()).add(key)
        self._family_of = {kind: find(("kind", kind)) for kinds in kinds_of.values() for kind in kinds}
        alternatives = sorted((k for k in self._family_of if k != PARTY), key=len, reverse=True)
        self._pattern = re.compile(r"(?<![a-z0-9])(?:" + "".join(re.escape(k) + "|" for k in alternatives)
                                   + r"(?:thanh|tinh|huyen|thi|quan|dang)\s+uy)(?![a-z0-9])")
        self._kind_words = " | ".join(alternatives)
        self.home: Place | None = None
        self.date: tuple[dt.date, dt.date] | None = None

    def family(self, kind: str) -> set[str]:
        return self._family.get(self._family_of.get(kind, ("none",)), set())

    def place_of(self, key: str) -> Place | None:
        entry = self.entries.get(key)
        return entry.place if entry else None

    # --- the article ------------------------------------------------------------------------------

    def set_context(self, home: Place | None, date: PartialDate | dt.date | None) -> None:
        """The place the article is about and the meeting's date (or the publication's)."""
        self.home = home
        if isinstance(date, PartialDate):
            self.date = (date.start, date.end)
        elif isinstance(date, dt.date):
            self.date = (date, date)
        else:
            self.date = None

    def mentions(self, text: str) -> list[BodyMention]:
        """Every body named in ``text``, in order: resolved (``key``), or not (``why``). Partial
        names that the registry does not write alone ("UBND", "Ủy ban nhân dân") are left out."""
        text = nfc(text)
        folded = _fold(text)
        out: list[BodyMention] = []
        pos = 0
        while True:
            m = self._pattern.search(folded, pos)
            if not m:
                return out
            start, end = m.start(), m.end()
            kind = re.sub(r"\s+", " ", m.group())
            pos = end
            committee = _COMMITTEE.fullmatch(kind)
            if re.match(r"\s+viên(?![^\W\d_])", text[end:end + 6], re.I):
                continue  # "Tỉnh ủy viên", "Thành ủy viên": a person's title
            if committee:
                if not _is_cap(text[start]):
                    continue  # "thành ủy" in lower case is not a name
                after, end2, _ = read_place(text, folded, end, self.known_places)
                place = Place(_COMMITTEE_LEVELS[committee.group(1)], after.name if after else None,
                              after.written if after else None)
                end, kind = (end2 if after and after.name and not after.level else end), PARTY
            else:
                longer = self._longer_name(text, folded, end)
                if longer:
                    place, end2, _ = read_place(text, folded, longer, self.known_places)
                    end = end2 if place else longer
                    out.append(BodyMention(start, end, text[start:end], kind, place, in_title(folded, start),
                                           why=f"tên của một cơ quan khác, không phải \"{text[start:m.end()]}\" "
                                               "trong danh mục"))
                    pos = end
                    continue
                place, end, plural = read_place(text, folded, end, self.known_places)
                if plural:
                    pos = end  # "UBND các phường": no one body
                    continue
            mention = BodyMention(start, end, text[start:end], kind, place, in_title(folded, start))
            self._resolve(mention)
            pos = end
            if mention.key or mention.why:
                out.append(mention)

    def find(self, text: str) -> list[BodyMention]:
        """The registry bodies named in ``text`` (resolved mentions), in order."""
        return [m for m in self.mentions(text) if m.key]

    def keys(self, text: str) -> list[str]:
        return list(dict.fromkeys(m.key for m in self.find(text)))

    def find_home(self, title: str, lead: list[str]) -> Place | None:
        """The place an article is about: a headline opening with a place ("Thị xã Bỉm Sơn …",
        "TP Sầm Sơn: …"), else the first body with a place written after it in the headline and
        the lead, a person's title included ("Phó Chủ tịch UBND thành phố … chủ trì"), before
        any "(tham) dự" (the bodies attending are not the host)."""
        title = nfc(title or "")
        level, after = _level_at(title, re.match(r"\s*", title).end())
        if level:
            _, name = _place_name_end(title, after, self.known_places)
            if name:
                return Place(level, fold(name), name)
        saved, self.home = self.home, None
        try:
            for text in [title, *(s for p in lead for s in re.split(r"(?<=[.!?])\s+", p))]:
                text = _ATTENDING.split(text, maxsplit=1)[0]  # who attends is not whose meeting it is
                for m in self.mentions(text):
                    if m.place is not None:
                        return m.place
        finally:
            self.home = saved
        return None

    def home_known(self) -> bool:
        """The home is a place of the registry (or of the localities registry)."""
        home = self.home
        return home is not None and (any(e.place and e.place.fits(home) for e in self.entries.values())
                                     or bool(home.name and home.name in self.known_places))

    def _resolve(self, m: BodyMention) -> None:
        family, home = self.family(m.kind), self.home
        if m.place:
            place = m.place
            if not place.name and home and home.level == place.level and home.name:
                place = home  # "Ủy ban MTTQ phường" in an article about one ward
            elif not place.name and home and home.level != place.level and not self.home_known():
                m.why = f"bài nói về {home.label()}: không rõ {place.label()} nào"
                return
            candidates = [k for k in family if self.entries[k].place and _same(self.entries[k].place, place)]
        else:
            literal = self.literal.get(_fold(m.text), set())
            if not literal:
                return  # a partial name ("UBND" alone): not a mention
            if home is None:
                candidates = sorted(literal)
            elif not self.home_known():
                m.why = f"bài nói về {home.label()}: không rõ là cơ quan nào"
                return
            else:
                candidates = [k for k in family if self.entries[k].place is None or self.entries[k].place.fits(home)]
        valid = sorted(k for k in candidates if self._valid(k))
        if len(valid) == 1:
            m.key = valid[0]
        elif valid:
            m.why = "nhiều cơ quan trong danh mục khớp: " + ", ".join(valid)
        elif candidates:
            m.why = "; ".join(self._not_then(k) for k in sorted(candidates))
        else:
            where = m.place or home
            m.why = f"cơ quan của {where.label()}" if where else "không có trong danh mục"

    def _valid(self, key: str) -> bool:
        return _valid_at(self.entries[key], self.date)

    def _not_then(self, key: str) -> str:
        entry = self.entries[key]
        last = self.date[1] if self.date else None
        if entry.valid_from is not None and last and entry.valid_from.start > last:
            return (f"\"{key}\" chỉ có từ ngày {_vn(entry.valid_from.start)}, sau ngày họp: đây là cơ quan của "
                    "đơn vị cũ, không có trong danh mục")
        successors = f"; đơn vị kế thừa: {', '.join(entry.successors)}" if entry.successors else \
            "; danh mục chưa ghi đơn vị kế thừa"
        return f"\"{key}\" đã kết thúc ngày {_vn(entry.valid_until.end)}, trước ngày họp{successors}"

    def _longer_name(self, text: str, folded: str, end: int) -> int | None:
        """Where a longer name ends when a registry kind only begins it ("Phòng Kinh tế và Hạ tầng",
        "Phòng Kinh tế - Hạ tầng"): a capitalised word joined on that opens no other body, person,
        place or list of bodies ("Hội Nông dân và Cựu chiến binh")."""
        join = _JOIN.match(text, end)
        if not join:
            return None
        at = join.end()
        words = re.match(r"([^\W\d_]+)(?:\s+([^\W\d_]+))?", text[at:at + 40])
        first = words.group(1)
        if not _is_cap(first) or first.lower() in _NOT_A_NAME_PART or first in SURNAMES or \
                self._pattern.match(folded, at) or _BODY_START.match(text, at) or _level_at(text, at)[0]:
            return None
        pair = fold(" ".join(w for w in words.groups() if w))
        if pair in self._kind_words or fold(first) + " " in self._kind_words:
            return None  # the words of a registry body: a list ("… và Cựu chiến binh")
        stop = at + len(first)
        second = words.group(2)
        if second and not _is_cap(second) and not _level_at(text, at + words.start(2))[0]:
            stop = at + words.end(2)  # "Hạ tầng", "Kế hoạch"
        return stop


def split_name(name: str) -> tuple[str, Place | None]:
    """A registry name as (folded kind, place): "Ủy ban nhân dân thành phố Thanh Hóa" ->
    ("uy ban nhan dan", thành phố Thanh Hóa); "Tỉnh ủy Thanh Hóa" -> (PARTY, tỉnh Thanh Hóa);
    "Ban Dân vận Thành ủy" -> ("ban dan van", thành phố); "Phòng Kinh tế" -> ("phong kinh te", None)."""
    text = nfc(name).strip()
    folded = _fold(text)
    committee = _COMMITTEE.match(folded)
    if committee:
        end, place_name = _place_name_end(text, committee.end(), set())
        if end >= len(text):
            return PARTY, Place(_COMMITTEE_LEVELS[committee.group(1)], fold(place_name) if place_name else None,
                                place_name)
    for space in re.finditer(r"[ \t]+", text):
        place, end, plural = read_place(text, folded, space.start(), set())
        if place and not plural and end >= len(text):
            kind = _fold(text[:space.start()]).strip(" ,-")
            return kind, place
    return folded, None


def in_title(folded: str, start: int) -> bool:
    """The folded text before ``start`` ends with a person's title ("Chủ tịch ", "Bí thư ")."""
    return bool(_TITLE_BEFORE.search(folded, max(0, start - 40), start))


_ATTENDING = re.compile(r"\b(?:cùng\s+|tới\s+|đến\s+|về\s+)?(?:tham\s+)?dự\b|với\s+sự\s+tham\s+(?:dự|gia)|"
                        r"có\s+sự\s+tham\s+(?:dự|gia)", re.I)
_PLACES = re.compile(r"(?<![^\W\d_])(?P<plural>các\s+)?(?P<level>phường|xã(?!\s+hội)|thị\s+trấn|huyện|thị\s+xã|"
                     r"thành\s+phố|tỉnh|quận)\s+(?=[^\W\d_])", re.I)
_NAME = r"[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,3}"


class PlaceIndex:
    """The localities registry by level and name (and aliases), for the places a commitment
    names ("các phường Ba Đình, Lam Sơn, Đông Vệ", "phường Hạc Thành"): the one locality of that
    name valid on the meeting's date ("phường Đông Sơn" in 2020 is the former ward, in 2026 the
    new one), or the only one of that name (a former unit called by its old name); nothing
    when the name is ambiguous or unknown."""

    def __init__(self, localities: dict | None):
        self.by_name: dict[tuple[str, str], list[tuple[str, object]]] = {}
        for key, loc in (localities or {}).items():
            level = _level_key(getattr(loc, "level", None))
            names = {fold(_strip_level(n)) for n in [getattr(loc, "name", None), *(getattr(loc, "aliases", None) or [])]
                     if n}
            for name in names:
                self.by_name.setdefault((level or "", name), []).append((key, loc))

    def find(self, text: str, date: tuple[dt.date, dt.date] | None) -> list[str]:
        if not self.by_name:
            return []
        text = nfc(text)
        keys: list[str] = []
        for m in _PLACES.finditer(text):
            level = _LEVEL_KEYS[re.sub(r"\s+", " ", m["level"].lower())]
            for name in self._names(text, m.end(), bool(m["plural"])):
                named = self.by_name.get((level, fold(name)), [])
                found = [key for key, loc in named if _valid_at(loc, date)]
                if len(found) == 1:
                    keys.append(found[0])
                elif not found and len(named) == 1:
                    keys.append(named[0][0])  # a former unit by its old name: shown with what covers it now
        return list(dict.fromkeys(keys))

    @staticmethod
    def _names(text: str, pos: int, plural: bool) -> list[str]:
        names = []
        while True:
            m = re.match(_NAME, text[pos:pos + 60])
            if not m:
                break
            words = []
            for w in m.group().split():
                if not _is_title_case(w):
                    break
                words.append(w)
            if not words:
                break
            names.append(" ".join(words))
            pos += len(" ".join(words))
            sep = re.match(r"\s*(?:,|và)\s+(?=[^\W\d_])", text[pos:pos + 8]) if plural else None
            if not sep:
                break
            pos += sep.end()
        return names


def _valid_at(entry, date: tuple[dt.date, dt.date] | None) -> bool:
    if date is None:
        return True
    first, last = date
    start, end = getattr(entry, "valid_from", None), getattr(entry, "valid_until", None)
    if start is not None and getattr(start, "start", start) > last:
        return False
    return end is None or getattr(end, "end", end) >= first


_BODY_START = re.compile(
    r"(?:UBND|HĐND|UB\s?MTTQ|Ủy ban|Uỷ ban|Hội|Đoàn|Phòng|Ban|Sở|Công an|Trung tâm|Văn phòng|Đảng ủy|Đảng uỷ|"
    r"Thành đoàn|MTTQ|Mặt trận|Chi cục|Đội|Bộ Chỉ huy|Ban Chỉ huy|Quân sự|Kho bạc|Chi nhánh|Bệnh viện|Trường|"
    r"Thường trực|Thành ủy|Thành uỷ|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Huyện uỷ)\b")


def _same(entry_place: Place, written: Place) -> bool:
    if written.name:
        return entry_place.name == written.name and (not written.level or not entry_place.level
                                                      or entry_place.level == written.level)
    return bool(written.level) and entry_place.level == written.level


def _merge(a: Place | None, b: Place) -> Place:
    if a is None:
        return b
    return Place(a.level or b.level, a.name or b.name, a.written or b.written)


def _fold(text: str) -> str:
    return re.sub(r"[–—‐‑]", "-", fold_keep(nfc(text)))


def _strip_level(name: str) -> str:
    return re.sub(r"^(?:thành\s+phố|tỉnh|huyện|thị\s+xã|quận|phường|xã|thị\s+trấn)\s+", "", nfc(name).strip(), flags=re.I)


def _level_key(level) -> str | None:
    if not level:
        return None
    level = str(level)
    return level if level in LEVEL_NAMES else _LEVEL_KEYS.get(level.lower())


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
