"""Checks across entries and files that JSON Schema cannot express: the contract's rules on people's
names, successions, the lineage of localities, and what a meeting may name on its date.

Every rule here is an error (it stops publishing) unless marked as a warning, and says what is wrong,
what is allowed and, where it helps, the key to use instead.
"""

from __future__ import annotations

import re
import unicodedata

from portal.contract.text import fold
from portal.content.model import Meeting, Registries, Site


def _name(org) -> str:
    return f"\"{org.key}\" ({org.label})"


def check_registries(reg: Registries, report) -> None:
    _people(reg, report)
    _unmarked_people(reg, report)
    _successions(reg, report)
    _localities(reg, report)


def _people(reg: Registries, report) -> None:
    """Two people whose names fold to the same letters: the same person typed without tone marks (an
    error), or two people with exactly the same name (a warning)."""
    by_fold: dict[str, list] = {}
    for person in reg.people.values():
        by_fold.setdefault(fold(" ".join(person.name.split())), []).append(person)
    for group in by_fold.values():
        if len(group) < 2:
            continue
        # The right spelling: the entry whose key has no "-2"-style suffix (the first one made), else the
        # one with the most tone marks.
        group.sort(key=lambda p: (re.search(r"-[0-9]+\Z", p.key) is not None, -_marks(p.name), p.key))
        first = group[0]
        for other in group[1:]:
            rel, line = reg.where("people", other.key, ("name",))
            if other.name == first.name:
                report.warning(rel, line, "name", f"\"{other.name}\" trùng tên với người có mã \"{first.key}\"; nếu là "
                               "cùng một người, hãy dùng mã đó và xóa mục này")
            else:
                report.error(rel, line, "name", f"\"{other.name}\" là \"{first.name}\" (mã \"{first.key}\") gõ thiếu hoặc "
                             f"sai dấu: dùng mã \"{first.key}\" và xóa mục này; nếu là hai người khác nhau, viết tên "
                             "đầy đủ dấu cho đúng")


# Vietnamese typed without marks is told by its spelling, not by a word list, because many names are
# rightly written without any mark ("Mai Quang Hoa"). A word of Vietnamese syllable shape with no mark
# CANNOT be right when its rhyme is one Vietnamese only writes with a mark: a syllable ending in
# p, t, c or ch takes the sắc or nặng tone ("tich" → "tịch", "doc" → "đốc"); the diphthongs iê/yê/uô/ươ
# carry their hat or horn ("nguyen", "vien", "truong", "duong"). In a person's name, the commonest
# surnames and middle names are never written bare ("Tran", "Pham", "Thi", "Van").
_SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?([aeiouy]{1,3})(ngh|ng|nh|ch|[cmnpt])?")
_CHECKED = re.compile(r"[aeiouy](ch|[cpt])$")
_HATTED = re.compile(r"(ie|ye|uo)")
_BARE_NAME_WORDS = frozenset("nguyen tran le ly pham hoang huynh vu vo dang bui do ho ngo duong dinh trinh quach thi van "
                             "duc".split())
# Titles offered when the registries do not spell them (an empty registry, a new office).
_COMMON_TITLES = ("Chủ tịch", "Phó Chủ tịch", "Bí thư", "Phó Bí thư", "Giám đốc", "Phó Giám đốc", "Trưởng ban",
                  "Phó Trưởng ban", "Trưởng phòng", "Phó Trưởng phòng", "Ủy viên", "Đại biểu", "Chánh Văn phòng",
                  "thành phố", "huyện", "xã", "phường", "tỉnh")
_WORD = re.compile(r"[^\W\d_]+")


