"""Build the real content with MkDocs and read the HTML a resident would get."""

from __future__ import annotations

import pytest

import hashlib
import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, SEED_2018, SEED_2020, build, make_project
from portal.contract import routes

pytestmark = pytest.mark.slow

MEETING_2020 = "hoi-nghi/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/index.html"
MEETING_2018 = "hoi-nghi/2018/2018-danh-gia-chuong-trinh-phoi-hop/index.html"


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True))


def test_every_bulletin_has_a_page_and_every_commitment_is_listed(site):
    bulletins = sorted((ROOT / "docs/meetings").rglob("*.md"))
    # At the meeting route's address (the old "meetings/" holds redirect pages).
    pages = sorted(p for p in (site / routes.BY_NAME["meeting"].pattern.partition("{")[0]).rglob("index.html"))
    assert len(bulletins) == len(pages) == 2
    made = sum(len(re.findall(r"^  - id: ", b.read_text(encoding="utf-8"), re.M)) for b in bulletins)
    rows = soup(site, "cam-ket/index.html").select("table[data-tracker] tbody tr")
    assert made == len(rows) == 7


def test_2020_meeting_page_card_and_seven_commitments_with_owners(site):
    page = soup(site, MEETING_2020)
    card = page.select_one(".meeting-card")
    assert "Thứ Tư, ngày 12 tháng 2 năm 2020 (buổi chiều)" in text(card)
    chairs = card.select("ul.chairs li")
    assert [text(li) for li in chairs] == [
        "Lê Anh Xuân – tỉnh ủy viên, Bí thư Thành ủy, Chủ tịch UBND thành phố",
        "Trịnh Thị Hoa – Ủy viên Ban Thường vụ Thành ủy, Trưởng Ban Dân vận, Chủ tịch UB MTTQ thành phố",
    ]
    assert chairs[0].a["href"] == "../../../nguoi/le-anh-xuan/"
    assert "Hội LHPN thành phố" in text(card)
    assert card.find("a", href="../../../chu-de/giai-phong-mat-bang/")
    items = page.select("ol.commitment-list > li.commitment")
    assert len(items) == 7
    owners = [[a.text for a in li.select(".commitment__owners > a.org-link")] for li in items]
    assert owners == [["UB MTTQ thành phố", "Ban Dân vận Thành ủy"]] * 5 + [["Hội LHPN thành phố"], ["Hội Nông dân thành phố"]]
    # the city's bodies ended on 30/06/2025 and nobody handed these over: said as such, on each
    for li in items:
        assert "(kết thúc 30/06/2025)" in text(li.select_one(".commitment__owners"))
        assert li.select_one(".badge--awaiting").text == "Chờ bàn giao"
    assert items[3]["id"] == "cam-ket-camera-cong-cong-ba-phuong-2020"
    assert all(li.select_one(".badge--no-report").text == "Chưa có báo cáo" for li in items)
    # The contract: a commitment nobody reported on never reads "Chưa triển khai".
    assert "Chưa triển khai" not in page.get_text()
    # byline and caption kept as such, not as body paragraphs
    assert text(page.select_one(".byline")) == "Thu Hà"
    assert text(page.select_one(".bulletin-text p.photo-caption")) == "Toàn cảnh hội nghị"
    assert "Thu Hà" not in text(page.select_one(".bulletin-text"))


def test_2018_review_has_a_year_only_date_and_its_note(site):
    card = soup(site, MEETING_2018).select_one(".meeting-card")
    assert "Năm 2018" in text(card) and "Bản tin không nêu ngày họp" in text(card)


def test_tracker_counts_and_static_filter_pages(site):
    page = soup(site, "cam-ket/index.html")
    assert "7 cam kết" in text(page.select_one(".tracker-summary"))
    links = text(page.select_one(".tracker-links"))
    assert "Chưa có báo cáo (7)" in links and "Chưa triển khai (0)" in links and "Hoàn thành (0)" in links and "Quá hạn (0)" in links
    not_started = soup(site, "cam-ket/trang-thai/chua-co-bao-cao/index.html")
    assert len(not_started.select("table[data-tracker] tbody tr")) == 7
    assert soup(site, "cam-ket/trang-thai/hoan-thanh/index.html").select_one("table[data-tracker]") is None
    assert len(soup(site, "cam-ket/nam/2020/index.html").select("table[data-tracker] tbody tr")) == 7
    home = soup(site, "index.html")
    assert text(home.select_one("[data-count=total]")) == "7"
    assert text(home.select_one("[data-count=overdue]")) == "0"


def test_person_page_lists_the_meeting_chaired_with_role(site):
    page = soup(site, "nguoi/le-hong-van/index.html")
    [item] = page.select("#chu-tri ~ ul.meeting-list li")
    assert item.a["href"] == "../../hoi-nghi/2018/2018-danh-gia-chuong-trinh-phoi-hop/"
    assert "Tỉnh ủy viên, Phó bí thư thành ủy, Chủ tịch UBND thành phố" in text(item)


