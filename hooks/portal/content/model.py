"""The content model: what a bulletin and the registries say, linked into objects.

Plain dataclasses, no MkDocs. Field meanings are defined in :mod:`portal.schema`.
Two stages fill them:

* the loader (:mod:`portal.loader`) sets what the files say; references to other
  entries are kept as keys in fields named ``*_key`` / ``*_keys``;
* :func:`portal.linking.link` turns every key into the object it names and sets the
  derived facts (current status, overdue, previous and next meeting of a kind…) once.

After linking, templates and exports follow attributes (``commitment.owners[0].label``,
``meeting.kind.name``) and never look a key up again. Fields marked *linked* are empty
before :func:`~portal.linking.link` runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from portal.contract import routes
from portal.content import values
from portal.contract.dates import PartialDate
from portal.contract.schema import COMMITMENT_STATUS_LABELS, LOCALITY_LEVELS, MEETING_STATUSES, NO_REPORT

TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh has had no DST since 1975


@dataclass
class Link:
    url: str
    title: str | None = None


@dataclass(eq=False)
class StatusCount:
    key: str
    label: str
    count: int


def status_breakdown(commitments) -> list[StatusCount]:
    """How many of ``commitments`` have each current status, every status listed."""
    counts: dict[str, int] = {}
    for c in commitments:
        counts[c.status] = counts.get(c.status, 0) + 1
    return [StatusCount(k, label, counts.get(k, 0)) for k, label in COMMITMENT_STATUS_LABELS.items()]


# --- registries -------------------------------------------------------------------------
# One class per registry of the contract (portal.contract.schema.REGISTRIES), registered by its
# REGISTRY name: the loader builds each entry with ``from_entry`` (the checked mapping as written).

ENTRY_TYPES: dict[str, type] = {}


def registry_entry(cls):
    """Class decorator: the model class of the registry named by ``cls.REGISTRY``."""
    ENTRY_TYPES[cls.REGISTRY] = cls
    return cls


@registry_entry
@dataclass(eq=False)
class Organization:
    key: str
    name: str
    short: str | None = None
    aliases: list[str] = field(default_factory=list)
    kind: str | None = None
    parent_key: str | None = None
    valid_from: PartialDate | None = None
    valid_until: PartialDate | None = None
    successor_keys: list[str] = field(default_factory=list)  # `successors`, or `successor` as a one-item list
    locality_key: str | None = None
    website: str | None = None
    data: dict = field(default_factory=dict, repr=False)  # the entry as written, after validation
    # linked
    parent: Organization | None = None
    successors: list[Organization] = field(default_factory=list)
    locality: Locality | None = None
    children: list[Organization] = field(default_factory=list)
    predecessors: list[Organization] = field(default_factory=list)
    people: list[tuple[Person, Position]] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)  # attended, newest first
    owned: list[Commitment] = field(default_factory=list)  # owned now (after any hand-over), newest first
    handed_over: list[Commitment] = field(default_factory=list)  # owned once, handed over since, newest first
    partnered: list[Commitment] = field(default_factory=list)  # newest first
    breakdown: list[StatusCount] = field(default_factory=list)  # of ``owned``
    overdue_count: int = 0  # of ``owned``
    awaiting_count: int = 0  # of ``owned``: open, every owner ended, not handed over
    ended: bool = False  # linked: valid_until is before the as-of date

    REGISTRY = "organizations"

    @classmethod
    def from_entry(cls, key: str, e: dict) -> Organization:
        return cls(key=key, name=values.text(e.get("name")) or key, short=values.text(e.get("short")),
                   aliases=values.texts(e.get("aliases")), kind=values.text(e.get("kind")),
                   parent_key=values.text(e.get("parent")), valid_from=values.date(e.get("valid_from")),
                   valid_until=values.date(e.get("valid_until")),
                   successor_keys=values.texts(e.get("successors")) or values.texts([e.get("successor")]),
                   locality_key=values.text(e.get("locality")), website=values.text(e.get("url")), data=e)

    @property
    def label(self) -> str:
        return self.short or self.name

    @property
    def url(self) -> str | None:
        return routes.entry_url(self.REGISTRY, self.key)

    @property
    def feed_title(self) -> str:
        return f"Hội nghị có {self.label} tham dự"


@dataclass(eq=False)
class Lineage:
    """One link between an old unit and a new one: ``unit`` was formed from ``source`` (all of it, or
    ``part`` of it when the old unit was split between several new ones)."""

    source: Locality
    unit: Locality
    part: bool = False


@registry_entry
@dataclass(eq=False)
class Locality:
    """An administrative unit (the contract's localities registry): the province, a city, a ward…"""

    REGISTRY = "localities"

    key: str
    name: str
    level: str | None = None
    parent_key: str | None = None
    valid_from: PartialDate | None = None
    valid_until: PartialDate | None = None
    formed_from_keys: list[tuple[str, bool]] = field(default_factory=list)  # (key, part)
    code: str | None = None
    aliases: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict, repr=False)
    # linked
    parent: Locality | None = None
    children: list[Locality] = field(default_factory=list)
    formed_from: list[Lineage] = field(default_factory=list)  # the old units it was made of
    became: list[Lineage] = field(default_factory=list)  # the new units made (partly) of it
    organizations: list[Organization] = field(default_factory=list)  # bodies whose locality it is
    covers: list[Locality] = field(default_factory=list)  # itself and every unit it was made of, at any depth
    meetings: list[Meeting] = field(default_factory=list)  # of its bodies, newest first
    owned: list[Commitment] = field(default_factory=list)  # owned now by its bodies, newest first
    placed: list[Commitment] = field(default_factory=list)  # with a place it covers, not owned there, newest first
    ended: bool = False

    @classmethod
    def from_entry(cls, key: str, e: dict) -> Locality:
        sources = []
        for item in e.get("formed_from") if isinstance(e.get("formed_from"), list) else []:
            if isinstance(item, str):
                sources.append((item, False))
            elif isinstance(item, dict) and isinstance(item.get("locality"), str):
                sources.append((item["locality"], item.get("part") is True))
        code = e.get("code")
        return cls(key=key, name=values.text(e.get("name")) or key, level=values.text(e.get("level")),
                   parent_key=values.text(e.get("parent")), valid_from=values.date(e.get("valid_from")),
                   valid_until=values.date(e.get("valid_until")), formed_from_keys=sources,
                   code=str(code) if isinstance(code, (str, int)) and not isinstance(code, bool) else None,
                   aliases=values.texts(e.get("aliases")), data=e)

    @property
    def label(self) -> str:
        return self.name

    @property
    def level_label(self) -> str:
        return LOCALITY_LEVELS.get(self.level or "", "")

    @property
    def url(self) -> str | None:
        return routes.entry_url(self.REGISTRY, self.key)

    @property
    def feed_title(self) -> str:
        return f"Hội nghị ở {self.name}"

    @property
    def now(self) -> list[Lineage]:
        """For an ended unit: the units that cover it today (following every later merger), each with
        whether only a part of this unit went there. Empty for a unit still in place."""
        if not self.ended:
            return []
        found: dict[int, Lineage] = {}
        # A unit that ended without being merged as a whole (a city abolished as a level): where its
        # units went.
        became = self.became or [Lineage(self, child, True) for child in self.children]
        for link in became:
            targets = link.unit.now or [Lineage(link.unit, link.unit, False)]
            for target in targets:
                part = link.part or target.part
                if id(target.unit) not in found or not part:
                    found[id(target.unit)] = Lineage(self, target.unit, part)
        return list(found.values())

    @property
    def split(self) -> bool:
        """Split between several units (the resolution names it "part" in each)."""
        return len(self.now) > 1 or any(link.part for link in self.now)

    @property
    def current(self) -> list[Locality]:
        return [link.unit for link in self.now] if self.ended else [self]


