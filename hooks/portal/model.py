"""The content model: what a bulletin and the registries say, after loading.

Plain dataclasses, no MkDocs. Field meanings are defined in
:mod:`portal.schema`; derived facts (current status, overdue, timelines) live in
:mod:`portal.views`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from .dates import PartialDate
from .schema import NO_REPORT


@dataclass
class Link:
    url: str
    title: str | None = None


@dataclass
class Organization:
    key: str
    name: str
    short: str | None = None
    aliases: list[str] = field(default_factory=list)
    kind: str | None = None
    parent: str | None = None
    valid_from: PartialDate | None = None
    valid_until: PartialDate | None = None
    successor: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass
class Position:
    title: str
    organization: str | None = None
    start: PartialDate | None = None
    until: PartialDate | None = None


@dataclass
class Person:
    key: str
    name: str
    aliases: list[str] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name


@dataclass
class NamedEntry:
    """A registry entry that is a name with aliases and a description."""

    key: str
    name: str
    aliases: list[str] = field(default_factory=list)
    description: str | None = None

    @property
    def label(self) -> str:
        return self.name


class Topic(NamedEntry):
    """An entry of topics.yml."""


class MeetingKind(NamedEntry):
    """An entry of meeting-kinds.yml."""


@dataclass
class Registries:
    organizations: dict[str, Organization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    meeting_kinds: dict[str, MeetingKind] = field(default_factory=dict)

    def by_name(self, registry: str) -> dict:
        return getattr(self, registry.replace("-", "_"))


@dataclass
class Chair:
    person: str
    role: str | None = None


@dataclass(eq=False)  # identity: bulletins refer to each other
class Commitment:
    id: str
    text: str
    owners: list[str]
    meeting: "Meeting"
    partners: list[str] = field(default_factory=list)
    due: PartialDate | None = None
    status: str | None = None  # as made; None: made without a status ("Chưa có báo cáo")
    line: int = 0

    @property
    def initial_status(self) -> str:
        return self.status or NO_REPORT


@dataclass(eq=False)  # identity: bulletins refer to each other
class Review:
    commitment: str
    status: str | None  # None only while the file has an error
    meeting: "Meeting"
    note: str | None = None
    evidence: list[Link] = field(default_factory=list)
    line: int = 0


@dataclass(eq=False)  # identity: bulletins refer to each other
class Meeting:
    """One bulletin. ``src_uri`` is relative to ``docs/`` and fixes the URL."""

    src_uri: str
    title: str
    date: PartialDate
    kind: str
    chairs: list[Chair]
    body: str = ""
    date_note: str | None = None
    time: str | None = None
    session: str | None = None  # sang | chieu | toi, when no clock time is known
    status: str | None = None  # as written; None means derived from the date
    location: str | None = None
    organizations: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    published: dt.datetime | None = None
    author: str | None = None
    sources: list[Link] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    extra_meta: dict = field(default_factory=dict)  # MkDocs/Material page keys
    date_valid: bool = True  # False when the date did not parse (the build then fails)
    locate: Callable[[tuple], int] = field(default=lambda path: 1, repr=False, compare=False)  # field path -> line

    @property
    def key(self) -> str:
        """The file name without ``.md``: stable, ASCII, independent of the title."""
        return self.src_uri.rsplit("/", 1)[-1][:-3]

    @property
    def url(self) -> str:
        """Site-relative URL (directory style), e.g. ``meetings/2020/2020-02-12-x/``."""
        return self.src_uri[:-3] + "/"

    @property
    def sort_key(self) -> tuple:
        return (self.date.start, self.time or "", self.src_uri)


@dataclass
class Site:
    registries: Registries
    meetings: list[Meeting]  # sorted oldest first