def test_body_page_shows_aliases_validity_chart_and_commitments(site):
    page = soup(site, "co-quan/ub-mttq-tp/index.html")
    aliases = [text(li) for li in page.select("ul.aliases li")]
    assert "Mặt trận tổ quốc" in aliases and "MTTQ" in aliases and "UB MTTQ" in aliases
    assert "đến 30/06/2025" in text(page.select_one(".meeting-card"))
    svg = page.select_one("svg.status-chart")
    assert svg.title and "UB MTTQ thành phố" in svg.title.text
    assert "Chưa có báo cáo: 5" in svg.desc.text
    assert [text(td) for td in page.select("table.breakdown tbody tr td:nth-of-type(2)")] == ["5", "0", "0", "0", "0", "0", "0"]
    assert len(soup(site, "co-quan/ban-dan-van-tu/index.html").select("#cam-ket-chu-tri ~ .tracker-wrap tbody tr")) == 5
    assert len(page.select("#cam-ket-chu-tri ~ .tracker-wrap tbody tr")) == 5
    assert len(soup(site, "co-quan/hoi-lhpn-tp/index.html").select("#hoi-nghi-tham-du ~ ul li")) == 1


def test_nav_does_not_list_bulletins(site):
    nav = soup(site, MEETING_2020).select_one("nav.md-nav--primary")
    assert "meetings/" not in str(nav)
    assert len(nav.select("a.md-nav__link")) < 15


def test_urls_are_ascii_and_archive_lists_by_year(site):
    for path in site.rglob("*.html"):
        assert path.relative_to(site).as_posix().isascii(), path
    page = soup(site, "luu-tru/index.html")
    assert [h.get("id") for h in page.select("h2")] == ["nam-2020", "nam-2018"]


def test_ui_is_vietnamese(site):
    page = soup(site, "index.html")
    assert page.html["lang"] == "vi"
    html = (site / "index.html").read_text(encoding="utf-8")
    for english in ("Initializing search", "Back to top", "Table of contents", ">Tabs<"):
        assert english not in html
    assert "Bỏ qua, đến nội dung chính" in html  # the skip link (Material's "back to top" is off)


def test_heading_anchors_fold_d(project, tmp_path):
    root = project({"gioi-thieu.md": "# Giới thiệu\n\n## Đường bê tông\n"})
    result = build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert 'id="duong-be-tong"' in (tmp_path / "out/gioi-thieu/index.html").read_text(encoding="utf-8")


def test_build_fails_and_lists_every_error(project, tmp_path):
    root = project({"meetings/2021/2021-01-01-loi.md": "---\ntitle: x\ndate: 2021-13-01\nkind: giao\nchairs: []\n---\n"})
    result = build(root, tmp_path / "out")
    assert result.returncode != 0
    err = result.stderr
    assert "docs/meetings/2021/2021-01-01-loi.md:3: date:" in err
    assert "docs/meetings/2021/2021-01-01-loi.md:4: kind: \"giao\" không có trong danh mục loại hội nghị" in err
    assert "docs/meetings/2021/2021-01-01-loi.md:5: chairs: cần ít nhất 1 mục" in err
    assert "3 lỗi, 0 cảnh báo" in err
    assert not (tmp_path / "out/index.html").exists()


def test_metadata_is_escaped_everywhere(project, tmp_path):
    evil = '<script>alert(1)</script></title><b>x'
    text_ = (ROOT / "docs" / SEED_2018).read_text(encoding="utf-8")
    text_ = text_.replace('title: "Đánh giá', f'title: "{evil} Đánh giá').replace(
        'role: "Tỉnh ủy viên', 'role: "<img src=x onerror=alert(2)> Tỉnh ủy viên')
    root = project({SEED_2018: text_})
    out = tmp_path / "out"
    assert build(root, out).returncode == 0
    for path in out.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html, path
    page = soup(out, MEETING_2018)
    assert page.h1.text.startswith(evil)


def test_same_content_and_date_build_the_same_bytes(tmp_path):
    def digest(out: Path) -> dict:
        return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.rglob("*")) if p.is_file()}

    first, second = tmp_path / "a", tmp_path / "b"
    project = make_project(tmp_path / "p")
    assert build(project, first).returncode == 0
    assert build(project, second).returncode == 0
    a, b = digest(first), digest(second)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


