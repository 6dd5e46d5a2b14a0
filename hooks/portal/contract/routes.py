"""The route table: every kind of page the portal has, declared once.

Each :class:`Route` names a page kind, its URL pattern (site-relative, directory
style), the template in ``overrides/portal/`` that draws it (``None`` for a page
written by hand under ``docs/``), its label in the navigation (only the top sections
have one; their order here is the order of the nav), the registry whose entries each
get a page of this kind (``entries``), and what is published beside each page: feeds
(Atom and JSON Feed) and a calendar. Everything else is derived from this table:

* the URL of any page (:func:`url`), of a registry entry's page (:func:`entry_url`),
  of the feeds and calendar beside a page (:meth:`Route.follow`) and of its virtual
  source file (:func:`src_uri`), which the model, templates, exports, feeds, the
  sitemap and the 404 page use;
* the navigation and the folders MkDocs must not expect in it (:func:`nav`,
  :func:`not_in_nav`), set by the hook;
* the URLs the browser scripts need (:func:`client_routes`).

Which pages of each kind exist (one per organization, per status…) is decided in
:mod:`portal.pages`, keyed by the route name. This module imports nothing of the
portal but the contract's text folding and status names: the model asks it for URLs.

Every segment of an address residents see is Vietnamese without tone marks. Bulletin
files stay in ``docs/meetings/`` (the contract); their pages are published under the
meeting route (``hoi-nghi/YYYY/<file>/``). A status appears in addresses as its label
folded (``chua-trien-khai``), never as the contract's key (``not-started``). Addresses
that were published before are declared in :data:`MOVED`: the build writes a redirect
page at each (canonical link to the new address, ``noindex``, not in the sitemap).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cached_property

from portal.contract.schema import COMMITMENT_STATUS_LABELS
from portal.contract.text import slugify

STATUS_SEGMENT = {key: slugify(label) for key, label in COMMITMENT_STATUS_LABELS.items()}
"""A status as it appears in addresses and the tracker's query string: its label folded
(``not-started`` -> ``chua-trien-khai``). The contract's keys stay in the data."""

PAGE_SUFFIX = "trang-{number}/"  # page 2… of any paginated list: luu-tru/trang-2/, cam-ket/qua-han/trang-3/


@dataclass(frozen=True)
class Output:
    """A file published beside a page (its feed, its calendar): name, media type, what it is called."""

    file: str
    media_type: str
    label: str


FEEDS = (Output("feed.xml", "application/atom+xml", "Atom"),
         Output("feed.json", "application/feed+json", "JSON Feed"))