@dataclass(eq=False)
class Position:
    title: str
    organization_key: str | None = None
    start: PartialDate | None = None
    until: PartialDate | None = None
    organization: Organization | None = None  # linked


@registry_entry
@dataclass(eq=False)
class Person:
    key: str
    name: str
    aliases: list[str] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    data: dict = field(default_factory=dict, repr=False)  # the entry as written, after validation
    chaired: list[Chair] = field(default_factory=list)  # linked: newest meeting first

    REGISTRY = "people"

    @classmethod
    def from_entry(cls, key: str, e: dict) -> Person:
        positions = [Position(title=values.text(p.get("title")) or "", organization_key=values.text(p.get("organization")),
                              start=values.date(p.get("from")), until=values.date(p.get("until")))
                     for p in values.mappings(e.get("positions"))]
        return cls(key=key, name=values.text(e.get("name")) or key, aliases=values.texts(e.get("aliases")),
                   positions=positions, data=e)

    @property
    def label(self) -> str:
        return self.name

    @property
    def url(self) -> str | None:
        return routes.entry_url(self.REGISTRY, self.key)


@dataclass(eq=False)
class NamedEntry:
    """A registry entry that is a name with aliases and a description."""

    REGISTRY = ""

    key: str
    name: str
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    data: dict = field(default_factory=dict, repr=False)  # the entry as written, after validation
    meetings: list[Meeting] = field(default_factory=list)  # linked: newest first

    @classmethod
    def from_entry(cls, key: str, e: dict):
        return cls(key=key, name=values.text(e.get("name")) or key, aliases=values.texts(e.get("aliases")),
                   description=values.text(e.get("description")), data=e)

    @property
    def label(self) -> str:
        return self.name

    @property
    def url(self) -> str | None:
        return routes.entry_url(self.REGISTRY, self.key)

    @property
    def feed_title(self) -> str:
        return f"Hội nghị về {self.name.lower()}"


