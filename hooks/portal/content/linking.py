"""The linking step: after validation, keys become objects and derived facts are set once.

The contract's rules live here: a meeting's default status, a commitment's current status (latest
review by meeting date, else as made, else "no report"), its current owners (the latest review that
handed it over, else as made), whether it waits for a hand-over (open, every current owner ended
before the as-of date), the overdue flag, and the lineage of localities (which units an ended one
became, which old units a current one covers). :func:`link` runs on a site the loader has accepted;
a key that names nothing (which the loader has already reported as an error) links to nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from portal.contract import schema as S
from portal.contract.dates import PartialDate
from portal.content.model import Commitment, Lineage, Locality, Meeting, Organization, Site, status_breakdown


def meeting_status(meeting: Meeting, as_of: dt.date) -> str:
    """As written, else ``scheduled`` when the meeting's date is ahead, else ``held``."""
    if meeting.status_declared:
        return meeting.status_declared
    return "scheduled" if meeting.date.start > as_of else "held"


def is_overdue(due: PartialDate | None, status: str, as_of: dt.date) -> bool:
    """Overdue: the due period has ended before ``as_of`` and the work is still open."""
    return due is not None and due.end < as_of and status in S.OPEN_STATUSES


def has_ended(valid_until: PartialDate | None, as_of: dt.date) -> bool:
    return valid_until is not None and valid_until.end < as_of


def _resolve(entries: dict, keys) -> list:
    return list(dict.fromkeys(entries[k] for k in keys if k in entries))


def active_successors(org: Organization) -> list[Organization]:
    """The bodies that carry an ended body's work today: its successors, and for a successor that
    ended too, that one's successors, and so on (a cycle, refused by the loader, stops the walk)."""
    found, seen, todo = {}, {id(org)}, list(org.successors)
    while todo:
        other = todo.pop(0)
        if id(other) in seen:
            continue
        seen.add(id(other))
        if other.ended:
            todo += other.successors
        else:
            found[id(other)] = other
    return list(found.values())


def _link_registries(site: Site, as_of: dt.date) -> None:
    reg = site.registries
    orgs, people, places = reg.organizations, reg.people, reg.localities
    for place in places.values():
        place.ended = has_ended(place.valid_until, as_of)
        place.parent = places.get(place.parent_key) if place.parent_key else None
        if place.parent:
            place.parent.children.append(place)
        for key, part in place.formed_from_keys:
            source = places.get(key)
            if source is not None and source is not place:
                link = Lineage(source, place, part)
                place.formed_from.append(link)
                source.became.append(link)
    for place in places.values():
        place.covers = _covered(place)
    for org in orgs.values():
        org.ended = has_ended(org.valid_until, as_of)
        org.parent = orgs.get(org.parent_key) if org.parent_key else None
        org.successors = [s for s in _resolve(orgs, org.successor_keys) if s is not org]
        org.locality = places.get(org.locality_key) if org.locality_key else None
    for org in orgs.values():
        if org.parent:
            org.parent.children.append(org)
        for successor in org.successors:
            successor.predecessors.append(org)
        if org.locality:
            org.locality.organizations.append(org)
    for person in people.values():
        for position in person.positions:
            position.organization = orgs.get(position.organization_key) if position.organization_key else None
            if position.organization:
                position.organization.people.append((person, position))


def _covered(place: Locality) -> list[Locality]:
    """The unit and every unit it was made of, at any depth (a ward and its former wards)."""
    found, todo = {id(place): place}, [link.source for link in place.formed_from]
    while todo:
        source = todo.pop()
        if id(source) not in found:
            found[id(source)] = source
            todo += [link.source for link in source.formed_from]
    return list(found.values())


def _owners(commitment: Commitment, as_of: dt.date) -> None:
    """Current owners (after the latest hand-over) and, for an open commitment whose current owners
    have all ended, the day the last one ended and the candidates to take it over."""
    handovers = [r for r in commitment.reviews if r.owners]
    commitment.handover = handovers[-1] if handovers else None
    commitment.owners = list(commitment.handover.owners) if commitment.handover else list(commitment.original_owners)
    owners = commitment.owners
    if commitment.status in S.OPEN_STATUSES and owners and all(o.ended for o in owners):
        commitment.owners_ended = max((o.valid_until for o in owners), key=lambda d: d.end)
        candidates: dict[int, Organization] = {}
        for owner in owners:
            for successor in active_successors(owner):
                candidates.setdefault(id(successor), successor)
        # The successors in whose area the work lies first (a ward that now covers the commitment's places).
        places = {id(unit) for place in commitment.places for unit in place.current}
        commitment.candidates = sorted(candidates.values(),
                                       key=lambda o: not (o.locality is not None and id(o.locality) in places))


