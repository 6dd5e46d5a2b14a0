"""The linking step: after validation, keys become objects and derived facts are set once.

The contract's rules live here: a meeting's default status, a commitment's current
status (latest review by meeting date, else as made, else "no report") and the
overdue flag. :func:`link` runs on a site the loader has accepted; a key that names
nothing (which the loader has already reported as an error) links to nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from portal.contract import schema as S
from portal.contract.dates import PartialDate
from portal.content.model import Meeting, Site, status_breakdown


def meeting_status(meeting: Meeting, as_of: dt.date) -> str:
    """As written, else ``scheduled`` when the meeting's date is ahead, else ``held``."""
    if meeting.status_declared:
        return meeting.status_declared
    return "scheduled" if meeting.date.start > as_of else "held"


def is_overdue(due: PartialDate | None, status: str, as_of: dt.date) -> bool:
    """Overdue: the due period has ended before ``as_of`` and the work is still open."""
    return due is not None and due.end < as_of and status in S.OPEN_STATUSES


def _resolve(entries: dict, keys) -> list:
    return [entries[k] for k in keys if k in entries]


def link(site: Site, as_of: dt.date) -> None:
    """Link every reference of ``site`` and set its derived facts for ``as_of``. A site is linked once
    (its objects would otherwise collect every backlink twice): a second call raises ValueError."""
    if site.linked_as_of is not None:
        raise ValueError(f"this site was linked already (as of {site.linked_as_of}); load it again")
    site.linked_as_of = as_of
    reg = site.registries
    orgs, people = reg.organizations, reg.people
    for org in orgs.values():
        org.parent = orgs.get(org.parent_key) if org.parent_key else None
        org.successor = orgs.get(org.successor_key) if org.successor_key else None
    for org in orgs.values():
        if org.parent:
            org.parent.children.append(org)
        if org.successor:
            org.successor.predecessors.append(org)
    for person in people.values():
        for position in person.positions:
            position.organization = orgs.get(position.organization_key) if position.organization_key else None
            if position.organization:
                position.organization.people.append((person, position))

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
            commitment.owners = _resolve(orgs, commitment.owner_keys)
            commitment.partners = _resolve(orgs, commitment.partner_keys)
        for review in meeting.reviews:
            review.commitment = made.get(review.commitment_id)
            if review.commitment is not None:
                review.commitment.reviews.append(review)
        same = by_kind[meeting.kind_key]
        if same:
            meeting.previous_of_kind, same[-1].next_of_kind = same[-1], meeting
        same.append(meeting)

    for meeting in reversed(site.meetings):  # newest first
        for org in dict.fromkeys(meeting.organizations):
            org.meetings.append(meeting)
        for topic in dict.fromkeys(meeting.topics):
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
            for org in dict.fromkeys(commitment.owners):
                org.owned.append(commitment)
            for org in dict.fromkeys(commitment.partners):
                org.partnered.append(commitment)
    for org in orgs.values():
        org.breakdown = status_breakdown(org.owned)
        org.overdue_count = sum(c.overdue for c in org.owned)
