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
portal: the model asks it for URLs.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cached_property

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
    title: str | None = None  # a generated page of its own (a registry's list): its title

    def follow(self, **params) -> list[tuple[Output, str]]:
        """The feeds and calendar published beside a page of this kind, with their URLs."""
        folder = self.url(**params)
        outputs = (FEEDS if self.feeds else ()) + ((CALENDAR,) if self.calendar else ())
        return [(output, folder + output.file) for output in outputs]

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(name for _, name, _, _ in string.Formatter().parse(self.pattern) if name)

    def url(self, **params) -> str:
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
    Route("meeting", "meetings/{path}/", "portal/meeting.html"),
    Route("tracker", "cam-ket/", "portal/tracker.html", nav="Cam kết"),
    Route("overdue", "cam-ket/qua-han/", "portal/tracker.html"),
    Route("awaiting", "cam-ket/cho-ban-giao/", "portal/tracker.html"),
    Route("status", "cam-ket/trang-thai/{key}/", "portal/tracker.html"),
    Route("commitment_year", "cam-ket/nam/{year}/", "portal/tracker.html"),
    Route("orgs", "co-quan/", "portal/orgs.html", nav="Cơ quan", title="Cơ quan, tổ chức"),
    Route("org", "co-quan/{key}/", "portal/org.html", feeds=True, calendar=True, entries="organizations"),
    Route("people", "nguoi/", "portal/people.html", nav="Người chủ trì", title="Người chủ trì và lãnh đạo"),
    Route("person", "nguoi/{key}/", "portal/person.html", entries="people"),
    Route("topics", "chu-de/", "portal/topics.html", nav="Chủ đề", title="Chủ đề"),
    Route("topic", "chu-de/{key}/", "portal/topic.html", feeds=True, entries="topics"),
    Route("kind", "loai-hoi-nghi/{key}/", "portal/kind.html", entries="meeting-kinds"),
    Route("localities", "dia-ban/", "portal/localities.html", nav="Địa bàn", title="Địa bàn"),
    Route("locality", "dia-ban/{key}/", "portal/locality.html", feeds=True, calendar=True, entries="localities"),
    Route("search", "search/", "portal/search.html"),
    Route("about", "gioi-thieu/", None, nav="Giới thiệu", source="gioi-thieu.md"),
    Route("data", "du-lieu/", "portal/data.html", nav="Dữ liệu"),
    Route("guide", "huong-dan/", None, nav="Hướng dẫn", source="huong-dan/index.md"),
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


def url_of_source(src: str) -> str:
    """Directory-style URL of a source path, as MkDocs makes it."""
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
    return [f"/{folder}/" for folder in dict.fromkeys(folders)]


def client_routes() -> dict[str, str]:
    """URL patterns the browser scripts need, by route name (site-relative)."""
    return {route.name: route.pattern for route in ROUTES}


class Urls:
    """The route table for templates: ``urls.tracker``, ``urls.status("done")``, ``urls.archive_page(2)``,
    ``urls.follow("org", key)`` (the feeds and calendar beside a page), ``urls.opensearch``.

    A route without parameters is its URL; one with parameters is a function taking them
    in the pattern's order. Templates apply MkDocs' ``url`` filter to the result.
    """

    archive_page = staticmethod(archive_page)

    @property
    def opensearch(self) -> str:
        return opensearch_url()

    @staticmethod
    def follow(name: str, *args) -> list[tuple[Output, str]]:
        route = BY_NAME[name]
        return route.follow(**dict(zip(route.params, args)))

    def __getattr__(self, name: str):
        route = BY_NAME.get(name)
        if route is None:
            raise AttributeError(name)
        if not route.params:
            return route.url()
        return lambda *args: route.url(**dict(zip(route.params, args)))


URLS = Urls()
