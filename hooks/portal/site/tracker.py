"""The commitment tracker at any archive size: the order residents see first, pages of a
bounded size, and the compact record the browser filters on demand.

Plain Python (no MkDocs). ``pages.py`` names the tracker's pages and URLs; this module
orders their rows and cuts them into pages. ``records`` is the one file the tracker's
script fetches when a reader filters, searches or sorts (``docs/assets/tracker.js``).

Default order ("ưu tiên"), which a resident checking on the city reads first:

1. overdue, the most recently lapsed first (fresh lapses are the news; older ones follow);
2. still open with a due date ahead, the soonest first (what falls due next);
3. still open without a due date (nobody said when), the newest meeting first;
4. closed (done, partly done, not done), the latest report first.

Within a group, ties keep the newest meeting first, then the commitment's id, so the
order is total and the same content builds the same pages.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from portal.contract import schema as S
from portal.contract import routes
from portal.content.labels import client_labels
from portal.content.model import Commitment

PAGE_SIZE = 50
DATA_FILE = "tracker.json"  # under the tracker's folder


def data_url() -> str:
    """Site-relative URL of the file the tracker's script filters on."""
    return routes.url("tracker") + DATA_FILE

SORTS = {"uu-tien": "Ưu tiên (quá hạn trước)", "han": "Hạn sớm nhất", "hoi-nghi": "Hội nghị mới nhất"}


def _newest_meeting_first(view: Commitment) -> tuple:
    start = view.meeting.date.start
    return (-start.toordinal(), view.id)


def priority_group(view: Commitment, as_of: dt.date) -> int:
    if view.overdue:
        return 0
    if view.status in S.OPEN_STATUSES:
        return 1 if view.due is not None else 2
    return 3


def _priority_key(view: Commitment, as_of: dt.date) -> tuple:
    group = priority_group(view, as_of)
    due = view.due
    if group == 0:
        primary = -due.end.toordinal()
    elif group == 1:
        primary = due.end.toordinal()
    elif group == 3 and view.last_review is not None:
        primary = -view.last_review.meeting.date.start.toordinal()
    else:
        primary = 0
    return (group, primary) + _newest_meeting_first(view)


def ordered(views: list[Commitment], as_of: dt.date) -> list[Commitment]:
    """The tracker's default order (see the module's docstring)."""
    return sorted(views, key=lambda v: _priority_key(v, as_of))


def by_due(views: list[Commitment]) -> list[Commitment]:
    """Earliest due date first; commitments without one last, newest meeting first."""
    def key(v):
        due = v.due
        return (due is None, due.end.toordinal() if due else 0) + _newest_meeting_first(v)
    return sorted(views, key=key)


def by_meeting(views: list[Commitment]) -> list[Commitment]:
    """Newest meeting first."""
    return sorted(views, key=_newest_meeting_first)


def paginate(rows: list, size: int = PAGE_SIZE) -> list[list]:
    """Consecutive pages of at most ``size`` rows; an empty list is one empty page."""
    if size < 1:
        raise ValueError("page size must be at least 1")
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]


@dataclass
class TrackerPage:
    """One page of a tracker list: its rows, its number and the URLs of every page."""

    number: int
    rows: list
    urls: list[str] = field(default_factory=list)
    first_index: int = 0  # position of the first row in the whole list (0-based)
    total: int = 0

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


def pages(first_url: str, views: list[Commitment], as_of: dt.date, size: int = PAGE_SIZE) -> list[TrackerPage]:
    """A tracker list in the default order, cut into pages of at most ``size`` rows.

    Page 1 is ``first_url``; the others follow the route table's page suffix
    (``cam-ket/qua-han/trang-2/``)."""
    rows = ordered(views, as_of)
    chunks = paginate(rows, size)
    urls = [routes.paged(first_url, n) for n in range(1, len(chunks) + 1)]
    return [TrackerPage(n, chunk, urls, (n - 1) * size, len(rows)) for n, chunk in enumerate(chunks, start=1)]


def topics_of(views: list[Commitment]) -> list:
    """Topics of the meetings that made these commitments, in first-seen order."""
    return list(dict.fromkeys(t for v in views for t in v.meeting.topics))


def records(portal) -> dict:
    """Every commitment, compactly, in the default order, for the tracker's script.

    Each row is a list:
    [id, text, url, owners, status, overdue (0/1), due ISO or null, due shown or null,
    due end ISO or null, meeting date ISO (as precise as known), meeting shown, topics,
    last report shown or null].
    Texts are data: the script writes them with textContent, never as HTML.
    """
    rows = []
    for v in ordered(portal.commitments, portal.as_of):
        due = v.due
        review = v.last_review
        rows.append([
            v.id, v.text, v.url, v.current_owner_keys, v.status, int(v.overdue),
            due.iso if due else None, due.short_vi() if due else None, due.end.isoformat() if due else None,
            v.meeting.date.iso, v.meeting.date.short_vi(), list(v.meeting.topic_keys),
            review.meeting.date.short_vi() if review else None,
        ])
    owners = {org.key: [org.label, org.url] for org in portal.commitment_owners}
    return {
        "as_of": portal.as_of.isoformat(),
        "labels": client_labels(),  # the labels the pages show, from labels.py
        "owners": owners,
        "rows": rows,
    }


def records_json(portal) -> str:
    """``records`` as compact JSON (deterministic: same content, same bytes)."""
    return json.dumps(records(portal), ensure_ascii=False, separators=(",", ":"))