REVIEW = """
---
title: "Giao ban năm 2021"
date: 2021-01-20
time: "14:00"
kind: giao-ban
chairs: [{person: le-anh-xuan, role: "Chủ tịch UBND thành phố"}]
commitments:
  - id: viec-moi-2021
    text: "Việc mới có hạn tháng 6/2021."
    owners: [hoi-lhpn-tp]
    due: 2021-06
reviews:
  - commitment: camera-cong-cong-ba-phuong-2020
    status: done
    note: "Đã lắp đặt 120 camera tại 3 phường."
    evidence:
      - title: "Báo cáo số 12"
        url: "https://example.org/bao-cao-12"
---
Nội dung.
"""


def test_a_later_review_shows_on_the_timeline_tracker_and_reviewing_page(project, tmp_path):
    root = project({"meetings/2021/2021-01-20-giao-ban.md": REVIEW})
    out = tmp_path / "out"
    assert build(root, out).returncode == 0
    made = soup(out, MEETING_2020).select_one("#cam-ket-camera-cong-cong-ba-phuong-2020")
    assert made.select_one(".commitment__meta .badge--done")
    entries = [text(li) for li in made.select(".timeline li")]
    assert entries[0].startswith("12/02/2020 Đưa ra tại hội nghị này")
    assert entries[1].startswith("20/01/2021 Rà soát tại Giao ban năm 2021 : Hoàn thành")
    assert "Đã lắp đặt 120 camera tại 3 phường." in entries[1] and "Báo cáo số 12" in entries[1]
    reviewing = soup(out, "hoi-nghi/2021/2021-01-20-giao-ban/index.html")
    assert "lúc 14:00" in text(reviewing.select_one(".meeting-card"))
    [review] = reviewing.select("#ra-soat ~ ol.review-list li")
    assert review.a["href"] == "../../2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/#cam-ket-camera-cong-cong-ba-phuong-2020"
    assert "Hoàn thành" in text(review)
    # previous/next of the same kind link the two giao-ban meetings
    assert reviewing.select_one("a[rel=prev]")["href"] == "../../2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/"
    tracker = soup(out, "cam-ket/index.html")
    row = tracker.select_one("#cam-ket-viec-moi-2021")
    assert row["data-overdue"] == "yes" and row.select_one(".badge--overdue")
    assert "Quá hạn (1)" in text(tracker.select_one(".tracker-links"))
    assert len(soup(out, "cam-ket/qua-han/index.html").select("table[data-tracker] tbody tr")) == 1
    assert text(soup(out, "index.html").select_one("[data-count=overdue]")) == "1"


def test_archive_is_paginated_newest_first(project, tmp_path):
    root = project({"meetings/2021/2021-01-20-giao-ban.md": REVIEW})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("archive_page_size: 50", "archive_page_size: 2"),
                      encoding="utf-8")
    out = tmp_path / "out"
    assert build(root, out).returncode == 0
    first, second = soup(out, "luu-tru/index.html"), soup(out, "luu-tru/trang-2/index.html")
    # Pages are counted from the end (views.paginate): the two oldest on page 2, the newest alone on page 1.
    assert [a.text for a in first.select("a.meeting-item__title")] == ["Giao ban năm 2021"]
    assert [h["id"] for h in second.select("h2")] == ["nam-2020", "nam-2018"]
    assert first.select_one("a[rel=next]")["href"] == "trang-2/"
    assert [a["href"] for a in first.select(".year-jump a")] == ["./#nam-2021", "trang-2/#nam-2020", "trang-2/#nam-2018"]


def test_meeting_url_does_not_follow_the_title(project, tmp_path):
    source = (ROOT / "docs" / SEED_2020).read_text(encoding="utf-8")
    root = project({SEED_2020: source.replace('title: "UBND thành phố', 'title: "Đã sửa tiêu đề: UBND thành phố')})
    out = tmp_path / "out"
    assert build(root, out).returncode == 0
    assert soup(out, MEETING_2020).h1.text.startswith("Đã sửa tiêu đề")


def test_index_of_bodies_by_locality_current_first(site):
    """The index of bodies is by locality: the province and the wards that govern now first, then the
    city that ended (its page says where its area is now); each body once, by its short name, its counts
    beside it."""
    page = soup(site, "co-quan/index.html")
    heads = [text(h) for h in page.select("article h2")]
    assert heads[0].startswith("Tỉnh Thanh Hóa")
    wards = [i for i, h in enumerate(heads) if h.startswith("Phường")]
    city = next(i for i, h in enumerate(heads) if h.startswith("Thành phố Thanh Hóa"))
    assert len(wards) == 7 and max(wards) < city and "(đã kết thúc)" in heads[city]
    links = [a["href"] for a in page.select("article ul.registry-list > li > a")]
    assert len(links) == len(set(links)) == len(list((ROOT / "docs/data/organizations").glob("*.yml")))
    ubnd = next(li for li in page.select("ul.registry-list > li") if text(li).startswith("UBND phường Hạc Thành"))
    assert "hội nghị" in text(ubnd) and "cam kết chủ trì" in text(ubnd)
