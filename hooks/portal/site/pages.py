"""Which generated pages exist: for each route of :mod:`portal.routes`, its instances.

A :class:`PageSpec` is one virtual page: its route (URL pattern and template come from
there), the parameters that fill the pattern, its page number in a paginated list, its
title, and the object its template receives as ``view``. Nothing generated is committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.contract import routes
from portal.contract.text import fold
from portal.site import tracker
from portal.outputs.export_schemas import catalog
from portal.outputs.search import page_config
from portal.outputs.sheets import catalog as sheet_catalog, is_open
from portal.content.changes import CATALOG as CHANGES_CATALOG
from portal.content.present import script_json
from portal.content.views import Portal


@dataclass
class PageSpec:
    route: str
    title: str
    view: object = None
    description: str | None = None
    params: dict = field(default_factory=dict)
    number: int = 1  # page of a paginated list

    @property
    def url(self) -> str:
        return routes.paged(routes.url(self.route, **self.params), self.number)

    @property
    def src_uri(self) -> str:
        route = routes.BY_NAME[self.route]
        return route.source if route.source and self.number == 1 else self.url + "index.md"

    @property
    def template(self) -> str:
        return routes.BY_NAME[self.route].template


@dataclass
class CommitmentList:
    """A page of a tracker list: the rows, what filter produced them, which page it is."""

    rows: list
    heading: str
    filter_kind: str | None = None  # "status", "year", "overdue", "awaiting" or None for all
    filter_value: object = None
    page: tracker.TrackerPage | None = None
    members: list = field(default_factory=list)  # the whole list, in order (its feed reports them)
    facets: list = field(default_factory=list)  # the main list: the filters its form offers
    sorts: tuple = ()
    data: dict = field(default_factory=dict)  # the main list: the URLs of its script's data
    follow: list = field(default_factory=list)  # its feeds and calendars (routes.Route.follow)
    page_size = tracker.PAGE_SIZE
    owner_links_max = tracker.OWNER_LINKS_MAX
    page_suffix = routes.PAGE_SUFFIX
    feed_file = routes.FEEDS[0].file

    @property
    def label(self) -> str:
        """What its feed is called (the head's feed links)."""
        return self.heading

    @property
    def open(self) -> list:
        """The open commitments of the whole list: its review sheet's rows (portal.outputs.sheets)."""
        return [c for c in self.members if is_open(c)]


@dataclass
class Sublist:
    """One list of a registry entry's page (a body's commitments, a person's meetings…): its
    route (a paginated page of its own), title, what it holds and every item in order."""

    route: str
    title: str
    holds: str  # "commitments", "meetings" or "chairs"
    items: list
    params: dict

    @property
    def url(self) -> str:
        return routes.url(self.route, **self.params)

    @property
    def first(self) -> list:
        """What the entry's own page shows of it: the most useful rows first."""
        return self.items[:tracker.FIRST_ROWS]

    @property
    def more(self) -> bool:
        return len(self.items) > tracker.FIRST_ROWS

    @property
    def follow(self) -> list:
        return routes.BY_NAME[self.route].follow(**self.params)

    @property
    def open(self) -> list:
        """The open commitments of the list: its review sheet's rows (portal.outputs.sheets)."""
        return [c for c in self.items if is_open(c)] if self.holds == "commitments" else []


class EntryPage:
    """The view of a registry entry's page: the entry (its attributes read through), and its
    lists, each cut short with a link to its own paginated pages."""

    def __init__(self, entry, lists: dict[str, Sublist]):
        self.entry = entry
        self.lists = lists

    def __getattr__(self, name):
        return getattr(self.entry, name)

    @property
    def aliases_shown(self) -> list[str]:
        """The entry's other names without near-duplicates: one spelling per name once tone marks,
        "uỷ"/"ủy", case, spaces and punctuation are set aside, and none that repeats the name or
        the short name ("Tỉnh ủy, Tỉnh uỷ, tỉnh ủy" is shown once)."""
        def same(name: str) -> str:  # "UB MTTQ", "UBMTTQ", "Ub Mttq" read alike
            return "".join(ch for ch in fold(name) if ch.isalnum())

        seen = {same(n) for n in (self.entry.name, getattr(self.entry, "short", None)) if n}
        out = []
        for alias in getattr(self.entry, "aliases", None) or []:
            if same(alias) not in seen:
                seen.add(same(alias))
                out.append(alias)
        return out


@dataclass
class ListPage:
    """A page of one of an entry's lists."""

    entry: object
    sublist: Sublist
    page: tracker.TrackerPage

    @property
    def rows(self) -> list:
        return self.page.rows

    @property
    def label(self) -> str:
        return f"{self.entry.label}: {self.sublist.title.lower()}"


def _archive(p: Portal):
    for page in p.archive_pages(routes.archive_page):
        title = "Các hội nghị" if page.number == 1 else f"Các hội nghị – trang {page.number}"
        yield PageSpec("archive", title, page, number=page.number)


def _tracker_list(route: str, title: str, rows: list, heading: str, kind=None, value=None,
                  description=None, extra=None, **params):
    """A tracker list, in the tracker's order, cut into pages of a bounded size."""
    rows = tracker.ordered(rows)
    for tp in tracker.cut(routes.url(route, **params), rows):
        first = tp.number == 1
        yield PageSpec(route, title if first else f"{title} – trang {tp.number}",
                       CommitmentList(tp.rows, heading, kind, value, tp, rows, **(extra or {}),
                                      follow=routes.BY_NAME[route].follow(**params)),
                       description if first else None, params, tp.number)


def _tracker(p: Portal):
    extra = {"facets": tracker.facets(p), "sorts": tracker.SORTS,
             "data": {"index": tracker.data_url(tracker.INDEX_FILE), "text": tracker.data_url(tracker.TEXT_FILE)}}

    yield from _tracker_list("tracker", "Theo dõi cam kết", p.commitments, "Tất cả cam kết", description=(
        "Mọi cam kết, chỉ đạo đưa ra tại các hội nghị, cơ quan chủ trì, hạn và trạng thái."), extra=extra)


def _facet_lists(p: Portal, route: str):
    """The static list of each value of the tracker's filters that the route shows (tracker.facets)."""
    for facet in tracker.facets(p):
        for value in facet.values:
            if value.route != route:
                continue
            if route == "overdue":
                yield from _tracker_list(route, "Cam kết quá hạn", value.members, "Cam kết quá hạn", "overdue", True)
            elif route == "awaiting":
                yield from _tracker_list(route, "Cam kết chờ bàn giao", value.members, "Cam kết chờ bàn giao",
                                         "awaiting", True, description=(
                                             "Cam kết còn mở mà cơ quan chủ trì đã kết thúc hoạt động và chưa "
                                             "hội nghị nào giao lại cho cơ quan khác."))
            elif route == "status":
                key = value.params["key"]
                yield from _tracker_list(route, f"Cam kết: {value.label}", value.members, value.label,
                                         "status", key, key=key)
            elif route == "commitment_year":
                year = value.params["year"]
                yield from _tracker_list(route, f"Cam kết đưa ra năm {year}", value.members,
                                         f"Hội nghị năm {year}", "year", year, year=year)


def _sublists(route: str, entry) -> dict[str, Sublist]:
    """An entry's lists, by route name, each in its order (commitments: the tracker's)."""
    out = {}
    for name, title, holds, items in SUBLISTS.get(route, ()):
        rows = items(entry)
        out[name] = Sublist(name, title, holds, tracker.ordered(rows) if holds == "commitments" else list(rows),
                            {"key": entry.key})
    return out


def _entries(p: Portal, route: routes.Route):
    """One page per entry of the route's registry (``entries`` in routes.py), and the paginated
    pages of each of its lists (SUBLISTS)."""
    for key, entry in p.registries.by_name(route.entries).items():
        lists = _sublists(route.name, entry)
        yield PageSpec(route.name, entry.name, EntryPage(entry, lists), params={"key": key})
        for sub in lists.values():
            for tp in tracker.cut(sub.url, sub.items):
                title = f"{entry.label}: {sub.title.lower()}" + (f" – trang {tp.number}" if tp.number > 1 else "")
                yield PageSpec(sub.route, title, ListPage(entry, sub, tp), params={"key": key}, number=tp.number)


# --- the page "Thay đổi gần đây" -------------------------------------------------------------------

@dataclass
class ChangesPage:
    """One page of "Thay đổi gần đây": the changes, grouped by meeting date, and its pager."""

    changes: list
    page: tracker.TrackerPage
    label = "Thay đổi gần đây"

    @property
    def by_date(self) -> list[tuple]:
        groups: dict[str, list] = {}
        for ch in self.changes:
            groups.setdefault(ch.meeting.date.iso, []).append(ch)
        return [(chs[0].meeting.date, chs) for chs in groups.values()]


def _changes(p: Portal) -> list[PageSpec]:
    out = []
    for tp in tracker.cut(routes.url("changes"), p.changes.all, tracker.PAGE_SIZE):
        title = "Thay đổi gần đây" + (f" – trang {tp.number}" if tp.number > 1 else "")
        out.append(PageSpec("changes", title, ChangesPage(tp.rows, tp), None if tp.number > 1 else (
            "Trạng thái cam kết mới báo cáo, cam kết mới, giao lại và hội nghị mới, theo ngày."), number=tp.number))
    return out



# The lists of each entry route that its page shows cut short, each with its own paginated
# pages (a route in routes.py): route -> (list route, title, what it holds, the items).
SUBLISTS = {
    "org": (("org_commitments", "Cam kết chủ trì", "commitments", lambda o: o.owned),
            ("org_overdue", "Cam kết quá hạn", "commitments", lambda o: [c for c in o.owned if c.overdue]),
            ("org_partnered", "Cam kết phối hợp", "commitments", lambda o: o.partnered),
            ("org_handed_over", "Cam kết đã bàn giao", "commitments", lambda o: o.handed_over),
            ("org_meetings", "Hội nghị tham dự", "meetings", lambda o: o.meetings)),
    "person": (("person_meetings", "Hội nghị chủ trì", "chairs", lambda person: person.chaired),),
    "topic": (("topic_commitments", "Cam kết", "commitments", tracker.topic_commitments),
              ("topic_meetings", "Hội nghị", "meetings", lambda t: t.meetings)),
    "kind": (("kind_meetings", "Hội nghị", "meetings", lambda k: k.meetings),),
    "locality": (("locality_commitments", "Cam kết", "commitments", lambda l: l.owned + l.placed),
                 ("locality_meetings", "Hội nghị của các cơ quan", "meetings", lambda l: l.meetings)),
}
SUBLIST_ROUTES = {name for lists in SUBLISTS.values() for name, *_ in lists}


# The generated pages of the routes that are more than one page of their own: a route listed here,
# one declaring ``entries`` (a page per registry entry) or one declaring a ``title`` (one page whose
# view is the portal) gets its pages; its template draws them.
MAKERS = {
    "archive": _archive,
    "changes": _changes,
    "tracker": _tracker,
    "overdue": lambda p: _facet_lists(p, "overdue"),
    "awaiting": lambda p: _facet_lists(p, "awaiting"),
    "status": lambda p: _facet_lists(p, "status"),
    "commitment_year": lambda p: _facet_lists(p, "commitment_year"),
    "search": lambda p: [PageSpec("search", "Tìm kiếm", script_json(page_config(p), indent=None),
                                  "Tìm hội nghị và cam kết, có dấu hoặc không dấu, theo năm, cơ quan, chủ đề, trạng thái.")],
    "data": lambda p: [PageSpec("data", "Dữ liệu mở", catalog() + list(CHANGES_CATALOG) + [sheet_catalog(
        [r.url(**{k: k.upper() for k in r.params}).replace("KEY", "MÃ") for r in routes.ROUTES if r.sheet],
        [o.file for o in routes.SHEETS])],
                                "Tải về mọi hội nghị, cam kết và danh mục dưới dạng JSON, CSV, nguồn tin và lịch.")],
}


def generated_pages(p: Portal) -> list[PageSpec]:
    """Every virtual page, in the route table's order."""
    specs = []
    for route in routes.ROUTES:
        if route.entries:
            specs += _entries(p, route)
        elif route.name in MAKERS:
            specs += MAKERS[route.name](p)
        elif route.title and route.template:
            specs.append(PageSpec(route.name, route.title, p))
    return specs


def late_values(portal: Portal, specs) -> dict[str, str]:
    """Figures that change with almost every bulletin but read the same on every page that shows
    them: the counts of the whole tracker, of each status and filter value, a list's total and
    the rows a page holds ("cam kết 76–125"). Templates put ``late(name, …)`` where one goes; the
    glue (``portal_mkdocs.fragments.Late``) fills it in as each page is written, so a page kept
    by the build cache is not drawn again only because a figure moved. The names, '/'-joined:
    ``commitments``, ``meetings``, ``overdue``, ``awaiting``, ``status/<key>``,
    ``facet/<param>/<value>``, ``total/<first page URL>``, ``rows/<page URL>``."""
    out = {"commitments": len(portal.commitments), "meetings": len(portal.meetings),
           "overdue": len(portal.overdue), "awaiting": len(portal.awaiting)}
    out.update((f"status/{s.key}", s.count) for s in portal.breakdown)
    for spec in specs:
        view = spec.view
        for facet in getattr(view, "facets", None) or ():
            out.update((f"facet/{facet.param}/{v.key}", len(v.members)) for v in facet.values)
        tp = getattr(view, "page", None)
        if isinstance(tp, tracker.TrackerPage):
            out[f"total/{tp.urls[0]}"] = tp.total
            out[f"rows/{tp.url}"] = f"{tp.first_index + 1}–{tp.first_index + len(tp.rows)}"
    return {key: str(value) for key, value in out.items()}
