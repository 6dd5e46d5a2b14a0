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

from . import schema as S
from .views import CommitmentView

PAGE_SIZE = 50
DATA_FILE = "tracker.json"  # under the tracker's folder

SORTS = {"uu-tien": "Ưu tiên (quá hạn trước)", "han": "Hạn sớm nhất", "hoi-nghi": "Hội nghị mới nhất"}


def _newest_meeting_first(view: CommitmentView) -> tuple:
    start = view.meeting.date.start
    return (-start.toordinal(), view.id)


def priority_group(view: CommitmentView, as_of: dt.date) -> int:
    if view.overdue:
        return 0
    if view.status in S.OPEN_STATUSES:
        return 1 if view.commitment.due is not None else 2
    return 3


def _priority_key(view: CommitmentView, as_of: dt.date) -> tuple:
    group = priority_group(view, as_of)
    due = view.commitment.due
    if group == 0:
        primary = -due.end.toordinal()
    elif group == 1:
        primary = due.end.toordinal()
    elif group == 3 and view.last_review is not None:
        primary = -view.last_review.meeting.date.start.toordinal()
    else:
        primary = 0
    return (group, primary) + _newest_meeting_first(view)


def ordered(views: list[CommitmentView], as_of: dt.date) -> list[CommitmentView]:
    """The tracker's default order (see the module's docstring)."""
    return sorted(views, key=lambda v: _priority_key(v, as_of))


def by_due(views: list[CommitmentView]) -> list[CommitmentView]:
    """Earliest due date first; commitments without one last, newest meeting first."""
    def key(v):
        due = v.commitment.due
        return (due is None, due.end.toordinal() if due else 0) + _newest_meeting_first(v)
    return sorted(views, key=key)


def by_meeting(views: list[CommitmentView]) -> list[CommitmentView]:
    """Newest meeting first."""
    return sorted(views, key=_newest_meeting_first)


def paginate(rows: list, size: int = PAGE_SIZE) -> list[list]:
    """Consecutive pages of at most ``size`` rows; an empty list is one empty page."""
    if size < 1:
        raise ValueError("page size must be at least 1")
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]


def page_uri(first_uri: str, number: int) -> str:
    """Source path of page ``number`` of a list whose first page is ``first_uri``.

    ``cam-ket/index.md`` -> ``cam-ket/trang-2.md``; ``cam-ket/qua-han.md`` ->
    ``cam-ket/qua-han/trang-2.md``.
    """
    if number == 1:
        return first_uri
    folder = first_uri[: -len("index.md")] if first_uri.endswith("index.md") else first_uri[:-3] + "/"
    return f"{folder}trang-{number}.md"


@dataclass
class TrackerPage:
    """One page of a tracker list: its rows, its number and the source paths of every page."""

    number: int
    rows: list
    uris: list[str] = field(default_factory=list)
    first_index: int = 0  # position of the first row in the whole list (0-based)
    total: int = 0

    @property
    def uri(self) -> str:
        return self.uris[self.number - 1]

    @property
    def count(self) -> int:
        return len(self.uris)

    @property
    def prev_uri(self) -> str | None:
        return self.uris[self.number - 2] if self.number > 1 else None

    @property
    def next_uri(self) -> str | None:
        return self.uris[self.number] if self.number < self.count else None


def pages(first_uri: str, views: list[CommitmentView], as_of: dt.date, size: int = PAGE_SIZE) -> list[TrackerPage]:
    """A tracker list in the default order, cut into pages of at most ``size`` rows."""
    rows = ordered(views, as_of)
    chunks = paginate(rows, size)
    uris = [page_uri(first_uri, n) for n in range(1, len(chunks) + 1)]
    return [TrackerPage(n, chunk, uris, (n - 1) * size, len(rows)) for n, chunk in enumerate(chunks, start=1)]


def topics_of(views: list[CommitmentView]) -> list[str]:
    """Topic keys of the meetings that made these commitments, in first-seen order."""
    return list(dict.fromkeys(t for v in views for t in v.meeting.topics))


def records(portal, org_url) -> dict:
    """Every commitment, compactly, in the default order, for the tracker's script.

    ``org_url(key)`` gives a body's site-relative URL. Each row is a list:
    [id, text, url, owners, status, overdue (0/1), due ISO or null, due shown or null,
    due end ISO or null, meeting date ISO (as precise as known), meeting shown, topics,
    last report shown or null].
    Texts are data: the script writes them with textContent, never as HTML.
    """
    rows = []
    for v in ordered(portal.commitments, portal.as_of):
        due = v.commitment.due
        review = v.last_review
        rows.append([
            v.id, v.commitment.text, v.url, list(v.commitment.owners), v.status, int(v.overdue),
            due.iso if due else None, due.short_vi() if due else None, due.end.isoformat() if due else None,
            v.meeting.date.iso, v.meeting.date.short_vi(), list(v.meeting.topics),
            review.meeting.date.short_vi() if review else None,
        ])
    owners = {}
    for org in portal.commitment_owners:
        owners[org.key] = [org.label, org_url(org.key)]
    for v in portal.commitments:  # owners missing from the registry still show, as their key
        for key in v.commitment.owners:
            owners.setdefault(key, [key, None])
    return {
        "as_of": portal.as_of.isoformat(),
        "statuses": dict(S.COMMITMENT_STATUS_LABELS),
        "owners": owners,
        "rows": rows,
    }


def records_json(portal, org_url) -> str:
    """``records`` as compact JSON (deterministic: same content, same bytes)."""
    return json.dumps(records(portal, org_url), ensure_ascii=False, separators=(",", ":"))
