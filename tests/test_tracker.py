"""The tracker's domain (hooks/portal/site/tracker.py) and the plain text of bulletins (plaintext.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from portal.contract import routes

from portal.site import tracker
from portal.content.loader import load_site
from portal.content.plaintext import drop_repeated_title, first_paragraph, paragraphs, plain_text
from portal.content.views import Portal

MEETING = """
---
title: "Giao ban 2024"
date: 2024-03-05
kind: giao-ban
chairs: [{person: le-anh-xuan}]
commitments:
  - id: qua-han-cu
    text: "Quá hạn từ lâu."
    owners: [hoi-lhpn-tp]
    due: 2024-06
  - id: qua-han-moi
    text: "Quá hạn gần đây."
    owners: [hoi-lhpn-tp]
    due: 2026-10-31
    status: in-progress
  - id: sap-den-han
    text: "Sắp đến hạn."
    owners: [hoi-lhpn-tp]
    due: 2027-01-15
  - id: den-han-sau
    text: "Đến hạn sau."
    owners: [hoi-lhpn-tp]
    due: 2028
  - id: da-xong
    text: "Đã xong."
    owners: [hoi-lhpn-tp]
    due: 2024-12-31
    status: done
reviews:
  - commitment: camera-cong-cong-ba-phuong-2020
    status: done
---
Text.
"""


@pytest.fixture
def portal(project):
    root = project({"meetings/2024/2024-03-05-giao-ban.md": MEETING})
    site, report = load_site(root / "docs")
    assert report.errors == []
    return Portal(site, dt.date(2026, 11, 23))


def test_default_order_puts_fresh_lapses_first_then_what_falls_due_next(portal):
    order = [v.id for v in tracker.ordered(portal.commitments)]
    # 1. overdue, most recently lapsed first; 2. open with a due date, soonest first;
    # 3. open without one, newest meeting first; 4. closed, latest report first.
    assert order[:4] == ["qua-han-moi", "qua-han-cu", "sap-den-han", "den-han-sau"]
    open_no_due = order[4:10]
    assert len(open_no_due) == 6 and all(portal.commitment(i).status == "no-report" for i in open_no_due)
    assert order[10:] == ["camera-cong-cong-ba-phuong-2020", "da-xong"]  # reported 2024-03-05, then never reviewed
    assert sorted(order) == sorted(v.id for v in portal.commitments)


def test_other_sorts(portal):
    by_due = [v.id for v in tracker.ordered(portal.commitments, "han")]
    assert by_due[:5] == ["qua-han-cu", "da-xong", "qua-han-moi", "sap-den-han", "den-han-sau"]
    assert all(portal.commitment(i).due is None for i in by_due[5:])
    by_meeting = [v.meeting.date.iso for v in tracker.ordered(portal.commitments, "hoi-nghi")]
    assert by_meeting == sorted(by_meeting, reverse=True)


def test_a_meetings_commitments_keep_the_bulletins_order_in_every_sort(portal):
    seed = next(m for m in portal.meetings if m.key.startswith("2020-02-12"))
    made = [c.id for c in seed.commitments if not c.reviews]  # the same status and no due date: tied
    assert len(made) == 6 and sorted(made) != made  # the bulletin's order is not the ids': the test can fail
    for sort in tracker.SORTS:
        shown = [v.id for v in tracker.ordered(portal.commitments, sort.key) if v.id in made]
        assert shown == made, sort.key


def test_each_sort_is_defined_once_and_the_index_carries_its_ranks(portal):
    data = json.loads(tracker.data_files(portal)[tracker.data_url()])
    for sort in tracker.SORTS:
        deltas = data["orders"].get(sort.key, [0] + [1] * (data["count"] - 1))  # "hội nghị": the position itself
        order = [sum(deltas[:k + 1]) for k in range(len(deltas))]
        assert [portal.commitments[i].id for i in order] == [c.id for c in tracker.ordered(portal.commitments, sort.key)]
    assert data["default_sort"] == "uu-tien" and "hoi-nghi" not in data["orders"]
    assert not hasattr(tracker, "by_due") and not hasattr(tracker, "by_meeting")


def test_the_index_holds_filter_values_not_text_and_each_value_its_static_list(portal):
    raw = tracker.data_files(portal)[tracker.data_url()]
    assert "Quá hạn gần đây" not in raw and "<" not in raw  # no text, no markup: the rows are the pages'
    data = json.loads(raw)
    facets = {f["param"]: f for f in data["facets"]}
    assert list(facets) == ["trang-thai", "co-quan", "nam", "chu-de"]
    status = facets["trang-thai"]
    keys = [v[0] for v in status["values"]]
    assert keys == ["chua-co-bao-cao", "chua-trien-khai", "dang-thuc-hien", "cham-tien-do", "hoan-thanh",
                    "hoan-thanh-mot-phan", "khong-hoan-thanh", "qua-han", "cho-ban-giao"]
    assert [v[1] for v in status["values"][-2:]] == ["cam-ket/qua-han/", "cam-ket/cho-ban-giao/"]
    assert status["values"][2][1] == "cam-ket/trang-thai/dang-thuc-hien/"
    i = [c.id for c in portal.commitments].index("qua-han-moi")
    # in progress, overdue, and its owner (Hội LHPN thành phố) ended on 30/06/2025 with nobody handed it
    assert status["of"][i] == [keys.index("dang-thuc-hien"), keys.index("qua-han"), keys.index("cho-ban-giao")]
    owners = facets["co-quan"]
    assert dict((v[0], v[1]) for v in owners["values"])["hoi-lhpn-tp"] == "co-quan/hoi-lhpn-tp/cam-ket/"
    for facet in data["facets"]:  # each value's count is its members'
        for n, value in enumerate(facet["values"]):
            members = [of for of in facet["of"] if of == n or (isinstance(of, list) and n in of)]
            assert len(members) == value[2]
    texts = json.loads(tracker.data_files(portal)[tracker.data_url(tracker.TEXT_FILE)])
    assert texts[i] == "qua han gan đay.".replace("đ", "d")


@pytest.mark.parametrize("count,size,expected", [(0, 50, [0]), (1, 50, [1]), (50, 50, [50]), (51, 50, [51]),
                                                 (74, 50, [74]), (75, 50, [25, 50]), (120, 50, [70, 50]),
                                                 (125, 50, [25, 50, 50]), (1, 1, [1]), (2, 1, [1, 1]),
                                                 (3, 2, [1, 2]), (4, 2, [2, 2])])
def test_paginate(count, size, expected):
    assert [len(page) for page in tracker.paginate(list(range(count)), size)] == expected
    assert sum(tracker.paginate(list(range(count)), size), []) == list(range(count))


@pytest.mark.parametrize("size", [1, 2, 3, 7, 50])
def test_a_row_added_at_the_top_changes_the_first_page_only_until_it_splits(size):
    """Pages are counted from the end: the build cache reuses every page but the first (issue 23)."""
    for count in range(0, 6 * size):
        before = tracker.paginate(list(range(count)), size)
        after = tracker.paginate([-1] + list(range(count)), size)
        assert all(len(page) == size for page in after[1:])
        assert min(count + 1, max(1, size // 2)) <= len(after[0]) < size + max(1, size // 2)
        if len(after) == len(before):
            assert after[1:] == before[1:]


def test_paginate_refuses_a_page_of_nothing():
    with pytest.raises(ValueError):
        tracker.paginate([1], 0)


def test_page_urls_and_links(portal):
    assert routes.paged(routes.url("tracker"), 1) == "cam-ket/"
    assert routes.paged(routes.url("tracker"), 3) == "cam-ket/trang-3/"
    assert routes.paged(routes.url("overdue"), 2) == "cam-ket/qua-han/trang-2/"
    rows = (portal.commitments * 3)[:10]
    pages = tracker.pages(routes.url("status", key="no-report"), rows, size=4)
    assert [p.url for p in pages] == ["cam-ket/trang-thai/chua-co-bao-cao/", "cam-ket/trang-thai/chua-co-bao-cao/trang-2/",
                                      "cam-ket/trang-thai/chua-co-bao-cao/trang-3/"]
    assert pages[0].prev_url is None and pages[0].next_url == pages[1].url
    assert pages[2].prev_url == pages[1].url and pages[2].next_url is None
    # Counted from the end: 2 rows on the first page, then 4 and 4.
    assert [p.first_index for p in pages] == [0, 2, 6] and {p.total for p in pages} == {10}
    assert [v.id for p in pages for v in p.rows] == [v.id for v in tracker.ordered(rows)]
    assert [n for n, _ in pages[1].links] == [1, 2, 3]


# --- plain text of a bulletin ---------------------------------------------------------

BODY = """# Hội nghị giao ban **tháng 3**

