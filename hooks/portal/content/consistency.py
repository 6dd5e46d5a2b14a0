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
    for meeting in site.meetings:
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