def link(site: Site, as_of: dt.date) -> None:
    """Link every reference of ``site`` and set its derived facts for ``as_of``. A site is linked once
    (its objects would otherwise collect every backlink twice): a second call raises ValueError."""
    if site.linked_as_of is not None:
        raise ValueError(f"this site was linked already (as of {site.linked_as_of}); load it again")
    site.linked_as_of = as_of
    _link_registries(site, as_of)
    reg = site.registries
    orgs, people, places = reg.organizations, reg.people, reg.localities

    made = {c.id: c for m in site.meetings for c in m.commitments}
    by_kind: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in site.meetings:  # oldest first: reviews and kind sequences end up in date order
        meeting.kind = reg.meeting_kinds.get(meeting.kind_key)
        meeting.organizations = _resolve(orgs, meeting.organization_keys)
        meeting.topics = _resolve(reg.topics, meeting.topic_keys)
        meeting.status = meeting_status(meeting, as_of)
        for chair in meeting.chairs:
            chair.person = people.get(chair.person_key)
        for commitment in meeting.commitments:
            commitment.original_owners = _resolve(orgs, commitment.owner_keys)
            commitment.partners = _resolve(orgs, commitment.partner_keys)
            commitment.places = _resolve(places, commitment.place_keys)
        for review in meeting.reviews:
            review.owners = _resolve(orgs, review.owner_keys)
            review.commitment = made.get(review.commitment_id)
            if review.commitment is not None:
                review.commitment.reviews.append(review)
        same = by_kind[meeting.kind_key]
        if same:
            meeting.previous_of_kind, same[-1].next_of_kind = same[-1], meeting
        same.append(meeting)

    for meeting in reversed(site.meetings):  # newest first
        for org in meeting.organizations:
            org.meetings.append(meeting)
        for topic in meeting.topics:
            topic.meetings.append(meeting)
        if meeting.kind:
            meeting.kind.meetings.append(meeting)
        for chair in meeting.chairs:
            if chair.person:
                chair.person.chaired.append(chair)
        for commitment in meeting.commitments:
            last = commitment.reviews[-1] if commitment.reviews else None
            commitment.status = (last.status if last and last.status else None) or commitment.initial_status
            commitment.overdue = is_overdue(commitment.due, commitment.status, as_of)
            _owners(commitment, as_of)
            for org in commitment.owners:
                org.owned.append(commitment)
            for org in commitment.original_owners:
                if commitment.handover and org not in commitment.owners:
                    org.handed_over.append(commitment)
            for org in commitment.partners:
                org.partnered.append(commitment)
    for org in orgs.values():
        org.breakdown = status_breakdown(org.owned)
        org.overdue_count = sum(c.overdue for c in org.owned)
        org.awaiting_count = sum(c.awaiting_handover for c in org.owned)
    _link_places(site)


def _link_places(site: Site) -> None:
    """Each unit's meetings (of its bodies), the commitments its bodies own now, and those placed in it
    or in a former unit it covers (a ward's page lists work placed in the wards it was made of)."""
    places = site.registries.localities
    if not places:
        return
    covering: dict[int, list[Locality]] = defaultdict(list)  # a unit -> the units that cover it (itself too)
    for place in places.values():
        for covered in place.covers:
            covering[id(covered)].append(place)
    for place in places.values():
        meetings = {id(m): m for org in place.organizations for m in org.meetings}
        place.meetings = sorted(meetings.values(), key=lambda m: m.sort_key, reverse=True)
    for meeting in reversed(site.meetings):
        for commitment in meeting.commitments:
            owned_in = {id(o.locality): o.locality for o in commitment.owners if o.locality}
            for place in owned_in.values():
                place.owned.append(commitment)
            placed_in = {id(p): p for c in commitment.places for p in covering[id(c)]}
            for place in placed_in.values():
                if id(place) not in owned_in:
                    place.placed.append(commitment)
