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
# "Theo dõi": the links to what is published beside a page (routes.py: Route.follow), by file, in
# residents' words (no format names). A file not listed here (feed.json) is for machines only.
FOLLOW = {"feed.xml": "Theo dõi thay đổi (ứng dụng đọc tin)", "meetings.ics": "Thêm lịch hội nghị",
          "han.ics": "Thêm các hạn vào lịch"}
FOLLOW_HOW = "Nhận qua e-mail?"
AWAITING = "Chờ bàn giao"  # open, every owner ended, nobody handed it over (the contract's wording to residents)
LOCALITY_LEVEL = LOCALITY_LEVELS
# The kinds of bodies the registry uses (``kind`` is free text: another kind shows as written), in the
# order the index of bodies lists them within a locality.
ORG_KIND = {"chinh-quyen": "Chính quyền", "dang": "Tổ chức Đảng", "mat-tran": "Mặt trận Tổ quốc",
            "doan-the": "Đoàn thể chính trị - xã hội", "co-quan-chuyen-mon": "Cơ quan chuyên môn"}
NO_LOCALITY = "Chưa ghi địa bàn"
# The review sheet beside the tracker, a body's and a locality's page (routes.SHEETS), for staff.
SHEET = "Tải bảng rà soát"
SHEET_HINT = "cam kết còn mở, mỗi dòng một cam kết, có cột trống để ghi kết quả hội nghị rà soát"


def client_labels() -> dict:
    """What the browser scripts need, as JSON."""
    return {"status": COMMITMENT_STATUS, "overdue": OVERDUE, "noDueDate": NO_DUE_DATE, "awaiting": AWAITING}