def _vocabulary(reg: Registries) -> dict[str, str]:
    """The registries' spelling of each folded person name and position title, and (under the key " "
    + the folded words) of each run of one to three words (the most frequent spelling)."""
    spelling: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    texts = list(_COMMON_TITLES)
    for person in reg.people.values():
        texts += [person.name, *person.aliases]
        for position in person.positions:
            texts.append(position.title)
    for name in ("organizations", "topics", "meeting-kinds", "localities"):
        for entry in reg.by_name(name).values():
            texts.append(getattr(entry, "name", "") or "")
    for text in texts:
        text = " ".join(str(text).split())
        found = _WORD.findall(text)
        for n in (1, 2, 3):  # runs of up to three words: "phó chủ tịch", not "phố" from "thành phố"
            for i in range(len(found) - n + 1):
                run = " ".join(found[i:i + n])
                if _marks(run):
                    forms = counts.setdefault(fold(run), {})
                    forms[run.lower()] = forms.get(run.lower(), 0) + 1
        if text not in _COMMON_TITLES and _marks(text) > _marks(spelling.get(fold(text), "")):
            spelling[fold(text)] = text
    for folded, forms in counts.items():
        spelling[" " + folded] = max(sorted(forms), key=lambda f: forms[f])
    return spelling


def unmarked_vietnamese(text: str, name: bool = False, spelling: dict | None = None) -> bool:
    """Vietnamese text typed with no tone or vowel mark at all ("Nguyen Van Binh", "chu tich"): every word
    is an abbreviation in capitals or has a Vietnamese syllable's shape, and one of them cannot be right
    bare. ``name``: a person's name, whose surname and middle names are checked too. ``spelling`` (the
    registries', see _vocabulary): a title or role holding a run of two or three words that the
    registries only write with marks ("bi thu" of "Bí thư") is Vietnamese missing its marks too."""
    found = _WORD.findall(text or "")
    if not found or _marks(text):
        return False
    words = [w for w in found if not (w.isupper() and len(w) > 1)]  # UBND, HDND: abbreviations
    if not words or not all(_SYLLABLE.fullmatch(w.lower()) for w in words):
        return False
    lower = [w.lower() for w in words]
    if any(_CHECKED.search(w) or _HATTED.search(w.removeprefix("qu")) for w in lower):
        return True
    if name:
        return any(w in _BARE_NAME_WORDS for w in lower[:-1])
    folded = [fold(w) for w in found]
    runs = (" " + " ".join(folded[i:i + n]) for n in (2, 3) for i in range(len(folded) - n + 1))
    return bool(spelling) and (fold(" ".join(found)) in spelling or any(r in spelling for r in runs))


def _unmarked_hint(text: str, spelling: dict[str, str]) -> str:
    """The registry's spelling of the whole text, else a guess word by word from the registries' words."""
    right = spelling.get(fold(" ".join(text.split())))
    if right:
        return f": danh mục viết \"{right}\", hãy viết như vậy"

    words = _WORD.findall(text)
    out, i = [], 0
    while i < len(words):
        for n in (3, 2, 1):
            run = words[i:i + n]
            form = spelling.get(" " + fold(" ".join(run))) if len(run) == n else None
            if form is not None and not (n == 1 and run[0].isupper() and len(run[0]) > 1):
                break
        else:
            n, form = 1, words[i]
        first = words[i]
        out.append(form[0].upper() + form[1:] if first[0].isupper() else form)
        i += n
    guess = " ".join(out)
    guess = guess[:1].upper() + guess[1:]  # a title or a name begins with a capital
    return ": gõ thiếu dấu?" + (f" Có phải \"{guess}\"?" if _marks(guess) else
                                " Viết đủ dấu tiếng Việt (ví dụ \"Chủ tịch\", không phải \"Chu tich\")")


def _unmarked_people(reg: Registries, report) -> None:
    """A person's name or position typed with no tone mark: a warning (it never stops publishing)."""
    spelling = _vocabulary(reg)
    folded_names = {}
    for person in reg.people.values():
        folded_names.setdefault(fold(" ".join(person.name.split())), []).append(person)
    for person in reg.people.values():
        if unmarked_vietnamese(person.name, name=True) and len(folded_names[fold(" ".join(person.name.split()))]) == 1:
            rel, line = reg.where("people", person.key, ("name",))
            report.warning(rel, line, "name", f"\"{person.name}\" không có dấu thanh nào: gõ thiếu dấu? Viết họ tên "
                           "đủ dấu như bản tin (ví dụ \"Lê Anh Xuân\", không phải \"Le Anh Xuan\")")
        for index, position in enumerate(person.positions):
            if unmarked_vietnamese(position.title, spelling=spelling):
                rel, line = reg.where("people", person.key, ("positions", index, "title"))
                report.warning(rel, line, ("positions", index, "title"), f"chức vụ \"{position.title}\" không có dấu "
                               "thanh nào" + _unmarked_hint(position.title, spelling))


