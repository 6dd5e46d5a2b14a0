"""Every machine-readable output, read by the client that reads it, and counted against the source."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import extruct
import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from PIL import Image, ImageChops

from conftest import ROOT, build
from portal.outputs import preview

pytestmark = pytest.mark.slow

SITE_URL = "https://thanhhoa-hoinghi.example.org/"
MEETING_2020 = "hoi-nghi/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/"
SOURCE_MEETINGS = len(list((ROOT / "docs/meetings").rglob("*.md")))
SOURCE_COMMITMENTS = sum(len(re.findall(r"^  - id: ", p.read_text(encoding="utf-8"), re.M))
                         for p in (ROOT / "docs/meetings").rglob("*.md"))


def load_json(site: Path, rel: str):
    return json.loads((site / rel).read_text(encoding="utf-8"))


def test_atom_feeds_parse_cleanly_newest_first(site):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) == SOURCE_MEETINGS
    first = feed.entries[0]
    assert first.link == SITE_URL + MEETING_2020
    assert first.title.startswith("UBND thành phố Thanh Hóa giao ban")
    assert first.published.startswith("2020-02-13T10:10:00")
    assert "Thứ Tư, ngày 12 tháng 2 năm 2020" in first.summary
    # A body's and a topic's feeds are of changes: its meetings, and the commitments it owns or
    # partners in (made, reported), newest first (portal.content.changes).
    for rel, kinds in [("co-quan/ub-mttq-tp/feed.xml", ["meeting"] + ["made"] * 5 + ["meeting"]),
                       ("co-quan/hoi-lhpn-tp/feed.xml", ["meeting", "made"]),
                       ("chu-de/giai-phong-mat-bang/feed.xml", ["meeting"] + ["made"] * 7 + ["meeting"]),
                       ("chu-de/sap-xep-don-vi-hanh-chinh/feed.xml", ["meeting"] + ["made"] * 7)]:
        parsed = feedparser.parse((site / rel).read_bytes())
        assert parsed.bozo == 0 and [e.tags[0].term for e in parsed.entries] == kinds, rel
    camera = feedparser.parse((site / "cam-ket/theo-doi/camera-cong-cong-ba-phuong-2020/feed.xml").read_bytes())
    assert [e.title for e in camera.entries] == ["Cam kết mới: Vận động nhân dân các phường Ba Đình, Lam Sơn, Đông Vệ "
                                                 "lắp đặt camera công cộng để kết nối với…"]  # cut at a word
    assert camera.entries[0].link == SITE_URL + MEETING_2020 + "#cam-ket-camera-cong-cong-ba-phuong-2020"


def test_changes_json_lists_every_change_by_month_for_re_users(site):
    index = load_json(site, "data/changes.json")
    assert [m["month"] for m in index["months"]] == ["2020-02", "2018"]  # 2018: the bulletin gives only the year
    months = {m["month"]: load_json(site, m["url"].replace(SITE_URL, "")) for m in index["months"]}
    assert sum(m["count"] for m in index["months"]) == index["count"] == sum(len(m["changes"]) for m in months.values())
    feb = months["2020-02"]["changes"]
    assert [c["kind"] for c in feb] == ["meeting"] + ["made"] * 7
    assert feb[1]["commitment"] and feb[1]["status"] is None and feb[0]["url"] == SITE_URL + MEETING_2020


def test_json_feeds_follow_json_feed_1_1(site):
    schema = load_json(site, "schema/feed.schema.json")
    for rel in ["feed.json", "co-quan/ub-mttq-tp/feed.json", "chu-de/giai-phong-mat-bang/feed.json"]:
        data = load_json(site, rel)
        assert list(Draft202012Validator(schema).iter_errors(data)) == []
        assert data["feed_url"] == SITE_URL + rel
    items = load_json(site, "feed.json")["items"]
    assert len(items) == SOURCE_MEETINGS
    assert [i["_portal"]["meeting_date"] for i in items] == ["2020-02-12", "2018"]


def test_pages_link_their_feeds(site):
    page = BeautifulSoup((site / "co-quan/ub-mttq-tp/index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {link["href"] for link in page.select("link[rel=alternate]")}
    assert {"feed.xml", "feed.json", "../../feed.xml"} <= hrefs
    assert page.select_one("a[href='meetings.ics']")


def test_calendar_has_an_event_per_dated_meeting(site):
    cal = icalendar.Calendar.from_ical((site / "meetings.ics").read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == 1  # the 2018 review has a year-only date: no event is invented for it
    [event] = events
    assert str(event["UID"]) == "2020-02-12-giao-ban-ub-mttq-va-cac-doan-the@thanhhoa-hoinghi.example.org"
    assert event.decoded("DTSTART").isoformat() == "2020-02-12"  # all day: no clock time in the bulletin
    assert str(event["URL"]) == SITE_URL + MEETING_2020
    assert SITE_URL + MEETING_2020 in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    body = icalendar.Calendar.from_ical((site / "co-quan/hoi-lhpn-tp/meetings.ics").read_bytes())
    assert len(body.walk("VEVENT")) == 1


def test_scheduled_meeting_with_time_is_in_the_calendar(project, tmp_path):
    root = project({"meetings/2027/2027-01-15-giao-ban.md": """
        ---
        title: "Giao ban quý I năm 2027"
        date: 2027-01-15
        time: "14:00"
        location: "Trụ sở UBND thành phố"
        kind: giao-ban
        chairs: [{person: le-anh-xuan}]
        organizations: [tinh-uy]
        ---
        Thông báo.
        """})
    out = tmp_path / "out"
    assert build(root, out).returncode == 0
    cal = icalendar.Calendar.from_ical((out / "meetings.ics").read_bytes())
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("2027-01-15-giao-ban@"))
    start = event.decoded("DTSTART")
    assert (start.isoformat(), str(start.tzinfo)) == ("2027-01-15T14:00:00+07:00", "Asia/Ho_Chi_Minh")
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh" and cal.walk("VTIMEZONE")
    assert str(event["LOCATION"]) == "Trụ sở UBND thành phố"
    page = extruct.extract((out / "hoi-nghi/2027/2027-01-15-giao-ban/index.html").read_text(encoding="utf-8"),
                           syntaxes=["json-ld"])
    [ld] = page["json-ld"]
    assert ld["startDate"] == "2027-01-15T14:00:00+07:00" and ld["eventStatus"].endswith("EventScheduled")
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    upcoming = home.select("#sap-dien-ra ~ ul.meeting-list li")
    assert [li.a.text for li in upcoming] == ["Giao ban quý I năm 2027"]
    assert "Sắp diễn ra" in upcoming[0].get_text()
    assert "Giao ban quý I năm 2027" not in home.select_one("#moi-nhat ~ ul.meeting-list").get_text()


def test_csv_opens_in_excel_with_vietnamese(site):
    raw = (site / "data/commitments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == SOURCE_COMMITMENTS
    camera = next(r for r in rows if r["id"] == "camera-cong-cong-ba-phuong-2020")
    assert camera["text"].startswith("Vận động nhân dân các phường Ba Đình, Lam Sơn, Đông Vệ")
    assert camera["owner_names"] == "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Thanh Hóa; Ban Dân vận Thành ủy Thanh Hóa"
    assert (camera["meeting_date"], camera["status_label"], camera["overdue"], camera["last_review_date"]) == \
        ("2020-02-12", "Chưa có báo cáo", "no", "")


@pytest.mark.parametrize("data", ["meetings", "commitments", "organizations", "people", "topics", "ocd-events"])
def test_exports_validate_against_their_published_schemas(site, data):
    schema = load_json(site, f"schema/{data}.schema.json")
    document = load_json(site, f"data/{data}.json")
    assert list(Draft202012Validator(schema).iter_errors(document)) == []
    assert document["as_of"] == "2026-11-23"


def test_export_counts_equal_the_source(site):
    assert load_json(site, "data/meetings.json")["count"] == SOURCE_MEETINGS
    assert load_json(site, "data/ocd-events.json")["count"] == SOURCE_MEETINGS
    commitments = load_json(site, "data/commitments.json")
    assert commitments["count"] == len(commitments["commitments"]) == SOURCE_COMMITMENTS
    organizations = {o["id"]: o for o in load_json(site, "data/organizations.json")["organizations"]}
    assert len(organizations) == len(list((ROOT / "docs/data/organizations").glob("*.yml")))
    assert organizations["ub-mttq-tp"]["commitments_owned"] == 5
    owned = sum(len(c["owners"]) for c in commitments["commitments"])
    assert sum(o["commitments_owned"] for o in organizations.values()) == owned
    [event] = [e for e in load_json(site, "data/ocd-events.json")["events"] if e["extras"]["meeting_id"].startswith("2020")]
    assert len(event["agenda"]) == 7 and event["status"] == "passed"
    assert [p["note"] for p in event["participants"]][:2] == ["host", "participant"]


def test_bulletin_schema_accepts_the_real_front_matter(site):
    import yaml

    schema = load_json(site, "schema/bulletin.schema.json")
    for path in (ROOT / "docs/meetings").rglob("*.md"):
        front = yaml.load(path.read_text(encoding="utf-8").split("---\n")[1], Loader=yaml.BaseLoader)
        errors = [e for e in Draft202012Validator(schema).iter_errors(front) if e.validator != "type"]
        assert errors == [], path  # BaseLoader reads every scalar as text: types are the loader's job


def test_meeting_and_body_pages_carry_json_ld_and_open_graph(site):
    html = (site / MEETING_2020 / "index.html").read_text(encoding="utf-8")
    data = extruct.extract(html, base_url=SITE_URL + MEETING_2020, syntaxes=["json-ld", "opengraph"], uniform=True)
    [event] = data["json-ld"]
    assert event["@type"] == "Event" and event["startDate"] == "2020-02-12"
    assert event["organizer"]["name"] == "Ủy ban nhân dân thành phố Thanh Hóa"
    assert event["url"] == SITE_URL + MEETING_2020 and event["eventStatus"] == "https://schema.org/EventScheduled"
    [og] = data["opengraph"]
    assert og["og:locale"] == "vi_VN" and og["og:url"] == SITE_URL + MEETING_2020
    assert og["og:description"].startswith("Chiều ngày 12/2/2020")
    assert og["og:image"].endswith("assets/previews/meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the.png")
    body = extruct.extract((site / "co-quan/ban-dan-van-tu/index.html").read_text(encoding="utf-8"),
                           syntaxes=["json-ld"])
    [org] = body["json-ld"]
    assert org["@type"] == "GovernmentOrganization" and org["parentOrganization"]["name"] == "Thành ủy Thanh Hóa"
    assert org["dissolutionDate"] == "2025-06-30"


def is_redirect(path: Path) -> bool:
    """A page at an old address (routes.MOVED): it only sends the reader on."""
    return '<meta name="robots" content="noindex">' in path.read_text(encoding="utf-8")[:600]


def test_every_page_has_social_metadata(site):
    # every public page; the staff editor (/admin/, noindex) and the redirects of old addresses are not
    pages = [p for p in site.rglob("*.html") if p.name != "404.html" and p.parts[len(site.parts)] != "admin"
             and not is_redirect(p)]
    assert len(pages) > 40
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        og = {m["property"]: m["content"] for m in soup.select("meta[property^='og:']")}
        tw = {m["name"]: m["content"] for m in soup.select("meta[name^='twitter:']")}
        assert og.get("og:title") and og.get("og:description") and og.get("og:image"), path
        assert og["og:url"] == soup.select_one("link[rel=canonical]")["href"], path
        assert tw.get("twitter:card") == "summary_large_image", path


def test_a_preview_image_per_meeting(site):
    for bulletin in (ROOT / "docs/meetings").rglob("*.md"):
        rel = bulletin.relative_to(ROOT / "docs").with_suffix(".png")
        with Image.open(site / "assets/previews" / rel) as image:
            image.verify()
        with Image.open(site / "assets/previews" / rel) as image:
            assert image.format == "PNG" and image.size == (1200, 630)
    with Image.open(site / "assets/previews/site.png") as image:
        assert image.size == (1200, 630)


def test_preview_font_covers_vietnamese_and_draws_the_marks():
    known = "Thứ Tư, ngày 12 tháng 2 năm 2020 – Đảng ủy, Hóa, thuỷ, Ỵ, ễ, Ử"
    assert preview.missing_glyphs(known) == []
    assert preview.missing_glyphs("Hội nghị 会议") == ["会", "议"]  # the check can fail
    with_marks = Image.open(io.BytesIO(preview.draw_card("x", "Hóa Đảng", ())))
    without = Image.open(io.BytesIO(preview.draw_card("x", "Hoa Dang", ())))
    assert ImageChops.difference(with_marks, without).getbbox() is not None


def test_sitemap_robots_and_canonical_urls(site):
    index = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and f"<loc>{SITE_URL}sitemaps/sitemap-1.xml</loc>" in index
    sitemap = (site / "sitemaps/sitemap-1.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    # every page but the staff editor (/admin/), which is not for residents, and the old addresses
    assert len(locs) == len([p for p in site.rglob("index.html") if p.parts[len(site.parts)] != "admin"
                             and not is_redirect(p)])
    assert not any("/meetings/" in loc or "/search/" in loc for loc in locs)
    assert SITE_URL + MEETING_2020 in locs and all(loc.startswith(SITE_URL) for loc in locs)
    assert sitemap.count("<lastmod>2026-11-23</lastmod>") == len(locs)
    assert (site / "robots.txt").read_text(encoding="utf-8") == \
        f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"


def test_data_page_lists_every_download(site):
    page = BeautifulSoup((site / "du-lieu/index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in page.select("h2 a")}
    from portal.outputs.fields import EXPORTS
    declared = {e.path for e in EXPORTS} | {e.csv for e in EXPORTS if e.csv} | {"data/ocd-events.json",
                                                                                "data/changes.json"}
    assert links == {"../" + path for path in declared}
    assert {"../data/commitments.csv", "../data/localities.json", "../data/organizations.json"} <= links
    assert all((site / "du-lieu" / link).resolve().is_file() for link in links)
    text = page.get_text(" ")
    assert "CC BY 4.0" in text and "UTF-8 có BOM" in text and "overdue" in text


def test_the_same_card_drawn_at_once_by_several_drawers_gives_one_file(tmp_path):
    """Two pages with the same card text are drawn by one drawer (portal_mkdocs.writers), and two
    drawers of the same card (two builds) never take each other's temporary file: at 50,000
    bulletins a build failed when one renamed the file the other was about to rename."""
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(4, mp_context=context) as pool:
        paths = {f.result() for f in [pool.submit(preview.render_to, str(tmp_path), "Cổng", "Cùng một tiêu đề", ("dòng",))
                                      for _ in range(16)]}
    assert len(paths) == 1
    assert [p.name for p in tmp_path.iterdir()] == [Path(paths.pop()).name]
