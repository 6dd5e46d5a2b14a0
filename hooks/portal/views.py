"""Derived views: what the pages show, computed from the model and an "as of" date.

The rules of the contract live here: a meeting's default status, a commitment's
current status (latest review by meeting date), and the overdue flag.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from . import schema as S
from .dates import PartialDate
from .model import Commitment, Meeting, Organization, Person, Review, Site, Topic


def meeting_status(meeting: Meeting, as_of: dt.date) -> str:
    """As written, else ``scheduled`` when the meeting's date is ahead, else ``held``."""
    if meeting.status:
        return meeting.status
    return "scheduled" if meeting.date.start > as_of else "held"


def is_overdue(due: PartialDate | None, status: str, as_of: dt.date) -> bool:
    """Overdue: the due period has ended before ``as_of`` and the work is still open."""
    return due is not None and due.end < as_of and status in S.OPEN_STATUSES


@dataclass
class TimelineEntry:
    kind: str  # "made" or "review"
    meeting: Meeting
    status: str
    note: str | None = None
    evidence: list = field(default_factory=list)

    @property
    def date(self) -> PartialDate:
        return self.meeting.date


@dataclass
class CommitmentView:
    commitment: Commitment
    reviews: list[Review]  # oldest first
    as_of: dt.date

    @property
    def id(self) -> str:
        return self.commitment.id

    @property
    def meeting(self) -> Meeting:
        return self.commitment.meeting

    @property
    def anchor(self) -> str:
        return f"cam-ket-{self.commitment.id}"

    @property
    def url(self) -> str:
        """Stable link: the commitment's timeline on the page of the meeting that made it."""
        return f"{self.meeting.url}#{self.anchor}"

    @property
    def status(self) -> str:
        return self.reviews[-1].status if self.reviews else self.commitment.initial_status

    @property
    def reported_status(self) -> str | None:
        """The status as exported: None when nobody has reported ("Chưa có báo cáo")."""
        return None if self.status == S.NO_REPORT else self.status

    @property
    def status_label(self) -> str:
        return S.COMMITMENT_STATUS_LABELS[self.status]

    @property
    def overdue(self) -> bool:
        return is_overdue(self.commitment.due, self.status, self.as_of)

    @property
    def last_review(self) -> Review | None:
        return self.reviews[-1] if self.reviews else None

    @property
    def year(self) -> int:
        return self.meeting.date.year

    @property
    def timeline(self) -> list[TimelineEntry]:
        entries = [TimelineEntry("made", self.meeting, self.commitment.initial_status)]
        entries += [TimelineEntry("review", r.meeting, r.status, r.note, r.evidence) for r in self.reviews]
        return entries


@dataclass
class StatusCount:
    key: str
    label: str
    count: int


def status_breakdown(views: list[CommitmentView]) -> list[StatusCount]:
    counts = Counter(v.status for v in views)
    return [StatusCount(k, label, counts.get(k, 0)) for k, label in S.COMMITMENT_STATUS_LABELS.items()]


@dataclass
class OrgView:
    org: Organization
    meetings: list[Meeting]  # newest first
    owned: list[CommitmentView]
    partnered: list[CommitmentView]
    parent: Organization | None
    children: list[Organization]
    successor: Organization | None
    predecessors: list[Organization]
    people: list[tuple]  # (Person, Position)

    @property
    def breakdown(self) -> list[StatusCount]:
        return status_breakdown(self.owned)

    @property
    def overdue_count(self) -> int:
        return sum(v.overdue for v in self.owned)


@dataclass
class PersonView:
    person: Person
    chaired: list[tuple]  # (Meeting, role as stated), newest first


@dataclass
class TopicView:
    topic: Topic
    meetings: list[Meeting]  # newest first


@dataclass
class ArchivePage:
    number: int
    uri: str
    meetings: list[Meeting]
    total_pages: int = 1
    year_links: list = field(default_factory=list)  # (year, URL of the first page holding it)

    @property
    def years(self) -> list[tuple[int, list[Meeting]]]:
        groups: dict[int, list[Meeting]] = {}
        for meeting in self.meetings:
            groups.setdefault(meeting.date.year, []).append(meeting)
        return list(groups.items())