def _marks(name: str) -> int:
    """How many tone and vowel marks a name carries (and đ)."""
    return sum(1 for ch in unicodedata.normalize("NFD", name) if unicodedata.combining(ch)) + \
        sum(name.count(ch) for ch in "đĐ")


def _successions(reg: Registries, report) -> None:
    for org in reg.organizations.values():
        if "successor" in org.data and "successors" in org.data:
            rel, line = reg.where("organizations", org.key, ("successor",))
            report.error(rel, line, "successor", "có cả successor và successors: chỉ dùng successors (danh sách), "
                         "ví dụ successors: [ma-mot, ma-hai]")
        if org.key in org.successor_keys:
            rel, line = reg.where("organizations", org.key, ("successors",))
            report.error(rel, line, "successors", f"cơ quan \"{org.key}\" không thể kế thừa chính nó")
        chain = _cycle(org.key, lambda key: reg.organizations[key].successor_keys if key in reg.organizations else [])
        if chain and chain[0] == org.key and len(chain) > 2:
            rel, line = reg.where("organizations", org.key, ("successors",))
            report.error(rel, line, "successors", "các cơ quan kế thừa lẫn nhau thành vòng: " + " → ".join(chain))


def _localities(reg: Registries, report) -> None:
    places = reg.localities
    for place in places.values():
        chain = _cycle(place.key, lambda key: [places[key].parent_key] if key in places and places[key].parent_key else [])
        if chain and chain[0] == place.key:
            rel, line = reg.where("localities", place.key, ("parent",))
            report.error(rel, line, "parent", "đơn vị là cấp trên của chính nó: " + " → ".join(chain))
        lineage = _cycle(place.key, lambda key: [k for k, _ in places[key].formed_from_keys] if key in places else [])
        if lineage and lineage[0] == place.key:
            rel, line = reg.where("localities", place.key, ("formed_from",))
            report.error(rel, line, "formed_from", "đơn vị được hình thành từ chính nó (kế thừa thành vòng): "
                         + " ← ".join(lineage))
        keys = [k for k, _ in place.formed_from_keys]
        for index, key in enumerate(keys):
            if key in keys[:index]:
                rel, line = reg.where("localities", place.key, ("formed_from", index))
                report.error(rel, line, ("formed_from", index), f"\"{key}\" có hai lần trong formed_from: chỉ ghi một lần")
            source = places.get(key)
            if source is not None and place.valid_from and source.valid_until is None:
                rel, line = reg.where("localities", place.key, ("formed_from", index))
                report.warning(rel, line, ("formed_from", index), f"đơn vị cũ \"{key}\" ({source.name}) chưa có ngày "
                               f"kết thúc (valid_until), nhưng \"{place.key}\" được hình thành từ nó: thêm valid_until")


def _cycle(start: str, following) -> list[str]:
    """The path from ``start`` back to a key already on it (a cycle), or [] when there is none."""
    path, seen = [start], {start}
    stack = [(start, iter(following(start)))]
    while stack:
        key, rest = stack[-1]
        nxt = next(rest, None)
        if nxt is None:
            stack.pop()
            path.pop()
            continue
        if nxt == start:
            return path + [start]
        if nxt in seen:
            continue
        seen.add(nxt)
        path.append(nxt)
        stack.append((nxt, iter(following(nxt))))
    return []