![Toàn cảnh](anh.jpg)
Toàn cảnh hội nghị
{: .photo-caption }

Chiều ngày 12/2, [UBND](https://x.vn/a_(b)) tổ chức *hội nghị* về `VSMT`, __an toàn__ <b>giao thông</b> &amp; snake_case.

- mục một
- mục **hai**

> trích dẫn \\*không\\* nghiêng

| Cột | Số |
|-----|---:|
| a   | 1  |

Tiêu đề phụ
-----------
"""


def test_paragraphs_are_plain_text_with_their_kind():
    assert [(p.kind, p.text) for p in paragraphs(BODY)] == [
        ("heading", "Hội nghị giao ban tháng 3"),
        ("caption", "Toàn cảnh hội nghị"),
        ("text", "Chiều ngày 12/2, UBND tổ chức hội nghị về VSMT, an toàn giao thông & snake_case."),
        ("text", "mục một"), ("text", "mục hai"), ("text", "trích dẫn *không* nghiêng"),
        ("text", "Cột Số a 1"), ("heading", "Tiêu đề phụ"),
    ]
    assert "#" not in plain_text(BODY) and "**" not in plain_text(BODY) and "{:" not in plain_text(BODY)


def test_first_paragraph_skips_headings_and_captions_and_cuts_at_a_word():
    assert first_paragraph(BODY, 40) == "Chiều ngày 12/2, UBND tổ chức hội nghị…"
    assert first_paragraph("# Only a title\n") == ""


def test_a_first_heading_repeating_the_title_goes_and_nothing_else_does():
    title = "Hội nghị giao ban tháng 3"
    assert not drop_repeated_title(BODY, title).lstrip().startswith("#")
    assert drop_repeated_title("# HOI NGHI giao ban thang 3.\n\nText.\n", title) == "\nText.\n"
    assert drop_repeated_title("Hội nghị giao ban tháng 3\n===\n\nText.\n", title) == "\nText.\n"
    for body in ("# Another headline\n\nText.\n", "Text first.\n\n# Hội nghị giao ban tháng 3\n",
                 "## Hội nghị giao ban tháng 3\n\nText.\n"):
        assert drop_repeated_title(body, title) == body