class Portal:
    """Every derived view, computed once per build."""

    def __init__(self, site: Site, as_of: dt.date, archive_page_size: int = 50):
        self.site = site
        self.registries = site.registries
        self.as_of = as_of
        self.archive_page_size = archive_page_size
        reviews: dict[str, list[Review]] = defaultdict(list)
        for meeting in site.meetings:  # oldest first, so reviews end up in date order
            for review in meeting.reviews:
                reviews[review.commitment].append(review)
        self.commitments: list[CommitmentView] = [
            CommitmentView(c, reviews.get(c.id, []), as_of)
            for meeting in reversed(site.meetings) for c in meeting.commitments
        ]
        self._commitments_by_id = {v.id: v for v in self.commitments}
        self._made_at: dict[int, list[CommitmentView]] = defaultdict(list)
        for view in self.commitments:
            self._made_at[id(view.meeting)].append(view)
        self._by_src = {m.src_uri: m for m in site.meetings}
        self._by_kind: dict[str, list[Meeting]] = defaultdict(list)
        self._kind_index: dict[int, int] = {}
        for meeting in site.meetings:
            self._kind_index[id(meeting)] = len(self._by_kind[meeting.kind])
            self._by_kind[meeting.kind].append(meeting)

    # --- meetings -------------------------------------------------------------

    @cached_property
    def meetings_newest(self) -> list[Meeting]:
        return list(reversed(self.site.meetings))

    def meeting_by_src(self, src_uri: str) -> Meeting | None:
        return self._by_src.get(src_uri)

    def status_of(self, meeting: Meeting) -> str:
        return meeting_status(meeting, self.as_of)

    def status_label(self, meeting: Meeting) -> str:
        return S.MEETING_STATUSES[self.status_of(meeting)]

    def latest(self, count: int = 10) -> list[Meeting]:
        return [m for m in self.meetings_newest if self.status_of(m) != "scheduled"][:count]

    @cached_property
    def upcoming(self) -> list[Meeting]:
        return [m for m in self.site.meetings
                if self.status_of(m) in ("scheduled", "postponed") and m.date.end >= self.as_of]

    def previous_of_kind(self, meeting: Meeting) -> Meeting | None:
        same = self._by_kind[meeting.kind]
        index = self._kind_index[id(meeting)]
        return same[index - 1] if index > 0 else None

    def next_of_kind(self, meeting: Meeting) -> Meeting | None:
        same = self._by_kind[meeting.kind]
        index = self._kind_index[id(meeting)]
        return same[index + 1] if index + 1 < len(same) else None

    def commitments_made_at(self, meeting: Meeting) -> list[CommitmentView]:
        return self._made_at.get(id(meeting), [])

    def commitment(self, commitment_id: str) -> CommitmentView | None:
        return self._commitments_by_id.get(commitment_id)

    @cached_property
    def years(self) -> list[int]:
        return sorted({m.date.year for m in self.site.meetings}, reverse=True)

    # --- commitments ----------------------------------------------------------

    @cached_property
    def breakdown(self) -> list[StatusCount]:
        return status_breakdown(self.commitments)

    @cached_property
    def overdue(self) -> list[CommitmentView]:
        return [v for v in self.commitments if v.overdue]

    @cached_property
    def commitment_years(self) -> list[int]:
        return sorted({v.year for v in self.commitments}, reverse=True)

    @cached_property
    def commitment_owners(self) -> list[Organization]:
        keys = {k for v in self.commitments for k in v.commitment.owners}
        return sorted((self.registries.organizations[k] for k in keys if k in self.registries.organizations),
                      key=lambda o: o.label)

    def commitments_with_status(self, status: str) -> list[CommitmentView]:
        return [v for v in self.commitments if v.status == status]

    def commitments_of_year(self, year: int) -> list[CommitmentView]:
        return [v for v in self.commitments if v.year == year]

    # --- registries -----------------------------------------------------------

    @cached_property
    def _attendance(self) -> dict[str, list[Meeting]]:
        out: dict[str, list[Meeting]] = defaultdict(list)
        for meeting in self.meetings_newest:
            for key in dict.fromkeys(meeting.organizations):
                out[key].append(meeting)
        return out

    def org_view(self, key: str) -> OrgView:
        orgs = self.registries.organizations
        org = orgs[key]
        people = [(p, pos) for p in self.registries.people.values() for pos in p.positions if pos.organization == key]
        return OrgView(
            org=org,
            meetings=self._attendance.get(key, []),
            owned=[v for v in self.commitments if key in v.commitment.owners],
            partnered=[v for v in self.commitments if key in v.commitment.partners],
            parent=orgs.get(org.parent) if org.parent else None,
            children=[o for o in orgs.values() if o.parent == key],
            successor=orgs.get(org.successor) if org.successor else None,
            predecessors=[o for o in orgs.values() if o.successor == key],
            people=people,
        )

    def person_view(self, key: str) -> PersonView:
        chaired = [(m, chair.role) for m in self.meetings_newest for chair in m.chairs if chair.person == key]
        return PersonView(self.registries.people[key], chaired)

    def topic_view(self, key: str) -> TopicView:
        return TopicView(self.registries.topics[key], [m for m in self.meetings_newest if key in m.topics])

    def meetings_of_kind(self, key: str) -> list[Meeting]:
        return list(reversed(self._by_kind.get(key, [])))

    def org(self, key: str) -> Organization | None:
        return self.registries.organizations.get(key)

    def person(self, key: str) -> Person | None:
        return self.registries.people.get(key)

    def topic(self, key: str) -> Topic | None:
        return self.registries.topics.get(key)

    def kind(self, key: str):
        return self.registries.meeting_kinds.get(key)

    # --- archive --------------------------------------------------------------

    def archive_pages(self, uri_for) -> list[ArchivePage]:
        """Newest first, ``archive_page_size`` meetings a page; ``uri_for(n)`` names page n's source."""
        meetings = self.meetings_newest
        size = self.archive_page_size
        chunks = [meetings[i:i + size] for i in range(0, len(meetings), size)] or [[]]
        pages = [ArchivePage(n, uri_for(n), chunk, len(chunks)) for n, chunk in enumerate(chunks, start=1)]
        links: dict[int, str] = {}
        for page in pages:
            for year, _ in page.years:
                links.setdefault(year, page.uri)
        for page in pages:
            page.year_links = list(links.items())
        return pages