@registry_entry
class Topic(NamedEntry):
    """An entry of topics.yml."""

    REGISTRY = "topics"


@registry_entry
class MeetingKind(NamedEntry):
    """An entry of meeting-kinds.yml."""

    REGISTRY = "meeting-kinds"


class Registries(dict):
    """Every registry's entries by key, by registry name: ``registries["meeting-kinds"]``, also
    ``registries.meeting_kinds`` (templates) and ``registries.by_name("meeting-kinds")``."""

    def __init__(self) -> None:
        super().__init__({name: {} for name in ENTRY_TYPES})
        # (registry, key) -> (file, its Located document, the entry's path in it): for messages
        self.sources: dict[tuple[str, str], tuple] = {}

    def where(self, registry: str, key: str, path: tuple = ()) -> tuple[str, int]:
        """File and line of a field of an entry, for a message."""
        rel, doc, base = self.sources.get((registry, key), (f"docs/data/{registry}/{key}.yml", None, ()))
        return rel, doc.line(base + tuple(path)) if doc is not None else 1

    def by_name(self, registry: str) -> dict:
        return self[registry]

    def __getattr__(self, name: str) -> dict:
        try:
            return self[name.replace("_", "-")]
        except KeyError:
            raise AttributeError(name) from None


# --- bulletins ----------------------------------------------------------------------------

@dataclass(eq=False)
class Chair:
    person_key: str
    role: str | None = None
    meeting: Meeting | None = None  # set by the loader
    person: Person | None = None  # linked


@dataclass(eq=False)  # identity: bulletins refer to each other
class Review:
    commitment_id: str
    status: str | None  # None only while the file has an error
    meeting: Meeting
    note: str | None = None
    evidence: list[Link] = field(default_factory=list)
    owner_keys: list[str] = field(default_factory=list)  # a hand-over: the owners from this meeting on
    line: int = 0
    # The mapping as written in the file, after validation: an optional field that is
    # only shown and exported reaches templates and exports through it, with no code here.
    data: dict = field(default_factory=dict, repr=False)
    commitment: Commitment | None = None  # linked
    owners: list[Organization] = field(default_factory=list)  # linked: the new owners of a hand-over

    @property
    def date(self) -> PartialDate:
        return self.meeting.date


@dataclass(eq=False)
class TimelineEntry:
    kind: str  # "made", "review" or "ended" (every owner ended, nobody handed it over)
    meeting: Meeting | None
    status: str
    note: str | None = None
    evidence: list[Link] = field(default_factory=list)
    owners: list[Organization] = field(default_factory=list)  # made: its owners; review: a hand-over's
    when: PartialDate | None = None  # "ended": the day the last owner ended

    @property
    def date(self) -> PartialDate:
        return self.when if self.meeting is None else self.meeting.date


@dataclass(eq=False)  # identity: bulletins refer to each other
class Commitment:
    id: str
    text: str
    owner_keys: list[str]
    meeting: Meeting
    partner_keys: list[str] = field(default_factory=list)
    place_keys: list[str] = field(default_factory=list)
    due: PartialDate | None = None
    status_declared: str | None = None  # as made; None: made without a status
    line: int = 0
    # The mapping as written in the file, after validation: an optional field that is
    # only shown and exported reaches templates and exports through it, with no code here.
    data: dict = field(default_factory=dict, repr=False)
    # linked
    original_owners: list[Organization] = field(default_factory=list)  # as made (``owner_keys``)
    owners: list[Organization] = field(default_factory=list)  # now: after the latest hand-over, else as made
    partners: list[Organization] = field(default_factory=list)
    places: list[Locality] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)  # oldest first
    status: str = NO_REPORT  # current: the latest review, else as made, else no report
    overdue: bool = False
    handover: Review | None = None  # the latest review that handed it over
    # Open, every current owner ended before the as-of date, nobody handed it over since: the day the
    # last one ended, and their successors as candidates (never presented as the new owners).
    owners_ended: PartialDate | None = None
    candidates: list[Organization] = field(default_factory=list)

    @property
    def awaiting_handover(self) -> bool:
        return self.owners_ended is not None

    @property
    def current_owner_keys(self) -> list[str]:
        return [o.key for o in self.owners] if self.handover else list(self.owner_keys)

    @property
    def initial_status(self) -> str:
        return self.status_declared or NO_REPORT

    @property
    def reported_status(self) -> str | None:
        """The current status as exported: None when nobody has reported ("Chưa có báo cáo")."""
        return None if self.status == NO_REPORT else self.status

    @property
    def status_label(self) -> str:
        return COMMITMENT_STATUS_LABELS[self.status]

    @property
    def last_review(self) -> Review | None:
        return self.reviews[-1] if self.reviews else None

    @property
    def anchor(self) -> str:
        return routes.commitment_anchor(self.id)

    @property
    def url(self) -> str:
        """Stable link: the commitment's timeline on the page of the meeting that made it."""
        return f"{self.meeting.url}#{self.anchor}"

    @property
    def year(self) -> int:
        return self.meeting.date.year

    @property
    def timeline(self) -> list[TimelineEntry]:
        """Made, each review (with its hand-over), and the day the last owner ended when it waits for a
        hand-over: in date order."""
        entries = [TimelineEntry("made", self.meeting, self.initial_status, owners=self.original_owners)]
        entries += [TimelineEntry("review", r.meeting, r.status, r.note, r.evidence, r.owners) for r in self.reviews]
        if self.owners_ended is not None:
            entries.append(TimelineEntry("ended", None, self.status, when=self.owners_ended, owners=self.owners))
            entries.sort(key=lambda e: (e.date.start, e.kind == "ended"))
        return entries


