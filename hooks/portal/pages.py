"""Which generated pages exist: for each route of :mod:`portal.routes`, its instances.

A :class:`PageSpec` is one virtual page: its route (URL pattern and template come from
there), the parameters that fill the pattern, its title, and the object its template
receives as ``view``. Nothing generated is committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import routes
from . import schema as S
from .export_schemas import catalog
from .views import Portal


@dataclass
class PageSpec:
    route: str
    title: str
    view: object = None
    description: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return routes.url(self.route, **self.params)

    @property
    def src_uri(self) -> str:
        return routes.src_uri(self.route, **self.params)

    @property
    def template(self) -> str:
        return routes.BY_NAME[self.route].template


@dataclass
class CommitmentList:
    """A filtered tracker page: the rows and what filter produced them."""

    rows: list
    heading: str
    filter_kind: str | None = None  # "status", "year", "overdue" or None for all
    filter_value: object = None


def _archive(p: Portal):
    for page in p.archive_pages(routes.archive_page):
        title = "Các hội nghị" if page.number == 1 else f"Các hội nghị – trang {page.number}"
        if page.number == 1:
            yield PageSpec("archive", title, page)
        else:
            yield PageSpec("archive_page", title, page, params={"page": page.number})


def _tracker(p: Portal):
    yield PageSpec("tracker", "Theo dõi cam kết", CommitmentList(p.commitments, "Tất cả cam kết"),
                   "Mọi cam kết, chỉ đạo đưa ra tại các hội nghị, cơ quan chủ trì, hạn và trạng thái.")
    yield PageSpec("overdue", "Cam kết quá hạn", CommitmentList(p.overdue, "Cam kết quá hạn", "overdue", True))
    for key, label in S.COMMITMENT_STATUS_LABELS.items():
        yield PageSpec("status", f"Cam kết: {label}",
                       CommitmentList(p.commitments_with_status(key), label, "status", key), params={"key": key})
    for year in p.commitment_years:
        yield PageSpec("commitment_year", f"Cam kết năm {year}",
                       CommitmentList(p.commitments_of_year(year), f"Năm {year}", "year", year),
                       params={"year": year})


def _registry(route: str, entries: dict):
    return (PageSpec(route, entry.name, entry, params={"key": key}) for key, entry in entries.items())


def generated_pages(p: Portal) -> list[PageSpec]:
    """Every virtual page, in a stable order."""
    pages = [*_archive(p), *_tracker(p),
             PageSpec("orgs", "Cơ quan, tổ chức", p), *_registry("org", p.organizations),
             PageSpec("people", "Người chủ trì và lãnh đạo", p), *_registry("person", p.people),
             PageSpec("topics", "Chủ đề", p), *_registry("topic", p.topics),
             *_registry("kind", p.kinds),
             PageSpec("search", "Tìm kiếm", None,
                      "Tìm hội nghị và cam kết, có dấu hoặc không dấu, theo năm, cơ quan, chủ đề, trạng thái."),
             PageSpec("data", "Dữ liệu mở", catalog(),
                      "Tải về mọi hội nghị, cam kết và danh mục dưới dạng JSON, CSV, nguồn tin và lịch.")]
    return pages