def check_meetings(site: Site, rel, report) -> None:
    """What a meeting names must exist on its date; a commitment's due date is not before its meeting."""
    reg = site.registries
    spelling = _vocabulary(reg)
    for meeting in site.meetings:
        for index, chair in enumerate(meeting.chairs):
            if chair.role and unmarked_vietnamese(chair.role, spelling=spelling):
                where = ("chairs", index, "role")
                person = reg.people.get(chair.person_key)
                own = {fold(p.title): p.title for p in (person.positions if person else []) if _marks(p.title)}
                report.warning(rel(meeting), meeting.locate(where), where, f"chức vụ \"{chair.role}\" không có dấu thanh "
                               "nào" + _unmarked_hint(chair.role, {**spelling, **own}))
        if not meeting.date_valid:
            continue
        for index, key in enumerate(meeting.organization_keys):
            _active(reg, meeting, key, ("organizations", index), "tham dự", rel, report)
        for c_index, commitment in enumerate(meeting.commitments):
            for index, key in enumerate(commitment.owner_keys):
                _active(reg, meeting, key, ("commitments", c_index, "owners", index), "chủ trì", rel, report)
            for index, key in enumerate(commitment.partner_keys):
                _active(reg, meeting, key, ("commitments", c_index, "partners", index), "phối hợp", rel, report)
            for index, key in enumerate(commitment.place_keys):
                _place(reg, meeting, key, ("commitments", c_index, "places", index), rel, report)
            due = commitment.due
            if due is not None and due.end < meeting.date.start:
                where = ("commitments", c_index, "due")
                report.error(rel(meeting), meeting.locate(where), where,
                             f"hạn {due.short_vi()} trước ngày họp {meeting.date.short_vi()}: hạn hoàn thành không được "
                             "trước hội nghị đưa ra cam kết (kiểm tra năm; hạn chỉ có tháng hoặc năm là hết tháng, năm đó)")
        for r_index, review in enumerate(meeting.reviews):
            for index, key in enumerate(review.owner_keys):
                _active(reg, meeting, key, ("reviews", r_index, "owners", index), "nhận bàn giao", rel, report)


def _active(reg: Registries, meeting: Meeting, key: str, where: tuple, role: str, rel, report) -> None:
    """A body named by a meeting (as participant, owner, partner or new owner) existed on its date."""
    org = reg.organizations.get(key)
    if org is None:
        return  # an unknown key: reported by the schema check
    before = org.valid_from is not None and meeting.date.end < org.valid_from.start
    after = org.valid_until is not None and meeting.date.start > org.valid_until.end
    if not (before or after):
        return
    if after:
        what = f"{org.label} (\"{key}\") kết thúc hoạt động ngày {org.valid_until.short_vi()}"
        successors = [reg.organizations[k] for k in org.successor_keys if k in reg.organizations]
        then = ("; đơn vị kế thừa: " + ", ".join(_name(s) for s in successors)) if successors else \
            "; danh mục chưa ghi đơn vị kế thừa (successors)"
    else:
        what = f"{org.label} (\"{key}\") bắt đầu hoạt động từ ngày {org.valid_from.short_vi()}"
        then = ""
    report.error(rel(meeting), meeting.locate(where), where,
                 f"{what}, nhưng hội nghị diễn ra {meeting.date.short_vi()}: không thể ghi là cơ quan {role}{then}")


def _place(reg: Registries, meeting: Meeting, key: str, where: tuple, rel, report) -> None:
    """A place that had ended before the meeting: a warning naming the unit that covers it now."""
    place = reg.localities.get(key)
    if place is None or place.valid_until is None or meeting.date.start <= place.valid_until.end:
        return
    names = ", ".join(f"\"{s.key}\" ({s.name})" for s in reg.localities.values()
                      if any(k == key for k, _ in s.formed_from_keys))
    report.warning(rel(meeting), meeting.locate(where), where,
                   f"{place.name} (\"{key}\") kết thúc ngày {place.valid_until.short_vi()}, trước hội nghị"
                   + (f"; nay thuộc {names}: dùng mã đơn vị mới" if names else ""))
