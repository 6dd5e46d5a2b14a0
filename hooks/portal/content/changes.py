"""What changed, and when: the record residents follow ("Thay đổi gần đây", the feeds,
``data/changes.json``).

Every change happened at a meeting and is dated by it: a new meeting; a commitment made
there; a review there (a status reported, changed or confirmed); a hand-over there (a review
naming new ``owners``, when the model has them). Derived from the linked model, never typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.content.model import Commitment, Meeting

FILE = "data/changes.json"  # the index of months, for re-users (portal.site.follow)
MONTH_FILE = "data/changes/{month}.json"

# The data page's description of the two files (its field tables).
CATALOG = (
    {"path": FILE, "format": "JSON", "schema": None,
     "title": "Những gì đã thay đổi, theo tháng: danh sách các tháng (mới nhất trước), mỗi tháng với số thay đổi, "
              "ngày gần nhất và tệp của tháng đó. Muốn biết có gì mới từ một ngày: tải tệp này, rồi tệp của các "
              "tháng từ tháng của ngày đó trở đi, và giữ những thay đổi có ngày từ ngày đó.",
     "fields": [("months[].month", "chuỗi", "tháng, YYYY-MM; YYYY với hội nghị chỉ biết năm"), ("months[].count", "số nguyên", "số thay đổi"),
                ("months[].latest", "chuỗi", "ngày của thay đổi gần nhất trong tháng"),
                ("months[].url", "chuỗi", "địa chỉ tệp của tháng: data/changes/YYYY-MM.json (YYYY.json: chỉ biết năm)")]},
    {"path": MONTH_FILE.format(month="YYYY-MM"), "format": "JSON", "schema": None, "pattern": True,
     "title": "Các thay đổi của một tháng, mới nhất trước.",
     "fields": [("changes[].date", "chuỗi", "ngày hội nghị ghi nhận thay đổi (YYYY-MM-DD, hoặc YYYY-MM, YYYY)"),
                ("changes[].kind", "chuỗi", "meeting: hội nghị mới; made: cam kết mới; status: đổi trạng thái; "
                                            "review: rà soát, giữ trạng thái; handover: giao lại"),
                ("changes[].meeting", "chuỗi", "mã bản tin của hội nghị"),
                ("changes[].commitment", "chuỗi hoặc null", "mã cam kết (null với hội nghị mới)"),
                ("changes[].status", "chuỗi hoặc null", "trạng thái báo cáo (null: chưa có báo cáo)"),
                ("changes[].previous_status", "chuỗi hoặc null", "trạng thái trước đó"),
                ("changes[].owners", "danh sách chuỗi", "giao lại: mã các cơ quan nhận"),
                ("changes[].url", "chuỗi", "trang hội nghị hoặc dòng thời gian của cam kết")]},
)

KINDS = {"meeting": "Hội nghị mới", "made": "Cam kết mới", "review": "Rà soát", "status": "Đổi trạng thái",
         "handover": "Giao lại"}


@dataclass(eq=False)
class Change:
    kind: str  # a key of KINDS
    meeting: Meeting  # where it happened: its date is the change's date
    commitment: Commitment | None = None
    status: str | None = None  # reported at this meeting (made: as made)
    previous: str | None = None  # the status before (review, status)
    owners: list = field(default_factory=list)  # handover: the new owners
    order: int = 0  # newest first: the meeting, then what it made, then what it reviewed

    @property
    def date(self):
        return self.meeting.date

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def key(self) -> str:
        """Stable: the same change has the same key in every build (feeds' entry ids)."""
        return f"{self.kind}-{self.meeting.key}" + (f"-{self.commitment.id}" if self.commitment else "")

    @property
    def url(self) -> str:
        return self.commitment.url if self.commitment else self.meeting.url


class ChangeLog:
    """Every change of a linked site, newest first, and the changes of any set of meetings and
    commitments (a body's, a topic's, one commitment's), each computed once."""

    def __init__(self, meetings_newest: list[Meeting]):
        self.by_meeting: dict[int, list[Change]] = {}
        self.by_commitment: dict[int, list[Change]] = {}
        self.all: list[Change] = []
        for m in meetings_newest:
            here = [Change("meeting", m)]
            for c in m.commitments:
                here.append(Change("made", m, c, c.initial_status))
            for r in m.reviews:
                c = r.commitment
                if c is None:
                    continue
                before = _status_before(c, r)
                kind = "review" if r.status == before else "status"
                here.append(Change(kind, m, c, r.status, before))
                owners = getattr(r, "owners", None)
                if owners:
                    here.append(Change("handover", m, c, r.status, before, list(owners)))
            for change in here:
                change.order = len(self.all)
                self.all.append(change)
                if change.commitment is None:
                    self.by_meeting.setdefault(id(m), []).append(change)
                else:
                    self.by_commitment.setdefault(id(change.commitment), []).append(change)

    def of(self, meetings=(), commitments=()) -> list[Change]:
        """The changes of these meetings and these commitments, newest first."""
        found = {}
        for m in meetings:
            for change in self.by_meeting.get(id(m), ()):
                found[id(change)] = change
        for c in commitments:
            for change in self.by_commitment.get(id(c), ()):
                found[id(change)] = change
        return sorted(found.values(), key=lambda change: change.order)


def _status_before(c: Commitment, review) -> str:
    status = c.initial_status
    for r in c.reviews:
        if r is review:
            break
        status = r.status
    return status
