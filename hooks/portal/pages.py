"""The pages the build generates, and every generated URL: one place for both.

Each :class:`PageSpec` names a virtual source file (the URL follows from it),
its title, the template in ``overrides/portal/`` that draws it, and the view
object the template receives as ``view``. Nothing generated is committed.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import schema as S
from . import tracker
from .export_schemas import catalog
from .views import Portal

ARCHIVE = "luu-tru"
TRACKER = "cam-ket"
ORGS = "co-quan"
PEOPLE = "nguoi"
TOPICS = "chu-de"
KINDS = "loai-hoi-nghi"
DATA = "du-lieu"
TRACKER_DATA = f"{TRACKER}/{tracker.DATA_FILE}"  # every commitment, for the tracker's filters


def archive_uri(page: int) -> str:
    return f"{ARCHIVE}/index.md" if page == 1 else f"{ARCHIVE}/trang-{page}.md"


def uri_to_url(src_uri: str) -> str:
    """Directory-style URL of a source path, as MkDocs makes it."""
    if src_uri == "index.md":
        return ""
    if src_uri.endswith("/index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[:-3] + "/"


class Urls:
    """Site-relative URLs for templates (apply MkDocs' ``url`` filter to them)."""

    home = ""
    archive = f"{ARCHIVE}/"
    tracker = f"{TRACKER}/"
    search = "search/"
    overdue = f"{TRACKER}/qua-han/"
    orgs = f"{ORGS}/"
    people = f"{PEOPLE}/"
    topics = f"{TOPICS}/"

    of_source = staticmethod(uri_to_url)

    @staticmethod
    def archive_page(page: int) -> str:
        return uri_to_url(archive_uri(page))

    @staticmethod
    def org(key: str) -> str:
        return f"{ORGS}/{key}/"

    @staticmethod
    def person(key: str) -> str:
        return f"{PEOPLE}/{key}/"

    @staticmethod
    def topic(key: str) -> str:
        return f"{TOPICS}/{key}/"

    @staticmethod
    def kind(key: str) -> str:
        return f"{KINDS}/{key}/"

    @staticmethod
    def status(key: str) -> str:
        return f"{TRACKER}/trang-thai/{key}/"

    @staticmethod
    def commitment_year(year: int) -> str:
        return f"{TRACKER}/nam/{year}/"

    tracker_data = TRACKER_DATA


@dataclass
class PageSpec:
    src_uri: str
    title: str
    template: str
    view: object = None
    description: str | None = None

    @property
    def url(self) -> str:
        return uri_to_url(self.src_uri)


@dataclass
class CommitmentList:
    """A filtered tracker page: the rows and what filter produced them."""

    rows: list
    heading: str
    filter_kind: str | None = None  # "status", "year", "overdue" or None for all
    filter_value: object = None
    page: tracker.TrackerPage | None = None  # which page of the list (tracker.py cuts them)


def generated_pages(portal: Portal) -> list[PageSpec]:
    pages: list[PageSpec] = []
    archive = portal.archive_pages(archive_uri)
    for page in archive:
        title = "Các hội nghị" if page.number == 1 else f"Các hội nghị – trang {page.number}"
        pages.append(PageSpec(page.uri, title, "portal/archive.html", page))

    def tracker_list(uri, title, rows, heading, kind=None, value=None, description=None):
        return [PageSpec(tp.uri, title if tp.number == 1 else f"{title} – trang {tp.number}", "portal/tracker.html",
                         CommitmentList(tp.rows, heading, kind, value, tp), description if tp.number == 1 else None)
                for tp in tracker.pages(uri, rows, portal.as_of)]

    pages += tracker_list(f"{TRACKER}/index.md", "Theo dõi cam kết", portal.commitments, "Tất cả cam kết", None, None,
                          "Mọi cam kết, chỉ đạo đưa ra tại các hội nghị, cơ quan chủ trì, hạn và trạng thái.")
    pages += tracker_list(f"{TRACKER}/qua-han.md", "Cam kết quá hạn", portal.overdue, "Cam kết quá hạn", "overdue", True)
    for key, label in S.COMMITMENT_STATUS_LABELS.items():
        pages += tracker_list(f"{TRACKER}/trang-thai/{key}.md", f"Cam kết: {label}",
                              portal.commitments_with_status(key), label, "status", key)
    for year in portal.commitment_years:
        pages += tracker_list(f"{TRACKER}/nam/{year}.md", f"Cam kết năm {year}",
                              portal.commitments_of_year(year), f"Năm {year}", "year", year)

    reg = portal.registries
    pages.append(PageSpec(f"{ORGS}/index.md", "Cơ quan, tổ chức", "portal/orgs.html", portal))
    pages += [PageSpec(f"{ORGS}/{key}.md", org.name, "portal/org.html", portal.org_view(key))
              for key, org in reg.organizations.items()]
    pages.append(PageSpec(f"{PEOPLE}/index.md", "Người chủ trì và lãnh đạo", "portal/people.html", portal))
    pages += [PageSpec(f"{PEOPLE}/{key}.md", person.name, "portal/person.html", portal.person_view(key))
              for key, person in reg.people.items()]
    pages.append(PageSpec(f"{TOPICS}/index.md", "Chủ đề", "portal/topics.html", portal))
    pages += [PageSpec(f"{TOPICS}/{key}.md", topic.name, "portal/topic.html", portal.topic_view(key))
              for key, topic in reg.topics.items()]
    pages += [PageSpec(f"{KINDS}/{key}.md", kind.name, "portal/kind.html", (kind, portal.meetings_of_kind(key)))
              for key, kind in reg.meeting_kinds.items()]
    pages.append(PageSpec("search/index.md", "Tìm kiếm", "portal/search.html", None,
                          "Tìm hội nghị và cam kết, có dấu hoặc không dấu, theo năm, cơ quan, chủ đề, trạng thái."))
    pages.append(PageSpec(f"{DATA}/index.md", "Dữ liệu mở", "portal/data.html", catalog(),
                          "Tải về mọi hội nghị, cam kết và danh mục dưới dạng JSON, CSV, nguồn tin và lịch."))
    return pages
