"""The portal as the pages and exports see it: the linked site and its collections.

:class:`Portal` links the site (:func:`portal.linking.link`) and holds the lists that
several pages show (every commitment newest first, the overdue ones, the years…),
each computed once. Everything about one meeting, commitment or registry entry is an
attribute of that object (see :mod:`portal.model`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from portal.content import labels
from portal.content.changes import ChangeLog
from portal.content.linking import link
from portal.contract import schema as S
from portal.contract.text import fold
from portal.content.model import Commitment, Meeting, Organization, Site, StatusCount, status_breakdown


def paginate(rows: list, size: int) -> list[list]:
    """Pages of a list, counted from its end: every page but the first holds exactly ``size``
    rows, and the first holds the rest, from ``size // 2`` to ``size + size // 2 - 1`` rows
    (or the whole list when it is shorter). An empty list is one empty page.

    Lists read newest first grow at the top: a new row then changes the first page only, and
    every other page keeps its rows, which is what lets a build reuse them (the build cache).
    Once in ``size`` additions the first page splits and the pages are numbered again. The
    tracker's script finds a row's page with the same rule (``assets/tracker.js``, ``pageOf``)."""
    if size < 1:
        raise ValueError("page size must be at least 1")
    first = first_page_rows(len(rows), size)
    return [rows[:first]] + [rows[i:i + size] for i in range(first, len(rows), size)]


def first_page_rows(count: int, size: int) -> int:
    """How many of ``count`` rows the first page of :func:`paginate` holds."""
    half = max(1, size // 2)
    return count - size * max(0, (count - half) // size)


@dataclass
class ArchivePage:
    number: int
    url: str
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
    """The linked site for one "as of" date, and the collections pages share."""

    def __init__(self, site: Site, as_of: dt.date, archive_page_size: int = 50, name: str = "Cổng hội nghị"):
        link(site, as_of)
        self.name = name  # the portal's name (mkdocs.yml site_name): the site's feeds and calendar carry it
        self.site = site
        self.registries = site.registries
        self.organizations = site.registries.organizations
        self.people = site.registries.people
        self.topics = site.registries.topics
        self.kinds = site.registries.meeting_kinds
        self.as_of = as_of
        self.archive_page_size = archive_page_size
        self.meetings = site.meetings  # oldest first
        self.meetings_newest = list(reversed(site.meetings))
        self.commitments: list[Commitment] = [c for m in self.meetings_newest for c in m.commitments]
        self._commitments_by_id = {c.id: c for c in self.commitments}
        self._by_src = {m.src_uri: m for m in site.meetings}

    def meeting_by_src(self, src_uri: str) -> Meeting | None:
        return self._by_src.get(src_uri)

    def commitment(self, commitment_id: str) -> Commitment | None:
        return self._commitments_by_id.get(commitment_id)

    # --- meetings -------------------------------------------------------------

    def latest(self, count: int = 10) -> list[Meeting]:
        return [m for m in self.meetings_newest if m.status != "scheduled"][:count]

    @cached_property
    def upcoming(self) -> list[Meeting]:
        return [m for m in self.meetings if m.status in ("scheduled", "postponed") and m.date.end >= self.as_of]

    @cached_property
    def years(self) -> list[int]:
        return sorted({m.date.year for m in self.meetings}, reverse=True)

    @cached_property
    def changes(self) -> ChangeLog:
        """What changed at each meeting (new meetings, commitments made, reports, hand-overs), newest first."""
        return ChangeLog(self.meetings_newest)

    # --- commitments ----------------------------------------------------------

    @cached_property
    def breakdown(self) -> list[StatusCount]:
        return status_breakdown(self.commitments)

    @cached_property
    def overdue(self) -> list[Commitment]:
        return [c for c in self.commitments if c.overdue]

    @cached_property
    def awaiting(self) -> list[Commitment]:
        """Open commitments whose owners all ended and that nobody handed over."""
        return [c for c in self.commitments if c.awaiting_handover]

    @property
    def has_awaiting(self) -> bool:
        """Whether any commitment waits for a hand-over (a page asking only this does not change
        with every commitment added; the build cache records what it read)."""
        return bool(self.awaiting)

    @cached_property
    def localities_now(self) -> list:
        """The localities in place on the as-of date, by level then name (home page, filters)."""
        order = list(S.LOCALITY_LEVELS)
        return sorted((l for l in self.registries.localities.values() if not l.ended),
                      key=lambda l: (order.index(l.level) if l.level in order else len(order), l.name))

    @cached_property
    def commitment_years(self) -> list[int]:
        return sorted({c.year for c in self.commitments}, reverse=True)

    @cached_property
    def commitment_owners(self) -> list[Organization]:
        return sorted({id(o): o for c in self.commitments for o in c.owners}.values(), key=lambda o: o.label)

    @cached_property
    def bodies_by_locality(self) -> list[tuple]:
        """``[(locality or None, bodies)]`` for the index of bodies: the localities that govern now (by
        level, in the contract's order, then name), then those that ended, then bodies with no
        locality; within one, by kind (``labels.ORG_KIND``'s order, other kinds after) and name."""
        groups: dict[int, list[Organization]] = {}
        places = {}
        for org in self.registries.organizations.values():
            groups.setdefault(id(org.locality), []).append(org)
            places[id(org.locality)] = org.locality
        levels = list(labels.LOCALITY_LEVEL)
        kinds = list(labels.ORG_KIND)

        def place_order(place):
            if place is None:
                return (2, 0, "")
            level = levels.index(place.level) if place.level in levels else len(levels)
            return (1 if place.ended else 0, level, fold(place.name))

        def body_order(org):
            return (kinds.index(org.kind) if org.kind in kinds else len(kinds), org.kind or "~", fold(org.name))

        return [(places[k], sorted(orgs, key=body_order)) for k, orgs in
                sorted(groups.items(), key=lambda item: place_order(places[item[0]]))]

    def count_of(self, status: str) -> int:
        """How many commitments have this current status (from the breakdown, computed once)."""
        return next(s.count for s in self.breakdown if s.key == status)

    def commitments_with_status(self, status: str) -> list[Commitment]:
        return [c for c in self.commitments if c.status == status]

    def commitments_of_year(self, year: int) -> list[Commitment]:
        return [c for c in self.commitments if c.year == year]

    # --- archive --------------------------------------------------------------

    def archive_pages(self, url_for) -> list[ArchivePage]:
        """Newest first, ``archive_page_size`` meetings a page (:func:`paginate`); ``url_for(n)`` is page n's URL."""
        chunks = paginate(self.meetings_newest, self.archive_page_size)
        pages = [ArchivePage(n, url_for(n), chunk, len(chunks)) for n, chunk in enumerate(chunks, start=1)]
        links: dict[int, str] = {}
        for page in pages:
            for year, _ in page.years:
                links.setdefault(year, page.url)
        for page in pages:
            page.year_links = list(links.items())
        return pages
