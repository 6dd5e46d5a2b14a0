"""Dates as bulletins state them: a day, a month or only a year.

A :class:`PartialDate` keeps the precision the source gave ("2018" stays a
year), and the Vietnamese renderings use Babel with explicit patterns (Babel's
``vi`` short format has a two-digit year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import format_date

from portal.contract.guards import MAX_YEAR, MIN_YEAR

_PARTIAL = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])\Z")
_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})\Z")

LOCALE = "vi"
LONG_DAY = "EEEE, 'ngày' d 'tháng' M 'năm' y"
SHORT_DAY = "dd/MM/yyyy"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> "PartialDate":
        """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; raise ValueError."""
        text = str(value).strip()
        match = _PARTIAL.match(text)
        if not match:
            raise ValueError(text)
        year, month, day = (int(g) if g else None for g in match.groups())
        check_year(year, text)
        if month is not None and not 1 <= month <= 12:
            raise ValueError(text)
        if day is not None:
            dt.date(year, month, day)  # raises ValueError for 2020-02-30
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        if self.day:
            return self.start
        if self.month:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    @property
    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def long_vi(self) -> str:
        """'Thứ Tư, ngày 12 tháng 2 năm 2020', 'Tháng 2 năm 2020' or 'Năm 2018'."""
        if self.day:
            return _format(self.start, LONG_DAY)
        if self.month:
            return f"Tháng {self.month} năm {self.year}"
        return f"Năm {self.year}"

    def short_vi(self) -> str:
        """'12/02/2020', '02/2020' or '2018'."""
        if self.day:
            return _format(self.start, SHORT_DAY)
        if self.month:
            return f"{self.month:02d}/{self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso


@lru_cache(maxsize=65536)
def _format(day: dt.date, pattern: str) -> str:
    return format_date(day, pattern, locale=LOCALE)


def parse_time(value: object) -> str:
    """Validate a 24-hour ``HH:MM`` time; return it, raise ValueError."""
    text = str(value).strip()
    if not _TIME.match(text):
        raise ValueError(text)
    return text


def parse_datetime(value: object) -> dt.datetime:
    """Parse an ISO 8601 date-time with its offset (``2020-02-13T10:10:00+07:00``); raise ValueError.

    A date alone or a time without offset is refused: feeds and calendars need the
    instant, and guessing midnight or a zone would publish a wrong one.
    """
    text = str(value).strip()
    if not _DATETIME.match(text):
        raise ValueError(text)
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(text)
    check_year(moment.year, text)
    return moment


def check_year(year: int, text: str = "") -> None:
    """Raise :class:`YearOutOfRange` outside MIN_YEAR..MAX_YEAR (years 0 and 9999 broke the build)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise YearOutOfRange(text or str(year))


class YearOutOfRange(ValueError):
    """A well-formed date whose year is outside the range the portal accepts."""



def as_of_date(from_environment: str | None, configured: object, today: dt.date | None = None) -> dt.date:
    """The date overdue flags are computed against: ``$PORTAL_AS_OF``, else ``extra.portal.as_of``
    of mkdocs.yml, else today. Raises ValueError with a message for staff."""
    value = from_environment or configured
    if not value:
        return today or dt.date.today()
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"as_of: \"{value}\" không phải ngày dạng YYYY-MM-DD") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"as_of: năm {day.year} nằm ngoài khoảng {MIN_YEAR}-{MAX_YEAR}")
    return day
