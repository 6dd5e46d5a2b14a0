"""iCalendar (RFC 5545) files of meetings, written with the icalendar library."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from urllib.parse import urlsplit

import icalendar

from portal.content.model import Commitment, Meeting
from portal.contract.sanitize import xml_text
from portal.content.views import Portal
from portal.outputs.made import Made, fresh

ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
STATUS = {"held": "CONFIRMED", "scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def _revised(p: Portal, m: Meeting) -> dt.datetime:
    """DTSTAMP (a UTC time): when what an event says was last revised, by the bulletin of ``m``: its
    publication time, else the meeting's own time, but never after the as-of date (a meeting still
    to come). Not the build's date: the same bulletins give the same events on any later day."""
    as_of = dt.datetime(p.as_of.year, p.as_of.month, p.as_of.day, tzinfo=dt.timezone.utc)
    return min(m.published or m.moment, as_of).astimezone(dt.timezone.utc)


def event_fields(p: Portal, m: Meeting, site_url: str) -> tuple | None:
    """One VEVENT's properties as (name, value) pairs, or None for a meeting known only to the
    month or the year."""
    if m.date.precision != "day":
        return None
    url = site_url.rstrip("/") + "/" + m.url
    fields = [("uid", f"{m.key}@{urlsplit(site_url).hostname or 'localhost'}"), ("summary", m.title)]
    if m.time:
        hour, minute = (int(x) for x in m.time.split(":"))
        fields.append(("dtstart", dt.datetime(m.date.year, m.date.month, m.date.day, hour, minute, tzinfo=ZONE)))
    else:
        fields.append(("dtstart", m.date.start))  # all day
        fields.append(("dtend", m.date.start + dt.timedelta(days=1)))
    fields.append(("dtstamp", _revised(p, m)))
    fields.append(("status", STATUS[m.status]))
    if m.location:
        fields.append(("location", m.location))
    fields.append(("url", url))
    # Calendar clients ignore URL; the link in the description is what people can click.
    lines = [m.kind.name]
    lines += [f"Chủ trì: {c.person.name}" for c in m.chairs]
    if m.commitments:
        lines.append(f"{len(m.commitments)} cam kết đưa ra tại hội nghị")
    lines.append(f"Bản tin: {url}")
    fields.append(("description", "\n".join(lines)))
    return tuple(fields)


def due_event_fields(p: Portal, c: Commitment, site_url: str) -> tuple | None:
    """One all-day VEVENT on a commitment's due date (the last day of a month or year given alone),
    as (name, value) pairs, or None without a due date."""
    if c.due is None:
        return None
    url = site_url.rstrip("/") + "/" + c.url
    text = c.text if len(c.text) <= 90 else c.text[:89].rsplit(" ", 1)[0] + "…"
    # Last revised: the meeting that last reported on the commitment, else the one that made it.
    latest = c.last_review.meeting if c.last_review is not None else c.meeting
    lines = [c.text, "Chủ trì: " + ", ".join(o.label for o in c.owners),
             f"Trạng thái: {c.status_label}" + (" (quá hạn)" if c.overdue else ""), f"Chi tiết: {url}"]
    return (("uid", f"han-{c.id}@{urlsplit(site_url).hostname or 'localhost'}"), ("summary", f"Hạn: {text}"),
            ("dtstart", c.due.end), ("dtend", c.due.end + dt.timedelta(days=1)),
            ("dtstamp", _revised(p, latest)),
            ("transp", "TRANSPARENT"), ("url", url), ("description", "\n".join(lines)))


def event_text(fields: tuple) -> str:
    """The VEVENT of these properties, as iCalendar text."""
    event = icalendar.Event()
    for name, value in fields:
        event.add(name, value)
    return xml_text(event.to_ical().decode("utf-8"))


class CalendarWriter:
    """Writes many calendars that share events: each VEVENT is serialised once, or kept from the
    build before by its properties (``made``: :mod:`portal.outputs.made`)."""

    def __init__(self, p: Portal, site_url: str, made: Made = fresh):
        self.p, self.site_url, self.made = p, site_url, made
        self._events: dict[str, str | None] = {}
        zone = icalendar.Calendar()
        probe = icalendar.Event()
        probe.add("dtstart", dt.datetime(2000, 1, 1, tzinfo=ZONE))
        zone.add_component(probe)
        zone.add_missing_timezones()
        self._timezone = "".join(c.to_ical().decode("utf-8") for c in zone.walk("VTIMEZONE"))

    def _text(self, fields: tuple | None) -> str | None:
        return self.made("vevent", fields, lambda: event_text(fields)) if fields is not None else None

    def _event(self, m: Meeting) -> str | None:
        if m.src_uri not in self._events:
            self._events[m.src_uri] = self._text(event_fields(self.p, m, self.site_url))
        return self._events[m.src_uri]

    def _due_event(self, c: Commitment) -> str | None:
        key = "han:" + c.id
        if key not in self._events:
            self._events[key] = self._text(due_event_fields(self.p, c, self.site_url))
        return self._events[key]

    def deadlines(self, commitments: list[Commitment], name: str) -> str:
        """The due dates of these commitments, one all-day event each."""
        events = [e for c in sorted(commitments, key=lambda c: (c.due.end, c.id) if c.due else (dt.date.min, c.id))
                  if (e := self._due_event(c)) is not None]
        return self._wrap(events, name)

    def calendar(self, meetings: list[Meeting], name: str) -> str:
        events = [e for m in sorted(meetings, key=lambda m: m.sort_key) if (e := self._event(m)) is not None]
        return self._wrap(events, name)

    def _wrap(self, events: list[str], name: str) -> str:
        end = "END:VCALENDAR\r\n"
        return self.made("vcalendar", name, lambda: _head(name, end)) + self._timezone + "".join(events) + end


def _head(name: str, end: str) -> str:
    """A calendar's properties before its time zone and events (its text up to ``end``)."""
    head = icalendar.Calendar()
    head.add("prodid", "-//Thanh Hoa coordination meetings portal//vi")
    head.add("version", "2.0")
    head.add("calscale", "GREGORIAN")
    head.add("x-wr-calname", name)
    head.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    text = head.to_ical().decode("utf-8")
    return xml_text(text[: -len(end)])

