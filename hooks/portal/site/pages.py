"""Which generated pages exist: for each route of :mod:`portal.routes`, its instances.

A :class:`PageSpec` is one virtual page: its route (URL pattern and template come from
there), the parameters that fill the pattern, its page number in a paginated list, its
title, and the object its template receives as ``view``. Nothing generated is committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.contract import routes
from portal.contract import schema as S
from portal.site import tracker
from portal.outputs.export_schemas import catalog
from portal.outputs.search import page_config
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


def _archive(p: Portal):
    for page in p.archive_pages(routes.archive_page):
        title = "Các hội nghị" if page.number == 1 else f"Các hội nghị – trang {page.number}"
        yield PageSpec("archive", title, page, number=page.number)


def _tracker_list(p: Portal, route: str, title: str, rows: list, heading: str, kind=None, value=None,
                  description=None, **params):
    """A tracker list, in the tracker's order, cut into pages of a bounded size."""
    for tp in tracker.pages(routes.url(route, **params), rows, p.as_of):
        first = tp.number == 1
        yield PageSpec(route, title if first else f"{title} – trang {tp.number}",
                       CommitmentList(tp.rows, heading, kind, value, tp), description if first else None,
                       params, tp.number)


def _tracker(p: Portal):
    yield from _tracker_list(p, "tracker", "Theo dõi cam kết", p.commitments, "Tất cả cam kết", description=(
        "Mọi cam kết, chỉ đạo đưa ra tại các hội nghị, cơ quan chủ trì, hạn và trạng thái."))


def _overdue(p: Portal):
    yield from _tracker_list(p, "overdue", "Cam kết quá hạn", p.overdue, "Cam kết quá hạn", "overdue", True)


def _awaiting(p: Portal):
    yield from _tracker_list(p, "awaiting", "Cam kết chờ bàn giao", p.awaiting, "Cam kết chờ bàn giao", "awaiting",
                             True, description="Cam kết còn mở mà cơ quan chủ trì đã kết thúc hoạt động và chưa "
                             "hội nghị nào giao lại cho cơ quan khác.")


def _status(p: Portal):
    for key, label in S.COMMITMENT_STATUS_LABELS.items():
        yield from _tracker_list(p, "status", f"Cam kết: {label}", p.commitments_with_status(key), label,
                                 "status", key, key=key)


def _commitment_year(p: Portal):
    for year in p.commitment_years:
        yield from _tracker_list(p, "commitment_year", f"Cam kết năm {year}", p.commitments_of_year(year),
                                 f"Năm {year}", "year", year, year=year)


def _entries(p: Portal, route: routes.Route):
    """One page per entry of the route's registry (``entries`` in routes.py): its view is the entry."""
    for key, entry in p.registries.by_name(route.entries).items():
        yield PageSpec(route.name, entry.name, entry, params={"key": key})


# The generated pages of the routes that are more than one page of their own: a route listed here,
# one declaring ``entries`` (a page per registry entry) or one declaring a ``title`` (one page whose
# view is the portal) gets its pages; its template draws them.
MAKERS = {
    "archive": _archive,
    "tracker": _tracker,
    "overdue": _overdue,
    "awaiting": _awaiting,
    "status": _status,
    "commitment_year": _commitment_year,
    "search": lambda p: [PageSpec("search", "Tìm kiếm", script_json(page_config(p), indent=None),
                                  "Tìm hội nghị và cam kết, có dấu hoặc không dấu, theo năm, cơ quan, chủ đề, trạng thái.")],
    "data": lambda p: [PageSpec("data", "Dữ liệu mở", catalog(),
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
