"""The contract's rules: default meeting status, current status, overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.content.loader import load_site
from portal.content.views import Portal

REVIEW_2021 = """
---
title: "Giao ban 2021"
date: 2021-01-20
kind: giao-ban
chairs: [{person: le-anh-xuan}]
commitments:
  - id: viec-moi-2021
    text: "Việc mới có hạn."
    owners: [hoi-lhpn-tp]
    due: 2021-06
  - id: viec-khong-han-2021
    text: "Việc không hạn."
    owners: [hoi-lhpn-tp]
    status: in-progress
reviews:
  - commitment: camera-cong-cong-ba-phuong-2020
    status: in-progress
    note: "Đã lắp 40 camera."
  - commitment: chuoi-cua-hang-vsattp-2020
    status: stalled
---
Text.
"""
REVIEW_2022 = """
---
title: "Giao ban 2022"
date: 2022-01-18
kind: giao-ban
chairs: [{person: le-anh-xuan}]
reviews:
  - commitment: camera-cong-cong-ba-phuong-2020
    status: done
    note: "Đã lắp 120 camera tại 3 phường."
    evidence:
      - title: "Báo cáo số 12"
        url: "https://example.org/bao-cao-12"
---
Text.
"""
SCHEDULED = """
---
title: "Giao ban sắp tới"
date: 2027-01-15
time: "08:00"
kind: giao-ban
chairs: [{person: le-anh-xuan}]
---
Text.
"""


def portal(project, as_of="2026-11-23"):
    root = project({"meetings/2022/2022-01-18-giao-ban.md": REVIEW_2022,
                    "meetings/2021/2021-01-20-giao-ban.md": REVIEW_2021,
                    "meetings/2027/2027-01-15-giao-ban.md": SCHEDULED})
    site, report = load_site(root / "docs")
    assert report.errors == []
    return Portal(site, dt.date.fromisoformat(as_of))


def test_current_status_is_the_latest_review_by_meeting_date(project):
    p = portal(project)
    camera = p.commitment("camera-cong-cong-ba-phuong-2020")
    assert camera.status == "done"
    assert [(e.kind, e.date.iso, e.status) for e in camera.timeline] == [
        ("made", "2020-02-12", "no-report"), ("review", "2021-01-20", "in-progress"), ("review", "2022-01-18", "done")]
    assert camera.timeline[2].evidence[0].url == "https://example.org/bao-cao-12"
    assert p.commitment("chuoi-cua-hang-vsattp-2020").status == "stalled"
    assert p.commitment("viec-khong-han-2021").status == "in-progress"
    assert p.commitment("de-an-bhxh-bhyt-tu-nguyen-2020").status == "no-report"


def test_overdue_needs_a_past_due_date_and_open_status(project):
    p = portal(project)
    # due 06/2021, made without a status and never reviewed: no report, and still overdue
    assert p.commitment("viec-moi-2021").status == "no-report"
    assert p.commitment("viec-moi-2021").overdue
    assert not p.commitment("viec-khong-han-2021").overdue  # no due date: never overdue
    assert not p.commitment("camera-cong-cong-ba-phuong-2020").overdue
    assert [v.id for v in p.overdue] == ["viec-moi-2021"]
    early = portal(project, as_of="2021-06-30")  # the last day of the due month is not past yet
    assert not early.commitment("viec-moi-2021").overdue
    assert portal(project, as_of="2021-07-01").commitment("viec-moi-2021").overdue


def test_meeting_status_defaults_from_date(project):
    p = portal(project)
    scheduled = p.meeting_by_src("meetings/2027/2027-01-15-giao-ban.md")
    assert scheduled.status == "scheduled" and scheduled.status_label == "Sắp diễn ra"
    assert [m.title for m in p.upcoming] == ["Giao ban sắp tới"]
    assert p.meeting_by_src("meetings/2021/2021-01-20-giao-ban.md").status == "held"
    assert scheduled not in p.latest(10)
    later = portal(project, as_of="2027-02-01")
    assert later.meeting_by_src("meetings/2027/2027-01-15-giao-ban.md").status == "held"


def test_previous_and_next_of_same_kind(project):
    p = portal(project)
    m2020 = p.meeting_by_src("meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the.md")
    m2021 = p.meeting_by_src("meetings/2021/2021-01-20-giao-ban.md")
    assert m2021.previous_of_kind is m2020 and m2020.next_of_kind is m2021
    assert m2020.previous_of_kind is None  # the 2018 review is another kind


def test_breakdown_counts_every_commitment(project):
    p = portal(project)
    counts = {s.key: s.count for s in p.breakdown}
    assert sum(counts.values()) == len(p.commitments) == 9
    assert counts == {"no-report": 6, "not-started": 0, "in-progress": 1, "stalled": 1, "done": 1, "partly-done": 0, "not-done": 0}


def test_organizations_are_linked(project):
    p = portal(project)
    v = p.organizations["ub-mttq-tp"]
    assert len(v.owned) == 5 and len(v.meetings) == 2
    assert [o.key for o in p.organizations["thanh-uy"].children] == ["ban-dan-van-tu", "ban-thuong-vu-tu"]  # registry order: one file per entry, in key order
    assert [c.id for c in p.organizations["phong-tnmt-tp"].partnered] == ["vsmt-tuyen-duong-sach-dep-2020"]
    # Keys became objects: a commitment's owners, a meeting's kind and chairs, a review's commitment.
    camera = p.commitment("camera-cong-cong-ba-phuong-2020")
    assert camera.owners[0] is v and camera in v.owned
    assert camera.meeting.kind is p.kinds["giao-ban"] and camera.meeting in p.kinds["giao-ban"].meetings
    assert camera.meeting.chairs[0].person is p.people["le-anh-xuan"]
    assert [r.meeting.date.iso for r in camera.reviews] == ["2021-01-20", "2022-01-18"]
    assert all(r.commitment is camera for r in camera.reviews)
    assert camera.last_review.meeting.reviews[0] is camera.reviews[-1]


def test_a_site_is_linked_once(project):
    """Linking fills the loaded objects in place: a second Portal on the same site would list every
    meeting twice on each body's page, so it is refused; a fresh load links again."""
    root = project()
    site, _ = load_site(root / "docs")
    first = Portal(site, dt.date(2026, 11, 23))
    ubnd = first.organizations["ubnd-tp"]
    meetings = len(ubnd.meetings)
    with pytest.raises(ValueError, match="linked already"):
        Portal(site, dt.date(2027, 1, 1))
    assert len(ubnd.meetings) == meetings
    again, _ = load_site(root / "docs")
    assert len(Portal(again, dt.date(2027, 1, 1)).organizations["ubnd-tp"].meetings) == meetings