CALENDAR = Output("meetings.ics", "text/calendar", "iCalendar")
DEADLINES = Output("han.ics", "text/calendar", "iCalendar")
# The review sheet beside a page whose route declares ``sheet``: its open commitments, one row each, with
# blank columns for a review meeting to fill (portal.outputs.sheets), for Excel and as CSV.
SHEETS = (Output("ra-soat.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
          Output("ra-soat.csv", "text/csv", "CSV"))


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str  # "co-quan/{key}/"; "" is the home page
    template: str | None  # in overrides/portal/; None: a page written in docs/
    nav: str | None = None  # label of a top section in the navigation
    feeds: bool = False  # feed.xml and feed.json beside the page
    calendar: bool = False  # meetings.ics beside the page
    source: str | None = None  # for a page written in docs/: its file
    entries: str | None = None  # a registry: one page of this kind per entry, {key} its key
    deadlines: bool = False  # han.ics beside the page: the due dates of what it lists
    page: bool = True  # False: only the feeds and calendars are published at this address
    sources: str | None = None  # pages made from files in this folder of docs/ (bulletins)
    status_param: str | None = None  # this parameter is a commitment status: shown as STATUS_SEGMENT
    title: str | None = None  # a generated page of its own (a registry's list): its title
    sheet: str | None = None  # the review sheet (SHEETS) beside the page: the route of the list it holds

    def sheets(self, **params) -> list[tuple[Output, str]]:
        """The review sheet's files beside a page of this kind, with their URLs (none without ``sheet``)."""
        folder = self.url(**params)
        return [(output, folder + output.file) for output in SHEETS] if self.sheet else []

    def follow(self, **params) -> list[tuple[Output, str]]:
        """The feeds and calendars published beside a page of this kind, with their URLs."""
        folder = self.url(**params)
        outputs = ((FEEDS if self.feeds else ()) + ((CALENDAR,) if self.calendar else ())
                   + ((DEADLINES,) if self.deadlines else ()))
        return [(output, folder + output.file) for output in outputs]

    @property
    def followed(self) -> bool:
        return self.feeds or self.calendar or self.deadlines

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(name for _, name, _, _ in string.Formatter().parse(self.pattern) if name)

    def url(self, **params) -> str:
        if self.status_param:
            value = params[self.status_param]
            params = {**params, self.status_param: STATUS_SEGMENT.get(value, value)}
        return self.pattern.format(**params)

    @cached_property
    def regex(self) -> re.Pattern:
        """Matches the URLs of this kind's pages (first pages only, not ``trang-N/``)."""
        out, rest = "", self.pattern
        for literal, name, _, _ in string.Formatter().parse(self.pattern):
            out += re.escape(literal)
            if name:
                out += f"(?P<{name}>(?!trang-[0-9]+/)" + (".+?" if name == "path" else "[^/]+") + ")"
        return re.compile(out + r"\Z")

    def src_uri(self, **params) -> str:
        """The page's source path under docs/: written by hand, or a virtual file."""
        return self.source or self.url(**params) + "index.md"


ROUTES: tuple[Route, ...] = (
    Route("home", "", "portal/home.html", nav="Trang chủ", feeds=True, calendar=True, source="index.md"),
    Route("archive", "luu-tru/", "portal/archive.html", nav="Hội nghị"),
    Route("meeting", "hoi-nghi/{path}/", "portal/meeting.html", sources="meetings/"),
    Route("changes", "thay-doi/", "portal/changes.html", nav="Thay đổi", feeds=True),
    Route("tracker", "cam-ket/", "portal/tracker.html", nav="Cam kết", sheet="tracker"),
    Route("overdue", "cam-ket/qua-han/", "portal/tracker.html", feeds=True, deadlines=True),
    Route("awaiting", "cam-ket/cho-ban-giao/", "portal/tracker.html", feeds=True, deadlines=True),
    Route("status", "cam-ket/trang-thai/{key}/", "portal/tracker.html", feeds=True, deadlines=True, status_param="key"),
    Route("commitment_year", "cam-ket/nam/{year}/", "portal/tracker.html", feeds=True, deadlines=True),
    Route("commitment", "cam-ket/theo-doi/{id}/", None, feeds=True, deadlines=True, page=False),
    Route("orgs", "co-quan/", "portal/orgs.html", nav="Cơ quan", title="Cơ quan, tổ chức"),
    Route("org", "co-quan/{key}/", "portal/org.html", feeds=True, calendar=True, deadlines=True,
          entries="organizations", sheet="org_commitments"),
    Route("org_commitments", "co-quan/{key}/cam-ket/", "portal/list.html", feeds=True, deadlines=True),
    Route("org_overdue", "co-quan/{key}/qua-han/", "portal/list.html"),
    Route("org_partnered", "co-quan/{key}/phoi-hop/", "portal/list.html"),
    Route("org_handed_over", "co-quan/{key}/da-ban-giao/", "portal/list.html"),
    Route("org_meetings", "co-quan/{key}/hoi-nghi/", "portal/list.html"),
    Route("people", "nguoi/", "portal/people.html", nav="Người chủ trì", title="Người chủ trì và lãnh đạo"),
    Route("person", "nguoi/{key}/", "portal/person.html", entries="people"),
    Route("person_meetings", "nguoi/{key}/hoi-nghi/", "portal/list.html"),
    Route("topics", "chu-de/", "portal/topics.html", nav="Chủ đề", title="Chủ đề"),
    Route("topic", "chu-de/{key}/", "portal/topic.html", feeds=True, deadlines=True, entries="topics"),
    Route("topic_commitments", "chu-de/{key}/cam-ket/", "portal/list.html", feeds=True, deadlines=True),
    Route("topic_meetings", "chu-de/{key}/hoi-nghi/", "portal/list.html"),
    Route("kind", "loai-hoi-nghi/{key}/", "portal/kind.html", entries="meeting-kinds"),
    Route("kind_meetings", "loai-hoi-nghi/{key}/hoi-nghi/", "portal/list.html"),
    Route("localities", "dia-ban/", "portal/localities.html", nav="Địa bàn", title="Địa bàn"),
    Route("locality", "dia-ban/{key}/", "portal/locality.html", feeds=True, calendar=True, deadlines=True,
          entries="localities", sheet="locality_commitments"),
    Route("locality_commitments", "dia-ban/{key}/cam-ket/", "portal/list.html", feeds=True, deadlines=True),
    Route("locality_meetings", "dia-ban/{key}/hoi-nghi/", "portal/list.html"),
    Route("search", "tim-kiem/", "portal/search.html"),
    Route("about", "gioi-thieu/", None, nav="Giới thiệu", source="gioi-thieu.md"),
    Route("data", "du-lieu/", "portal/data.html", nav="Dữ liệu"),
    # The staff guide: reached from the footer and the editor, not from the residents' menu.
    Route("guide", "huong-dan/", None, source="huong-dan/index.md"),
)
BY_NAME = {route.name: route for route in ROUTES}
BY_ENTRIES = {route.entries: route for route in ROUTES if route.entries}
OPENSEARCH_FILE = "opensearch.xml"  # beside the search page


def match(site_url: str) -> tuple[Route, dict] | None:
    """The route and parameters of a site-relative URL, or None: ``co-quan/ubnd-tp/`` -> (org, {key})."""
    for route in ROUTES:
        found = route.regex.match(site_url)
        if found:
            return route, found.groupdict()
    return None


# --- addresses ------------------------------------------------------------------------------



def status_segment(key: str) -> str:
    return STATUS_SEGMENT[key]


@dataclass(frozen=True)
class Moved:
    """An address published before: ``pattern`` (the old route's pattern) now lives at ``route``.
    ``params`` turns the new page's parameters into the old ones (default: the same)."""

    pattern: str
    route: str
    params: object = None  # callable(dict) -> dict | None (None: no old address for this page)

    def old_url(self, **params) -> str | None:
        old = self.params(params) if self.params else params
        return None if old is None else self.pattern.format(**old)


_OLD_STATUS = {segment: key for key, segment in STATUS_SEGMENT.items()}

MOVED: tuple[Moved, ...] = (
    Moved("meetings/{path}/", "meeting"),
    Moved("search/", "search"),
    Moved("cam-ket/trang-thai/{key}/", "status", lambda p: {"key": _OLD_STATUS[p["key"]]}),
)
"""Every address that moved, in one place: the build writes a redirect page at each old
address (every page of a paginated list too), pointing to the new one."""


def redirects(page_url: str) -> list[str]:
    """The old addresses (site-relative) that must lead to the page at ``page_url`` (any page
    of a paginated list: ``cam-ket/trang-thai/hoan-thanh/trang-2/``)."""
    first, suffix = page_url, ""
    found = re.search(r"trang-[0-9]+/\Z", page_url)
    if found:
        first, suffix = page_url[: found.start()], found.group()
    hit = match(first)
    if hit is None:
        return []
    route, params = hit
    olds = [m.old_url(**params) for m in MOVED if m.route == route.name]
    return [old + suffix for old in olds if old and old + suffix != page_url]


def entry_url(registry: str, key: str) -> str | None:
    """URL of a registry entry's page, or None for a registry whose entries have no page."""
    route = BY_ENTRIES.get(registry)
    return route.url(key=key) if route else None


def opensearch_url() -> str:
    return url("search") + OPENSEARCH_FILE


def url(name: str, **params) -> str:
    """Site-relative URL of a page: ``url("org", key="ubnd-tp")`` -> ``"co-quan/ubnd-tp/"``."""
    return BY_NAME[name].url(**params)


def src_uri(name: str, **params) -> str:
    return BY_NAME[name].src_uri(**params)


def template_of_source(src: str) -> str | None:
    """The template a page written in docs/ is drawn with, when its route declares one
    (``index.md``: the home page); None for any other page (MkDocs' default)."""
    for route in ROUTES:
        if route.source == src:
            return route.template
    return None


def url_of_source(src: str) -> str:
    """Published URL of a source path under docs/: a bulletin's is its route's (``meetings/2020/x.md``
    -> ``hoi-nghi/2020/x/``), any other page's is directory-style, as MkDocs makes it."""
    for route in ROUTES:
        if route.sources and src.startswith(route.sources) and src.endswith(".md"):
            return route.url(path=src[len(route.sources):-3])
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[:-3] + "/"


def paged(first_url: str, number: int) -> str:
    """URL of page ``number`` of a list whose first page is ``first_url``."""
    return first_url if number == 1 else first_url + PAGE_SUFFIX.format(number=number)


def archive_page(number: int) -> str:
    """URL of page ``number`` of the archive (page 1 is the archive itself)."""
    return paged(url("archive"), number)


def commitment_anchor(commitment_id: str) -> str:
    """The fragment of a commitment on its meeting's page (its stable link)."""
    return f"cam-ket-{commitment_id}"


def nav() -> list[dict[str, str]]:
    """MkDocs' ``nav``: the routes with a label, in table order."""
    return [{route.nav: route.src_uri()} for route in ROUTES if route.nav]


def not_in_nav() -> list[str]:
    """Top folders of generated pages: listed for MkDocs so it does not expect them in the nav."""
    folders = [route.pattern.split("/", 1)[0] for route in ROUTES if route.source is None and route.pattern]
    folders += [route.sources.rstrip("/") for route in ROUTES if route.sources]
    return [f"/{folder}/" for folder in dict.fromkeys(folders)]


def client_routes() -> dict[str, str]:
    """URL patterns the browser scripts need, by route name (site-relative)."""
    return {route.name: route.pattern for route in ROUTES}


class Urls:
    """The route table for templates: ``urls.tracker``, ``urls.status("done")``, ``urls.archive_page(2)``,
    ``urls.follow("org", key)`` (the feeds and calendar beside a page), ``urls.opensearch``,
    ``urls.status_segment("not-started")``.

    A route without parameters is its URL; one with parameters is a function taking them
    in the pattern's order. Templates apply MkDocs' ``url`` filter to the result.
    """

    archive_page = staticmethod(archive_page)
    paged = staticmethod(paged)
    status_segment = staticmethod(status_segment)

    @property
    def opensearch(self) -> str:
        return opensearch_url()

    @staticmethod
    def follow(name: str, *args) -> list[tuple[Output, str]]:
        route = BY_NAME[name]
        return route.follow(**dict(zip(route.params, args)))

    @staticmethod
    def sheets(name: str, *args) -> list[tuple[Output, str]]:
        route = BY_NAME[name]
        return route.sheets(**dict(zip(route.params, args)))

    def __getattr__(self, name: str):
        route = BY_NAME.get(name)
        if route is None:
            raise AttributeError(name)
        if not route.params:
            return route.url()
        return lambda *args: route.url(**dict(zip(route.params, args)))


URLS = Urls()
