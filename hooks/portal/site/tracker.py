"""The commitment tracker at any archive size: its sort orders (each defined once, here), its
filters (facets), lists cut into pages of a bounded size, and the compact index its script
filters on.

Plain Python (no MkDocs). ``pages.py`` makes the pages; this module orders their rows and cuts
them. The browser script (``docs/assets/tracker.js``) never draws a row and never sorts by a
rule of its own: the rows it shows are the rows the build drew on the static list pages (one
per facet value: a status, a year, a body, a topic), fetched and taken as they are, and it
orders by the ranks computed here (:func:`index`).

Default order ("ưu tiên"), which a resident checking on the city reads first:

1. overdue, the most recently lapsed first (fresh lapses are the news; older ones follow);
2. still open with a due date ahead, the soonest first (what falls due next);
3. still open without a due date (nobody said when), the newest meeting first;
4. closed (done, partly done, not done), the latest report first.

Within a group, ties keep the newest meeting first, and a meeting's commitments in the order
the bulletin lists them ("hội nghị", the third sort, is exactly that order).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Callable

from portal.contract import routes
from portal.contract import schema as S
from portal.contract.text import fold
from portal.content.views import paginate as _paginate
from portal.content.labels import AWAITING, OVERDUE
from portal.content.model import Commitment

PAGE_SIZE = 50
FIRST_ROWS = 10  # rows on the first page of a body or topic, before "all N"
DATA_DIR = "du-lieu/"  # under the tracker's folder: the index and the texts
INDEX_FILE = "chi-muc.json"
TEXT_FILE = "van-ban.json"


def data_url(file: str = INDEX_FILE) -> str:
    """Site-relative URL of a file the tracker's script reads."""
    return routes.url("tracker") + DATA_DIR + file


# --- sorts: defined once ----------------------------------------------------------------------

def _meeting_order(views: list[Commitment]) -> dict[int, int]:
    """Position of each commitment (by id()) in "hội nghị" order: newest meeting first (the
    portal's meeting order), a meeting's commitments in the bulletin's order."""
    meetings = sorted({id(v.meeting): v.meeting for v in views}.values(), key=lambda m: m.sort_key, reverse=True)
    order, n = {}, 0
    for meeting in meetings:
        for c in meeting.commitments:
            order[id(c)] = n
            n += 1
    return order


def priority_group(view: Commitment) -> int:
    if view.overdue:
        return 0
    if view.status in S.OPEN_STATUSES:
        return 1 if view.due is not None else 2
    return 3


def _priority(view: Commitment) -> tuple:
    group = priority_group(view)
    due = view.due
    if group == 0:
        primary = -due.end.toordinal()
    elif group == 1:
        primary = due.end.toordinal()
    elif group == 3 and view.last_review is not None:
        primary = -view.last_review.meeting.date.start.toordinal()
    else:
        primary = 0
    return (group, primary)


def _due(view: Commitment) -> tuple:
    due = view.due
    return (due is None, due.end.toordinal() if due else 0)


@dataclass(frozen=True)
class Sort:
    key: str  # in the tracker's address: ?sap-xep=han
    label: str
    primary: Callable[[Commitment], tuple]  # ties: "hội nghị" order


SORTS = (
    Sort("uu-tien", "Ưu tiên (quá hạn trước)", _priority),
    Sort("han", "Hạn sớm nhất", _due),
    Sort("hoi-nghi", "Hội nghị mới nhất", lambda v: ()),
)
DEFAULT_SORT = SORTS[0].key
BY_KEY = {s.key: s for s in SORTS}


def ordered(views: list[Commitment], sort: str = DEFAULT_SORT) -> list[Commitment]:
    """``views`` in one of the tracker's orders (the default: see the module's docstring)."""
    order = _meeting_order(views)
    primary = BY_KEY[sort].primary
    return sorted(views, key=lambda v: (*primary(v), order[id(v)]))


def paginate(rows: list, size: int = PAGE_SIZE) -> list[list]:
    """Pages counted from the list's end (``views.paginate``: a row added at the top changes the first page only)."""
    return _paginate(rows, size)


@dataclass
class TrackerPage:
    """One page of a list: its rows, its number and the URLs of every page."""

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

    @property
    def links(self) -> list[tuple[int | None, str | None]]:
        """The numbered pager: (number, URL) around this page, first and last always, None for a gap."""
        wanted = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out, last = [], 0
        for n in wanted:
            if n - last > 1:
                out.append((None, None))
            out.append((n, self.urls[n - 1]))
            last = n
        return out


def cut(first_url: str, rows: list, size: int = PAGE_SIZE) -> list[TrackerPage]:
    """A list already in order, cut into pages (:func:`paginate`). Page 1 is ``first_url``;
    the others follow the route table's page suffix (``cam-ket/qua-han/trang-2/``)."""
    chunks = paginate(rows, size)
    urls = [routes.paged(first_url, n) for n in range(1, len(chunks) + 1)]
    starts = [0]
    for chunk in chunks[:-1]:
        starts.append(starts[-1] + len(chunk))
    return [TrackerPage(n, chunk, urls, start, len(rows)) for n, (chunk, start) in enumerate(zip(chunks, starts), start=1)]


def pages(first_url: str, views: list[Commitment], size: int = PAGE_SIZE) -> list[TrackerPage]:
    """Commitments in the default order, cut into pages."""
    return cut(first_url, ordered(views), size)