@dataclass(eq=False)  # identity: bulletins refer to each other
class Meeting:
    """One bulletin. ``src_uri`` is relative to ``docs/`` and fixes the URL."""

    src_uri: str
    title: str
    date: PartialDate
    kind_key: str
    chairs: list[Chair]
    body: str = ""
    date_note: str | None = None
    time: str | None = None
    session: str | None = None  # sang | chieu | toi, when no clock time is known
    status_declared: str | None = None  # as written; None means derived from the date
    location: str | None = None
    organization_keys: list[str] = field(default_factory=list)
    topic_keys: list[str] = field(default_factory=list)
    published: dt.datetime | None = None
    author: str | None = None
    sources: list[Link] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    extra_meta: dict = field(default_factory=dict)  # MkDocs/Material page keys
    date_valid: bool = True  # False when the date did not parse (the build then fails)
    locate: Callable[[tuple], int] = field(default=lambda path: 1, repr=False, compare=False)  # field path -> line
    # The mapping as written in the file, after validation: an optional field that is
    # only shown and exported reaches templates and exports through it, with no code here.
    data: dict = field(default_factory=dict, repr=False)
    # Digests of the file's bytes and of its front matter: what the preview's page cache
    # compares (hooks/portal_hooks.py, mkdocs serve); never shown or exported.
    source_digest: str = field(default="", repr=False)
    front_digest: str = field(default="", repr=False)
    # linked
    kind: MeetingKind | None = None
    organizations: list[Organization] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    status: str = "held"  # as written, else scheduled when the date is ahead, else held
    previous_of_kind: Meeting | None = None
    next_of_kind: Meeting | None = None

    @property
    def key(self) -> str:
        """The file name without ``.md``: stable, ASCII, independent of the title."""
        return self.src_uri.rsplit("/", 1)[-1][:-3]

    @property
    def url(self) -> str:
        """Site-relative URL (directory style), e.g. ``meetings/2020/2020-02-12-x/``."""
        return routes.url_of_source(self.src_uri)

    @property
    def sort_key(self) -> tuple:
        return (self.date.start, self.time or "", self.src_uri)

    @property
    def status_label(self) -> str:
        return MEETING_STATUSES[self.status]

    @property
    def host(self) -> Organization | None:
        """The first body listed organises: "UBND thành phố Thanh Hóa tổ chức Hội nghị …"."""
        return self.organizations[0] if self.organizations else None

    @property
    def moment(self) -> dt.datetime:
        """A timestamp for formats that need one: the meeting's time, else the start of its date period."""
        start = self.date.start
        hour, minute = (int(x) for x in self.time.split(":")) if self.time else (0, 0)
        return dt.datetime(start.year, start.month, start.day, hour, minute, tzinfo=TZ)

    @property
    def start_iso(self) -> str:
        """ISO 8601 start as precise as the bulletin: "2020-02-12T14:00:00+07:00", "2020-02-12" or "2018"."""
        if self.time and self.date.precision == "day":
            return self.moment.isoformat()
        return self.date.iso


@dataclass
class Site:
    """What the loader read. Linking fills its objects in place for one "as of" date, so a Site is
    linked once: a second Portal (another date, say) needs a fresh load."""

    registries: Registries
    meetings: list[Meeting]  # sorted oldest first
    linked_as_of: dt.date | None = None  # set by portal.content.linking.link
