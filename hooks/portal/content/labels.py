"""Every label shown to residents that more than one place draws: one table.

Templates receive this module as ``labels``; the browser scripts receive
:func:`client_labels` in their page's JSON configuration, so a label is written once.
Status names are the contract's (:mod:`portal.schema`).
"""

from __future__ import annotations

from portal.contract.schema import COMMITMENT_STATUS_LABELS, LOCALITY_LEVELS, MEETING_STATUSES, SESSIONS

COMMITMENT_STATUS = COMMITMENT_STATUS_LABELS
MEETING_STATUS = MEETING_STATUSES
SESSION = SESSIONS
OVERDUE = "Quá hạn"
NO_DUE_DATE = "Bản tin không nêu"
ENDED = "Đã kết thúc"
AWAITING = "Chờ bàn giao"  # open, every owner ended, nobody handed it over (the contract's wording to residents)
LOCALITY_LEVEL = LOCALITY_LEVELS
# The links to what is published beside a page (routes.py: Route.follow), by file.
FOLLOW = {"feed.xml": "Nguồn tin Atom", "feed.json": "JSON Feed", "meetings.ics": "Lịch hội nghị (.ics)"}


def client_labels() -> dict:
    """What the browser scripts need, as JSON."""
    return {"status": COMMITMENT_STATUS, "overdue": OVERDUE, "noDueDate": NO_DUE_DATE, "awaiting": AWAITING}
