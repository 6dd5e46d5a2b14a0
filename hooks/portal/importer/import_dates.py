"""Dates and times in published articles: publication stamps and meeting dates.

A stamp is a short line that holds a date, maybe a clock time, and nothing else but
stamp words: labels ("Đăng lúc", "Cập nhật", "Ngày đăng", "Thời gian đăng", "Xuất
bản"), a weekday ("Thứ Hai", "Chủ nhật"), a time zone ("(GMT+7)"), AM/PM and
separators ("|", "-", "!!", commas, parentheses). :func:`read_stamp` reads the whole
family by taking the date and the time out and checking that what is left is only
those words: a sentence that holds a date is never a stamp.

The meeting date is in the body ("Chiều ngày 12/2/2020", "Sáng 15-3", "vào lúc 14 giờ
00 ngày 10 tháng 02 năm 2023", "Sáng nay (15/4)"). :func:`read_meeting_date` takes the
first date that a meeting cue introduces, skips the dates of documents ("Kế hoạch số
45/KH-UBND ngày 10/01/2023") and deadlines ("trước ngày 30/6"), and takes a missing
year from the stamp. Anything less clear is returned unsure, with the words found.

Measured against ``dateparser`` 1.5 (``search_dates``, ``languages=["vi"]``) on the
stamps of the fragment table: it read 12 of 26, returned nothing for 8 ("(12:23 |
03/08/2017)", "30/11/2022 - 10:32 PM", "07:30 AM 15/05/2021") and gave a wrong value
for 6 ("Đăng ngày 11 - 11 - 2023" became 11 November of the current year, "22 Tháng
Mười Hai 2023" became October, a two-digit year was taken as sure). This table of
our own reads all of them, so dateparser is not used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from portal.contract.dates import PartialDate
from portal.contract.text import fold, nfc

TZ = dt.timezone(dt.timedelta(hours=7))

_MONTH_WORDS = {  # folded Vietnamese month names, longest first when matching
    "muoi hai": 12, "muoi mot": 11, "chap": 12, "gieng": 1, "gieng hai": 1, "mot": 1, "hai": 2, "ba": 3,
    "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10,
}
_EN_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH_WORD_RE = "|".join(sorted((re.escape(k) for k in _MONTH_WORDS), key=len, reverse=True))
_EN_RE = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"

# Date forms, on folded text (same length as the original: see importer._fold_same_length).
_STAMP_DATES = [
    ("iso", re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<![\d.:])(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4}|\d{2})(?![\d:])")),
    ("words", re.compile(r"(?:ngay\s+)?(?<!\d)(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2}|" + _MONTH_WORD_RE +
                         r")(?![a-z])\s*(?:,\s*|\s+nam\s+|\s+)(?P<y>\d{4})(?!\d)")),
    ("en_dmy", re.compile(r"(?<!\d)(?P<d>\d{1,2})\s+(?P<m>" + _EN_RE + r")[a-z]*\.?,?\s+(?P<y>\d{4})(?!\d)")),
    ("en_mdy", re.compile(r"(?P<m>" + _EN_RE + r")[a-z]*\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?!\d)")),
]
_CLOCK = re.compile(r"(?<![\d/.\-])(?P<h>\d{1,2})\s*(?::|h|gio)\s*(?P<min>\d{2})(?:\s*:\s*(?P<s>\d{2}))?"
                    r"(?:\s*(?:phut))?(?:\s*(?P<ampm>am|pm|sa|ch|a\.m\.|p\.m\.)(?![a-z]))?(?![\d/])")
_ZONE = re.compile(r"\b(?:gmt|utc)(?:\s*[+\-]\s*\d{1,2}(?::?\d{2})?)?|(?<=\d)[+\-]\d{2}:?\d{2}\b|(?<=\d)z\b")
# Words a stamp may hold besides its date and time (folded).
_STAMP_NOISE = re.compile(
    r"(?:gmt|utc)\s*[+\-]\s*\d{1,2}(?::?\d{2})?|[+\-]0?7:?00|"
    r"thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat|\bcn\b|\bt[2-7]\b|\bt\b|\bict\b|"
    r"ngay\s+dang\s+tin|ngay\s+dang|ngay\s+cap\s+nhat|ngay\s+xuat\s+ban|thoi\s+gian\s+dang|"
    r"cap\s+nhat(?:\s+lan\s+cuoi)?(?:\s+luc|\s+ngay)?|dang\s+(?:luc|ngay|tai|tin)|dang|xuat\s+ban|luc|ngay|vao|"
    r"(?:luot\s+(?:xem|doc|truy\s+cap)|so\s+lan\s+xem|views?)\s*:?\s*\d[\d.,]*|\d[\d.,]*\s+(?:luot\s+(?:xem|doc)|views?)|"
    r"!!|[|:,\-–—()\[\]/.·•]")

_SESSION_WORDS = {"sang": "sang", "chieu": "chieu", "toi": "toi"}


@dataclass
class Stamp:
    value: dt.datetime | None   # None when the line reads as a stamp but its value is not sure
    text: str                   # the line as written
    sure: bool = True
    note: str | None = None


def _month(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    return _MONTH_WORDS.get(raw) or _EN_MONTHS.get(raw[:3])


def read_stamp(block: str) -> Stamp | None:
    """The publication stamp on this line, or None when the line is not a stamp."""
    text = nfc(block).strip()
    if not text or len(text) > 90:
        return None
    folded = fold(text)
    if len(folded) != len(text):  # a character whose folding changed the length: not a stamp line
        return None
    date_m = kind = None
    for kind, pattern in _STAMP_DATES:
        date_m = pattern.search(folded)
        if date_m:
            break
    if not date_m:
        return None
    rest = folded[:date_m.start()] + " " * (date_m.end() - date_m.start()) + folded[date_m.end():]
    zones = [z.group() for z in _ZONE.finditer(rest)]
    rest = _ZONE.sub(lambda z: " " * len(z.group()), rest)  # "(GMT+07:00)" holds no clock time
    clock = _CLOCK.search(rest)
    if clock:
        rest = rest[:clock.start()] + " " * (clock.end() - clock.start()) + rest[clock.end():]
    if _STAMP_NOISE.sub(" ", rest).strip():
        return None  # other words: a sentence, not a stamp
    raw_year = date_m["y"]
    month = _month(date_m["m"])
    try:
        day = dt.date(int(raw_year) + (2000 if len(raw_year) == 2 else 0), month or 0, int(date_m["d"]))
    except (ValueError, TypeError):
        return Stamp(None, text, False, f"\"{text}\": ngày không hợp lệ")
    hour = minute = second = 0
    if clock:
        hour, minute, second = int(clock["h"]), int(clock["min"]), int(clock["s"] or 0)
        ampm = (clock["ampm"] or "").replace(".", "")
        if ampm:
            if not 1 <= hour <= 12:
                return Stamp(None, text, False, f"\"{text}\": giờ {hour} không hợp với {ampm.upper()}")
            hour = hour % 12 + (12 if ampm in ("pm", "ch") else 0)
        if hour > 23 or minute > 59 or second > 59:
            return Stamp(None, text, False, f"\"{text}\": giờ không hợp lệ")
    value = dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=TZ)
    for zone in zones:
        digits = re.findall(r"\d+", zone)
        hours = int(digits[0][:-2] if len(digits[0]) in (3, 4) else digits[0]) if digits else 0
        if hours != 7 or "-" in zone:
            return Stamp(None, text, False, f"\"{text}\": giờ theo múi \"{zone.upper()}\", không phải giờ Việt Nam (GMT+7)")
    if len(raw_year) == 2:
        return Stamp(None, text, False, f"\"{text}\": năm chỉ có hai chữ số ({raw_year}); có thể là {day.year}")
    if not 1990 <= day.year <= 2100:
        return Stamp(None, text, False, f"\"{text}\": năm {day.year} không hợp lý")
    return Stamp(value, text)


def has_stamp_date(text: str) -> bool:
    """Whether the text holds a date in one of the stamp forms (a line that may be a stamp)."""
    folded = fold(text)
    return any(pattern.search(folded) for _, pattern in _STAMP_DATES)


def parse_stamp(block: str) -> dt.datetime | None:
    """The publication date-time of a stamp line when it is sure, else None."""
    stamp = read_stamp(block)
    return stamp.value if stamp and stamp.sure else None


# --- the meeting date in the body ---------------------------------------------------------

_BODY_DATES = [
    # "ngày 12 tháng 2 năm 2020", "ngày 10 tháng 02 năm 2023"
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})\s+nam\s+(?P<y>\d{4})(?!\d)"),
    # "12/2/2020", "31.12.2019", "15-3-2021"
    re.compile(r"(?<![\d/.\-])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
    # "15-3", "20/6", "10.3" without a year
    re.compile(r"(?<![\d/.\-])(?P<d>\d{1,2})(?P<sep>[/\-.])(?P<m>\d{1,2})(?![\d]|[/.\-]\d)"),
    # "ngày 12 tháng 2" without a year
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})(?!\d|\s+nam\s+\d)"),
]
# What comes right before a date that is the meeting's (folded, anchored at the end).
_CLAUSE = r"(?:^|[.,;:!?(\n]\s*|\s[-–—]\s+)"
_TIMEPART = (r"(?:(?:vao\s+)?(?:(?:luc|hoi)\s+)?\d{1,2}\s*(?:h|gio|:)\s*(?:\d{2})?(?:\s*phut)?\s*"
             r"(?:(?:sang|chieu|toi|trua)\s+)?)?")
_SESSION_CUE = r"(?:sang|chieu|toi|trua|dem)(?:\s+(?:nay|qua))?\s+(?:thu\s+\w+\s*)?(?:\(|,\s*)?(?:ngay\s+)?"
_NAY_CUE = r"(?:hom\s+)?(?:nay|qua)\s*(?:\(|,\s*)(?:ngay\s+)?"
_VERB_CUE = r"(?:dien\s+ra|to\s+chuc|hop|khai\s+mac)\s+(?:vao\s+)?(?:(?:sang|chieu|toi)\s+)?(?:ngay\s+)?"
_MEETING_CUE = re.compile(
    rf"(?:^\s*|{_CLAUSE}{_TIMEPART}(?:{_SESSION_CUE}|{_NAY_CUE}|(?:vao\s+)?ngay\s+)|"
    rf"\s(?:{_SESSION_CUE}|vao\s+(?:(?:luc|hoi)\s+[^,.;]{{1,20}}\s+)?ngay\s+|{_VERB_CUE}))$")
_NOT_MEETING = re.compile(  # a document's date or a deadline
    r"(?:\d+\s*/\s*[a-z0-9\-]*[a-z][a-z0-9\-]*\s+(?:ngay\s+)?|"
    r"\b(?:truoc|den|tu|han|cham\s+nhat|sau|ke\s+tu|ky\s+tu|nam\s+hoc)\s+(?:ngay\s+)?|so\s+[^\s,]+\s+ngay\s+)$")
_TIME_NEAR = re.compile(r"(?:luc|hoi|vao\s+luc|vao\s+hoi|tu)?\s*(?P<h>\d{1,2})\s*(?:h|gio|:)\s*(?P<min>\d{2})?(?:\s*phut)?"
                        r"(?:\s+(?P<part>sang|chieu|toi|trua))?(?![\d/])")


@dataclass
class MeetingDate:
    date: PartialDate | None
    session: str | None = None
    time: str | None = None
    written: str | None = None   # the words as written
    sure: bool = False
    note: str | None = None      # why it is not sure, or why there is none
    year_from_stamp: bool = False


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return (fold(ch) or ch)[:1]


def fold_keep(text: str) -> str:
    """Fold character by character: positions in the result are positions in ``text``."""
    return "".join(map(_fold_char, text))


def _candidates(paragraph: str):
    folded = fold_keep(paragraph)
    taken = bytearray(len(folded))
    for pattern in _BODY_DATES:
        for m in pattern.finditer(folded):
            if any(taken[m.start():m.end()]):
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            yield m, folded


def read_meeting_date(paragraphs: list[str], published: dt.datetime | None) -> MeetingDate:
    """The meeting date the body states, with session and clock time when stated."""
    fallback = None
    for index, paragraph in enumerate(paragraphs):
        found = sorted(_candidates(paragraph), key=lambda c: c[0].start())
        for m, folded in found:
            # Cues are short: look at the last 120 characters only ("x" stands for cut-off text,
            # so that "^" means the paragraph's start).
            cut = max(0, m.start() - 120)
            before = ("x" if cut else "") + folded[cut:m.start()]
            if _NOT_MEETING.search(before[-60:]):
                continue
            cue = _MEETING_CUE.search(before)
            if cue is None:
                if fallback is None and 1 <= int(m["d"]) <= 31 and 1 <= int(m["m"]) <= 12:
                    fallback = paragraph[m.start():m.end()]
                continue
            return _resolve(paragraph, folded, m, cue.start() + cut - (1 if cut else 0), published, index)
    if fallback:
        return MeetingDate(None, written=fallback, note=f"bài có \"{fallback}\" nhưng không nói đó là ngày họp")
    for paragraph in paragraphs[:2]:
        today = re.search(r"\b(?:sáng|chiều|tối|trưa|hôm)\s+nay\b", paragraph, re.I)
        if today:
            hint = f" (theo ngày đăng là {published:%d/%m/%Y})" if published else ""
            return MeetingDate(None, written=today.group(), note=f"bài chỉ ghi \"{today.group()}\"{hint}, không ghi ngày")
    return MeetingDate(None, note="bài không nêu ngày họp")


def _resolve(paragraph, folded, m, start, published, index) -> MeetingDate:
    while start < m.start() and folded[start] in ".,;:!?(\n ":
        start += 1
    written = paragraph[start:m.end()].strip()
    session = None
    for word in re.findall(r"sang|chieu|toi", folded[start:m.start()]):
        session = _SESSION_WORDS[word]
    time = None
    t = _TIME_NEAR.search(folded[start:m.start()])
    if t is None:  # "ngày 10/3, lúc 14h" / "(10/3) lúc 8 giờ"
        after = re.match(r"[\s,)]*(?:luc|vao\s+luc)\s+", folded[m.end():m.end() + 20])
        if after:
            t = _TIME_NEAR.match(folded, m.end() + after.end())
    if t is None:  # "Khoảng 2 giờ chiều ngày 5/5": the time just before the cue
        t = re.search(r"(?<![\d/.])(?P<h>\d{1,2})\s*(?:h|gio)\s*(?P<min>\d{2})?(?:\s*phut)?\s*(?P<part>)$",
                      folded[max(0, start - 25):start])
    if t and t["h"]:
        hour, minute = int(t["h"]), int(t["min"] or 0)
        part = t["part"] or None
        if part:
            session = _SESSION_WORDS.get(part, session)
        if (part or session) in ("chieu", "toi") and hour < 12:
            hour += 12
        if hour <= 23 and minute <= 59:
            time = f"{hour:02d}:{minute:02d}"
    day, month = int(m["d"]), int(m["m"])
    year = int(m["y"]) if m.groupdict().get("y") else None
    note = None
    if year is None:
        if published is None:
            return MeetingDate(None, session, time, written, False,
                               f"\"{written}\": không rõ năm (bài không ghi năm, không có dòng ngày đăng)")
        year = published.year - (1 if month > published.month else 0)
    try:
        date = PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}")
    except ValueError:
        return MeetingDate(None, session, time, written, False, f"\"{written}\": ngày không hợp lệ")
    if published is not None:
        gap = (published.date() - date.start).days
        if gap < -1:
            note = f"\"{written}\" là sau ngày đăng bài ({published:%d/%m/%Y}): hội nghị sắp diễn ra hay nhầm ngày?"
        elif m.groupdict().get("y") is None and gap > 62:
            note = f"\"{written}\": năm lấy theo ngày đăng ({published:%d/%m/%Y}) nhưng cách hơn hai tháng"
    if note is None and index > 1:
        note = f"\"{written}\" ở đoạn thứ {index + 1}, không ở đầu bài: có đúng là ngày họp?"
    if note:
        return MeetingDate(None, session, time, written, False, note)
    return MeetingDate(date, session, time, written, True, year_from_stamp=m.groupdict().get("y") is None)


def find_meeting_date(text: str, published: dt.datetime | None):
    """(PartialDate or None, session or None, the words as written or a note)."""
    found = read_meeting_date([p for p in text.split("\n") if p.strip()], published)
    if found.sure:
        return found.date, found.session, found.written
    return None, found.session, (f"{found.written} ({found.note})" if found.written else found.note)
