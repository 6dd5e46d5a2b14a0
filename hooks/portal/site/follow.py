"""Theo dõi: the feeds and calendars beside pages, "Thay đổi gần đây", ``data/changes.json``,
the tracker script's data and the redirect pages of moved addresses.

Which pages have feeds or calendars is declared on their route (``routes.Route.follow``); what
a page's feed reports is derived from the page's view, whatever its kind: the meetings and
commitments it lists (:func:`followed_of`). So a new page kind that declares feeds on its
route (a locality's page, say) gets them with no code here.

Every feed of a page is a feed of *changes* (new meetings, commitments made, statuses reported
or changed, hand-overs) of what the page lists, newest first, the latest 50; the site's own
feed (the home page's) lists bulletins. A ``han.ics`` beside a page lists the due dates of its
commitments, ``meetings.ics`` its meetings.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html import escape

from portal.content import changes
from portal.content.changes import Change
from portal.content.labels import COMMITMENT_STATUS
from portal.content.present import absolute, summary
from portal.contract import routes
from portal.outputs.exports import FEED_SIZE, FeedEntry, _json, feed_files, meeting_entries
from portal.outputs.ical import CalendarWriter
from portal.outputs.made import Made, fresh
from portal.site import tracker
from portal.site.pages import ChangesPage, CommitmentList, EntryPage, ListPage, PageSpec

CHANGES_FILE = changes.FILE
CHANGES_MONTH = changes.MONTH_FILE


@dataclass
class Followed:
    """What a followed page reports: its meetings and its commitments."""

    route: routes.Route
    params: dict
    title: str
    meetings: list
    commitments: list


def followed_of(p, spec: PageSpec) -> Followed:
    """The meetings and commitments a page lists, from its view, whatever its kind."""
    view, route = spec.view, routes.BY_NAME[spec.route]
    meetings, commitments = [], []
    if isinstance(view, EntryPage):
        meetings = list(getattr(view.entry, "meetings", []) or [])
        lists = [s.items for s in view.lists.values() if s.holds == "commitments"]
        commitments = [c for items in lists for c in items] if lists else _commitments_of(view.entry)
    elif isinstance(view, ListPage):
        items = view.sublist.items
        if view.sublist.holds == "commitments":
            commitments = items
        else:
            meetings = [getattr(i, "meeting", i) for i in items]
    elif isinstance(view, CommitmentList):
        commitments = view.members
    elif isinstance(view, ChangesPage):
        meetings, commitments = p.meetings_newest, p.commitments
    else:
        meetings = list(getattr(view, "meetings", []) or [])
        commitments = _commitments_of(view)
    return Followed(route, spec.params, spec.title, meetings, commitments)


def _commitments_of(entry) -> list:
    for name in ("owned", "commitments"):
        found = getattr(entry, name, None)
        if found:
            return list(found)
    return []


def targets(p, specs: list[PageSpec]) -> list[Followed]:
    """Every page with feeds or calendars (first pages only), and the routes that have no page
    but feeds (one commitment's: ``cam-ket/theo-doi/<id>/``)."""
    home = routes.BY_NAME["home"]
    out = [Followed(home, {}, p.name, p.meetings_newest, p.commitments)] if home.followed else []
    out += [followed_of(p, s) for s in specs if s.number == 1 and routes.BY_NAME[s.route].followed]
    commitment = routes.BY_NAME["commitment"]
    out += [Followed(commitment, {"id": c.id}, f"Cam kết: {_short(c.text, 80)}", [], [c]) for c in p.commitments]
    return out


# --- changes as feed entries -------------------------------------------------------------------

def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def change_title(change: Change) -> str:
    m, c = change.meeting, change.commitment
    if change.kind == "meeting":
        return f"Hội nghị mới: {m.title}"
    if change.kind == "made":
        return f"Cam kết mới: {_short(c.text)}"
    if change.kind == "status":
        return f"{COMMITMENT_STATUS[change.status]} (trước đó: {COMMITMENT_STATUS[change.previous].lower()}): {_short(c.text)}"
    if change.kind == "handover":
        return f"Giao lại cho {', '.join(o.label for o in change.owners)}: {_short(c.text)}"
    return f"Rà soát, vẫn {COMMITMENT_STATUS[change.status].lower()}: {_short(c.text)}"


def change_summary(change: Change) -> str:
    m, c = change.meeting, change.commitment
    when = f"{m.date.long_vi()}, {m.title}"
    if c is None:
        return f"{when}. {summary(m)}".strip()
    text = f"{when}. {c.text}"
    review = next((r for r in m.reviews if r.commitment is c), None) if change.kind != "made" else None
    if review is not None and review.note:
        text += f" Ghi chú: {review.note}"
    return text


def change_entries(changes: list[Change], site_url: str) -> list[FeedEntry]:
    base = absolute(site_url, routes.url("changes"))
    out = []
    for ch in changes:
        m = ch.meeting
        out.append(FeedEntry(f"{base}#{ch.key}", absolute(site_url, ch.url), change_title(ch), m.published or m.moment,
                             change_summary(ch), None, (ch.kind, ch.label),
                             [ch.kind] + ([ch.commitment.id] if ch.commitment else []),
                             {"kind": ch.kind, "meeting_date": m.date.iso, "meeting": m.key,
                              "commitment": ch.commitment.id if ch.commitment else None,
                              "status": ch.status if ch.status != "no-report" else None,
                              "previous_status": ch.previous if ch.previous not in (None, "no-report") else None}))
    return out


def change_record(ch: Change, site_url: str) -> dict:
    """A change in ``data/changes*.json``."""
    no = lambda s: None if s in (None, "no-report") else s  # noqa: E731 (exports give null for "no report")
    return {"date": ch.meeting.date.iso, "kind": ch.kind, "meeting": ch.meeting.key,
            "commitment": ch.commitment.id if ch.commitment else None, "status": no(ch.status),
            "previous_status": no(ch.previous), "owners": [o.key for o in ch.owners],
            "url": absolute(site_url, ch.url)}


def _month(ch: Change) -> str:
    """``YYYY-MM``; ``YYYY`` for a meeting whose bulletin gives only the year (not filed under January)."""
    date = ch.meeting.date
    return str(date.year) if date.precision == "year" else date.start.strftime("%Y-%m")


def changes_files(p, site_url: str) -> dict[str, str]:
    """``data/changes.json``: the months, newest first, each with its count, its newest date and its
    file ``data/changes/YYYY-MM.json`` (the changes of that month, newest first). A re-user who last
    read on a date fetches the index and the months from that date's on (README, "Open data")."""
    months: dict[str, list[Change]] = {}
    for ch in p.changes.all:
        months.setdefault(_month(ch), []).append(ch)
    out, index = {}, []
    for month, of_month in months.items():
        path = CHANGES_MONTH.format(month=month)
        out[path] = _json({"as_of": p.as_of.isoformat(), "month": month, "count": len(of_month),
                           "changes": [change_record(ch, site_url) for ch in of_month]})
        index.append({"month": month, "count": len(of_month), "latest": of_month[0].meeting.date.iso,
                      "url": absolute(site_url, path)})
    out[CHANGES_FILE] = _json({"as_of": p.as_of.isoformat(), "count": len(p.changes.all), "months": index})
    return out


# --- redirects -------------------------------------------------------------------------------------

def redirect_html(new_url: str, old_url: str, site_url: str) -> str:
    """A page at an old address: sends the reader to the new one (keeping ?query and #anchor, so
    a shared link to a commitment still lands on it), says so without JavaScript, and tells search
    engines the new address is the one (canonical, noindex). Relative, so it works on any host."""
    raw = "../" * old_url.count("/") + new_url
    target = escape(raw)
    canonical = escape(absolute(site_url, new_url) if site_url else raw)
    # In the script, the address is a JavaScript string (JSON, with "<" "&" ">" escaped so no "</script>"
    # can end it); it is relative, so adding the query and the anchor never makes it another scheme.
    script_target = json.dumps(raw).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ("<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\n"
            f"<title>Trang đã chuyển</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n"
            "<meta name=\"robots\" content=\"noindex\">\n"
            f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
            f"<script>location.replace({script_target} + location.search + location.hash)</script>\n"
            "</head><body>\n"
            f"<p>Trang này đã chuyển đến <a href=\"{target}\">địa chỉ mới</a>.</p>\n</body></html>\n")


def redirect_files(page_urls: list[str], site_url: str) -> dict[str, str]:
    """A redirect page at every old address (routes.MOVED) of these pages."""
    out = {}
    for url in page_urls:
        for old in routes.redirects(url):
            out[old + "index.html"] = redirect_html(url, old, site_url)
    return out


# --- everything ----------------------------------------------------------------------------------

def site_outputs(p, specs: list[PageSpec], site_url: str) -> dict[str, str]:
    """Site-relative path -> text of every feed and calendar beside a page, the changes' data,
    the tracker script's data and the redirect pages."""
    return dict(iter_site_outputs(p, specs, site_url))


def iter_site_outputs(p, specs: list[PageSpec], site_url: str, made: Made = fresh):
    """(path, text) of :func:`site_outputs`, one at a time: the build writes each as it comes
    (at 50,000 bulletins across a province they are gigabytes of text together). ``made``: feeds
    and calendar events kept by what they are made of (:mod:`portal.outputs.made`)."""
    calendars = CalendarWriter(p, site_url, made)
    for t in targets(p, specs):
        if t.route.name == "home":  # the site's feed: bulletins
            entries = meeting_entries(p.meetings_newest[:FEED_SIZE], site_url)
            title = p.name
        else:
            entries = change_entries(p.changes.of(t.meetings, t.commitments)[:FEED_SIZE], site_url)
            title = f"Theo dõi: {t.title}"
        yield from feed_files(t.route, t.params, entries, title, site_url, p.as_of, p.name, made).items()
        for output, path in t.route.follow(**t.params):
            if output is routes.CALENDAR:
                yield path, calendars.calendar(t.meetings, t.title)
            elif output is routes.DEADLINES:
                yield path, calendars.deadlines(t.commitments, f"Hạn cam kết: {t.title}")
    yield from changes_files(p, site_url).items()
    yield from tracker.data_files(p).items()
    pages = [s.url for s in specs] + [m.url for m in p.meetings]
    yield from redirect_files(pages, site_url).items()