# --- facets: the filters, each value with the static list that shows its rows ----------------

@dataclass
class FacetValue:
    key: str  # in the tracker's address: ?trang-thai=chua-trien-khai, ?co-quan=ubnd-tp
    label: str
    route: str  # the static list of its commitments, in the default order
    params: dict
    members: list[Commitment]

    @property
    def url(self) -> str:
        return routes.url(self.route, **self.params)


@dataclass
class Facet:
    param: str
    label: str
    values: list[FacetValue]

    @property
    def list_pattern(self) -> str | None:
        """``co-quan/{key}/cam-ket/`` when every value's static list is one route's page for the
        value's key: the page gives the pattern once, not a URL per option (a province has 600
        bodies). None when the values' lists are of different routes (statuses, overdue)."""
        routes_of = {v.route for v in self.values}
        if len(routes_of) != 1:
            return None
        route = routes.BY_NAME[routes_of.pop()]
        if len(route.params) != 1 or any(v.params != {route.params[0]: _typed(v.key, v.params)} for v in self.values):
            return None
        return route.url(**{route.params[0]: "{key}"})


def _typed(key: str, params: dict):
    """The key as the route's parameter holds it (a year is a number)."""
    (value,) = params.values()
    return type(value)(key) if isinstance(value, int) else key


# A tracker page lists the bodies in charge as links (for readers without the script) up to this
# many; beyond, it links to the list of bodies, where each leads to its commitments.
OWNER_LINKS_MAX = 40


def facets(portal) -> list[Facet]:
    """The tracker's filters: status (with overdue and waiting for hand-over), body in charge now
    (after any hand-over), meeting year, topic."""
    status = [FacetValue(routes.status_segment(s.key), s.label, "status", {"key": s.key},
                         portal.commitments_with_status(s.key)) for s in portal.breakdown]
    status.append(FacetValue("qua-han", OVERDUE, "overdue", {}, portal.overdue))
    status.append(FacetValue("cho-ban-giao", AWAITING, "awaiting", {}, portal.awaiting))
    years = [FacetValue(str(y), str(y), "commitment_year", {"year": y}, portal.commitments_of_year(y))
             for y in portal.commitment_years]
    owners = [FacetValue(o.key, o.label, "org_commitments", {"key": o.key}, o.owned)
              for o in portal.commitment_owners]
    by_topic: dict[str, list] = {}
    for c in portal.commitments:
        for t in c.meeting.topics:
            by_topic.setdefault(t.key, []).append(c)
    topics = [FacetValue(t.key, t.name, "topic_commitments", {"key": t.key}, by_topic[t.key])
              for t in portal.topics.values() if t.key in by_topic]
    return [Facet("trang-thai", "Trạng thái", status), Facet("co-quan", "Cơ quan chủ trì", owners),
            Facet("nam", "Năm hội nghị", years), Facet("chu-de", "Chủ đề", topics)]


def topic_commitments(topic) -> list[Commitment]:
    """The commitments made at the meetings of a topic."""
    return [c for m in topic.meetings for c in m.commitments]


# --- the script's data ---------------------------------------------------------------------------

def index(portal) -> dict:
    """What the tracker's script filters and orders on, per commitment in "hội nghị" order
    (``portal.commitments``), compactly: for each facet, the values' keys, static lists and
    counts, and each commitment's value(s) (an index, or a list of indexes); each sort's order
    as the positions in that order, delta-encoded (the "hội nghị" sort is the position itself). No text and no markup: the rows are the
    build's, on the static lists; the texts for the word search are in :data:`TEXT_FILE`."""
    commitments = portal.commitments
    position = {id(c): i for i, c in enumerate(commitments)}
    out_facets = []
    for facet in facets(portal):
        of: list = [[] for _ in commitments]
        for n, value in enumerate(facet.values):
            for c in value.members:
                of[position[id(c)]].append(n)
        out_facets.append({
            "param": facet.param,
            "values": [[v.key, v.url, len(v.members)] for v in facet.values],
            "of": [x[0] if len(x) == 1 else x for x in of],
        })
    orders = {}
    for sort in SORTS:
        order = [position[id(c)] for c in ordered(commitments, sort.key)]
        if order != list(range(len(commitments))):  # the "hội nghị" order is the position itself
            # The positions in this sort's order, each as the difference from the previous one:
            # sorts follow the meetings' order in part, so the differences are small (a third of
            # the gzip size of the ranks themselves at 5,000 bulletins).
            orders[sort.key] = [order[0]] + [b - a for a, b in zip(order, order[1:])]
    return {
        "count": len(commitments),
        "all": routes.url("tracker"),
        "page_size": PAGE_SIZE,
        "page_suffix": routes.PAGE_SUFFIX,
        "default_sort": DEFAULT_SORT,
        "facets": out_facets,
        "orders": orders,
    }


def texts(portal) -> list[str]:
    """Each commitment's text folded (tone marks and đ away), in the index's order."""
    return [fold(c.text) for c in portal.commitments]


def data_files(portal) -> dict[str, str]:
    """The tracker script's files, site-relative path -> compact JSON (same content, same bytes)."""
    dump = lambda data: json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    return {data_url(INDEX_FILE): dump(index(portal)), data_url(TEXT_FILE): dump(texts(portal))}
