"""iCalendar (RFC 5545) files of meetings, written with the icalendar library."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from urllib.parse import urlsplit

import icalendar

from portal.content.model import Commitment, Meeting
from portal.contract.sanitize import xml_text
from portal.content.views import Portal

ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
STATUS = {"held": "CONFIRMED", "scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def event_for(p: Portal, m: Meeting, site_url: str) -> icalendar.Event | None:
    """One VEVENT, or None for a meeting known only to the month or the year."""
    if m.date.precision != "day":
        return None
    url = site_url.rstrip("/") + "/" + m.url
    event = icalendar.Event()
    event.add("uid", f"{m.key}@{urlsplit(site_url).hostname or 'localhost'}")
    event.add("summary", m.title)
    if m.time:
        hour, minute = (int(x) for x in m.time.split(":"))
        event.add("dtstart", dt.datetime(m.date.year, m.date.month, m.date.day, hour, minute, tzinfo=ZONE))
    else:
        event.add("dtstart", m.date.start)  # all day
        event.add("dtend", m.date.start + dt.timedelta(days=1))
    # DTSTAMP must be a UTC time; the publication time, else the as-of date, keeps builds reproducible.
    stamp = m.published or dt.datetime(p.as_of.year, p.as_of.month, p.as_of.day, tzinfo=dt.timezone.utc)
    event.add("dtstamp", stamp.astimezone(dt.timezone.utc))
    event.add("status", STATUS[m.status])
    if m.location:
        event.add("location", m.location)
    event.add("url", url)
    # Calendar clients ignore URL; the link in the description is what people can click.
    lines = [m.kind.name]
    lines += [f"Chủ trì: {c.person.name}" for c in m.chairs]
    if m.commitments:
        lines.append(f"{len(m.commitments)} cam kết đưa ra tại hội nghị")
    lines.append(f"Bản tin: {url}")
    event.add("description", "\n".join(lines))
    return event


def due_event_for(p: Portal, c: Commitment, site_url: str) -> icalendar.Event | None:
    """One all-day VEVENT on a commitment's due date (the last day of a month or year given alone),
    or None without a due date."""
    if c.due is None:
        return None
    url = site_url.rstrip("/") + "/" + c.url
    event = icalendar.Event()
    event.add("uid", f"han-{c.id}@{urlsplit(site_url).hostname or 'localhost'}")
    text = c.text if len(c.text) <= 90 else c.text[:89].rsplit(" ", 1)[0] + "…"
    event.add("summary", f"Hạn: {text}")
    event.add("dtstart", c.due.end)
    event.add("dtend", c.due.end + dt.timedelta(days=1))
    event.add("dtstamp", dt.datetime(p.as_of.year, p.as_of.month, p.as_of.day, tzinfo=dt.timezone.utc))
    event.add("transp", "TRANSPARENT")
    event.add("url", url)
    lines = [c.text, "Chủ trì: " + ", ".join(o.label for o in c.owners),
             f"Trạng thái: {c.status_label}" + (" (quá hạn)" if c.overdue else ""), f"Chi tiết: {url}"]
    event.add("description", "\n".join(lines))
    return event


class CalendarWriter:
    """Writes many calendars that share events: each VEVENT is serialised once."""

    def __init__(self, p: Portal, site_url: str):
        self.p, self.site_url = p, site_url
        self._events: dict[str, bytes | None] = {}
        zone = icalendar.Calendar()
        probe = icalendar.Event()
        probe.add("dtstart", dt.datetime(2000, 1, 1, tzinfo=ZONE))
        zone.add_component(probe)
        zone.add_missing_timezones()
        self._timezone = b"".join(c.to_ical() for c in zone.walk("VTIMEZONE"))

    def _event(self, m: Meeting) -> bytes | None:
        if m.src_uri not in self._events:
            event = event_for(self.p, m, self.site_url)
            self._events[m.src_uri] = event.to_ical() if event is not None else None
        return self._events[m.src_uri]

    def _due_event(self, c: Commitment) -> bytes | None:
        key = "han:" + c.id
        if key not in self._events:
            event = due_event_for(self.p, c, self.site_url)
            self._events[key] = event.to_ical() if event is not None else None
        return self._events[key]

    def deadlines(self, commitments: list[Commitment], name: str) -> str:
        """The due dates of these commitments, one all-day event each."""
        events = [e for c in sorted(commitments, key=lambda c: (c.due.end, c.id) if c.due else (dt.date.min, c.id))
                  if (e := self._due_event(c)) is not None]
        return self._wrap(events, name)

    def calendar(self, meetings: list[Meeting], name: str) -> str:
        events = [e for m in sorted(meetings, key=lambda m: m.sort_key) if (e := self._event(m)) is not None]
        return self._wrap(events, name)

    def _wrap(self, events: list[bytes], name: str) -> str:
        head = icalendar.Calendar()
        head.add("prodid", "-//Thanh Hoa coordination meetings portal//vi")
        head.add("version", "2.0")
        head.add("calscale", "GREGORIAN")
        head.add("x-wr-calname", name)
        head.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
        text = head.to_ical()
        end = b"END:VCALENDAR\r\n"
        return xml_text((text[: -len(end)] + self._timezone + b"".join(events) + end).decode("utf-8"))

