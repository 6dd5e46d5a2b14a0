"""The tracker on a 300-bulletin archive, in a real browser: the first phone screen, filters
against the static pages, rows the script shows equal to the build's, what the first filter
downloads, text without tone marks, sorts, the URL, no-JS pages, print, paginated body pages,
old addresses, and a followed filter's feed."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from types import SimpleNamespace
from urllib.parse import quote

import feedparser

import pytest
from playwright.sync_api import expect

from conftest import watched_page
from portal.content.loader import load_site
from portal.content.views import Portal, first_page_rows
from portal.contract.text import fold
from portal.site import tracker
from scripts.dev.screenshot import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


ROWS = "table[data-tracker] tbody tr"
PAGE_SIZE = 50


@pytest.fixture(scope="module")
def big(big_site):
    server = serve(str(big_site))
    yield big_site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def data(big_site):
    """The archive's commitments as Python orders them (the reference the browser is held to):
    ``rows`` in the default order, each with id, text, owners, topics, status, overdue, due end,
    meeting date; ``sorted(key)`` in any sort."""
    site, report = load_site(big_site.parent / "project" / "docs")
    assert report.errors == []
    portal = Portal(site, dt.date(2026, 11, 23))

    def row(c):
        return SimpleNamespace(id=c.id, text=c.text, owners=[o.key for o in c.owners],
                               topics=[t.key for t in c.meeting.topics], status=c.status, overdue=c.overdue,
                               due=c.due.end.isoformat() if c.due else None, meeting=c.meeting.date.iso, year=c.year)
    return SimpleNamespace(rows=[row(c) for c in tracker.ordered(portal.commitments)], portal=portal,
                           sorted=lambda key: [row(c) for c in tracker.ordered(portal.commitments, key)])


@pytest.fixture
def phone(browser):
    context, page = watched_page(browser, viewport={"width": 390, "height": 844})
    yield page
    context.close()
    assert page.errors == []


def more_rows(page) -> None:
    """Press "Xem thêm cam kết" until every row is shown (each press fetches the next rows)."""
    more = page.locator("[data-tracker-more]")
    table = page.locator("table[data-tracker]")
    expect(table).not_to_have_attribute("aria-busy", "true")
    while more.is_visible():
        more.click()
        expect(table).not_to_have_attribute("aria-busy", "true")


def shown_ids(page) -> list[str]:
    return page.locator(ROWS + ":visible").evaluate_all("rows => rows.map(r => r.id.replace('cam-ket-', ''))")


def static_ids(page, base, path) -> list[str]:
    """Every row of a static list, following its "next page" links as a reader without JS does."""
    ids = []
    page.goto(base + path)
    while True:
        ids += page.locator(ROWS).evaluate_all("rows => rows.map(r => r.id.replace('cam-ket-', ''))")
        following = page.locator("a.pager__next")
        if not following.count():
            return ids
        # To the next page and wait for it (a click returns before the new page is there: on a
        # loaded machine the loop read an empty document and stopped after the first page).
        page.goto(following.evaluate("a => a.href"))


def test_first_page_is_bounded_and_its_first_screen_shows_commitments(phone, big, data):
    site, base = big
    assert len(data.rows) > 300
    assert (site / "cam-ket/index.html").stat().st_size < 150_000
    phone.goto(base + "cam-ket/")
    first_page = first_page_rows(len(data.rows), PAGE_SIZE)  # pages are counted from the end
    assert PAGE_SIZE // 2 <= first_page < PAGE_SIZE + PAGE_SIZE // 2
    expect(phone.locator(ROWS)).to_have_count(first_page)
    expect(phone.locator("form[data-tracker-filter]")).to_be_hidden()
    first = phone.locator(ROWS).first.bounding_box()
    assert first["y"] + 60 < 844, first  # a commitment's text on the first screen
    summary = phone.locator(".tracker-summary")
    overdue = sum(r.overdue for r in data.rows)
    no_report = sum(r.status == "no-report" for r in data.rows)
    expect(summary).to_contain_text(f"{len(data.rows)} cam kết: {overdue} quá hạn, {no_report} chưa có báo cáo")
    # The default order: the first page is the head of the whole ordered list, overdue first.
    assert shown_ids(phone) == [r.id for r in data.rows[:first_page]]
    assert data.rows[0].overdue


def test_static_pages_hold_every_commitment_once_in_order(browser, big, data):
    _, base = big
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    assert static_ids(page, base, "cam-ket/") == [r.id for r in data.rows]
    overdue = static_ids(page, base, "cam-ket/qua-han/")
    assert overdue == [r.id for r in data.rows if r.overdue] and len(overdue) > PAGE_SIZE
    page.goto(base + "cam-ket/qua-han/trang-2/")
    expect(page.locator("h1")).to_have_text("Cam kết quá hạn – trang 2")
    expect(page.locator(".tracker-summary")).to_contain_text("Trang 2/")
    context.close()


@pytest.mark.parametrize("query,static", [("trang-thai=hoan-thanh", "cam-ket/trang-thai/hoan-thanh/"),
                                          ("trang-thai=chua-co-bao-cao", "cam-ket/trang-thai/chua-co-bao-cao/"),
                                          ("trang-thai=qua-han", "cam-ket/qua-han/"),
                                          ("nam=2015", "cam-ket/nam/2015/")])
def test_filters_agree_with_the_static_pages(browser, phone, big, query, static):
    _, base = big
    context = browser.new_context(java_script_enabled=False)
    expected = static_ids(context.new_page(), base, static)
    context.close()
    phone.goto(base + "cam-ket/?" + query)
    expect(phone.locator("[data-tracker-count]")).to_contain_text(f"Tìm thấy {len(expected)}/")
    more_rows(phone)
    expect(phone.locator(ROWS + ":visible")).to_have_count(len(expected))
    assert shown_ids(phone) == expected  # the same rows in the same order


def test_owner_and_topic_filters(phone, big, data):
    _, base = big
    owner = data.rows[0].owners[0]
    topic = data.rows[0].topics[0]
    expected = [r.id for r in data.rows if owner in r.owners and topic in r.topics]
    phone.goto(base + "cam-ket/")
    phone.get_by_text("Lọc, tìm và sắp xếp").click()
    phone.get_by_label("Cơ quan chủ trì").select_option(owner)
    phone.get_by_label("Chủ đề").select_option(topic)
    expect(phone.locator("[data-tracker-count]")).to_contain_text(f"Tìm thấy {len(expected)}/")
    assert shown_ids(phone) == expected[:PAGE_SIZE]
    assert f"co-quan={owner}" in phone.url and f"chu-de={topic}" in phone.url


def test_text_box_ignores_tone_marks_and_d(phone, big, data):
    _, base = big
    phone.goto(base + "cam-ket/")
    phone.get_by_text("Lọc, tìm và sắp xếp").click()
    box = phone.get_by_label("Tìm trong nội dung")
    for typed, accented in (("ve sinh an toan thuc pham", "vệ sinh an toàn thực phẩm"),
                            ("DANG VIEN", "đảng viên"), ("lam son dong ve", "Lam Sơn, Đông Vệ")):
        expected = [r.id for r in data.rows if all(w in fold(r.text) for w in fold(typed).split())]
        assert expected, typed
        box.fill(typed)
        expect(phone.locator("[data-tracker-count]")).to_contain_text(f"Tìm thấy {len(expected)}/")
        assert shown_ids(phone) == expected[:PAGE_SIZE]
        texts = phone.locator(ROWS + ":visible td:first-child").all_inner_texts()
        assert all(fold(accented) in fold(t) or all(w in fold(t) for w in fold(typed).split()) for t in texts)
    assert "q=lam+son+dong+ve" in phone.url


def test_sorts_and_the_url_state(phone, big, data):
    _, base = big
    phone.goto(base + "cam-ket/?sap-xep=han&trang-thai=qua-han")
    expect(phone.locator("[data-tracker-count]")).to_contain_text("Tìm thấy")
    expect(phone.locator("details[data-tracker-tools]")).to_have_attribute("open", "")
    expect(phone.get_by_label("Sắp xếp")).to_have_value("han")
    expect(phone.get_by_label("Trạng thái")).to_have_value("qua-han")
    due = phone.locator(ROWS + ":visible td[data-label='Hạn'] time").evaluate_all(
        "ts => ts.map(t => t.getAttribute('datetime'))")
    assert due and len(due) == len(shown_ids(phone))
    assert shown_ids(phone) == [r.id for r in data.sorted("han") if r.overdue][:PAGE_SIZE]
    by_id = {r.id: r for r in data.rows}
    ends = [by_id[i].due for i in shown_ids(phone)]
    assert ends == sorted(ends)
    phone.get_by_label("Sắp xếp").select_option("hoi-nghi")
    expect(phone.locator("table[data-tracker]")).not_to_have_attribute("aria-busy", "true")
    assert shown_ids(phone) == [r.id for r in data.sorted("hoi-nghi") if r.overdue][:PAGE_SIZE]
    meetings = [by_id[i].meeting for i in shown_ids(phone)]
    assert meetings == sorted(meetings, reverse=True)
    assert "sap-xep=hoi-nghi" in phone.url and "trang-thai=qua-han" in phone.url
    phone.reload()
    expect(phone.get_by_label("Sắp xếp")).to_have_value("hoi-nghi")
    expect(phone.locator("[data-tracker-count]")).to_contain_text("Tìm thấy")
    expect(phone.locator("table[data-tracker]")).not_to_have_attribute("aria-busy", "true")
    assert [by_id[i].meeting for i in shown_ids(phone)] == meetings
    # Back to the defaults: the URL is clean and the page's own rows and pager return.
    phone.get_by_label("Sắp xếp").select_option("uu-tien")
    phone.get_by_label("Trạng thái").select_option("")
    assert phone.url == base + "cam-ket/"
    expect(phone.locator("[data-tracker-pager]")).to_be_visible()
    assert shown_ids(phone) == [r.id for r in data.rows[:first_page_rows(len(data.rows), PAGE_SIZE)]]


def test_more_rows_on_demand_and_texts_are_never_markup(phone, big, data):
    _, base = big
    phone.goto(base + "cam-ket/?q=" + quote("hội"))
    count = sum("hoi" in fold(r.text) for r in data.rows)
    assert count > PAGE_SIZE
    expect(phone.locator(ROWS + ":visible")).to_have_count(PAGE_SIZE)
    phone.locator("[data-tracker-more]").click()
    expect(phone.locator("table[data-tracker]")).not_to_have_attribute("aria-busy", "true")
    expect(phone.locator(ROWS + ":visible")).to_have_count(min(count, 2 * PAGE_SIZE))
    # A row drawn by the script reads like a row drawn by the build.
    row = phone.locator(ROWS).first
    assert row.locator("td").evaluate_all("tds => tds.map(td => td.dataset.label)") == [
        "Cam kết", "Chủ trì", "Hội nghị", "Hạn", "Trạng thái"]


def test_the_tracker_prints_as_a_table_on_a4_portrait(browser, big):
    _, base = big
    context, page = watched_page(browser, viewport={"width": 700, "height": 1000})  # A4 less 12 mm margins
    page.emulate_media(media="print")
    page.goto(base + "cam-ket/qua-han/")
    expect(page.locator("table[data-tracker] thead")).to_be_visible()
    for chrome in (".md-header", ".md-tabs", ".md-footer", ".tracker-tools", ".pager"):
        assert not page.locator(chrome).first.is_visible(), chrome
    table = page.locator("table[data-tracker]").bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= 700
    status = page.locator(ROWS + " td[data-label='Trạng thái']").first.bounding_box()
    assert status["x"] + status["width"] <= 700  # the status column is not cut off
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4", prefer_css_page_size=True)))
    assert 1 <= pages <= 6, pages  # 50 rows a page of the list: a few sheets, not 122
    context.close()


def test_a_meeting_prints_as_a_clean_record(browser, site):
    server = serve(str(site))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context, page = watched_page(browser)
    page.emulate_media(media="print")
    path = "hoi-nghi/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/"
    page.goto(base + path)
    head = page.locator(".print-head")
    expect(head).to_be_visible()
    expect(head).to_contain_text("Hội nghị phối hợp Thanh Hóa")
    expect(head).to_contain_text("https://thanhhoa-hoinghi.example.org/" + path)
    expect(head).to_contain_text("Số liệu tính đến ngày 23/11/2026")
    for chrome in (".md-header", ".md-tabs", ".md-footer", ".portal-header-search", ".commitment__permalink"):
        assert not page.locator(chrome).first.is_visible(), chrome
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("li.commitment")).to_have_count(7)
    page.emulate_media(media="screen")
    expect(head).to_be_hidden()
    context.close()
    server.shutdown()


def test_charts_are_legible_on_a_phone_and_count_overdue(phone, big, data):
    _, base = big
    owner = data.rows[0].owners[0]
    phone.goto(base + f"co-quan/{owner}/")
    chart = phone.locator("svg.status-chart")
    scale = chart.evaluate("s => s.getBoundingClientRect().width / s.viewBox.baseVal.width")
    sizes = chart.locator("text").evaluate_all("ts => ts.map(t => parseFloat(t.getAttribute('font-size')))")
    assert min(sizes) * scale >= 12, (sizes, scale)
    overdue = sum(1 for r in data.rows if owner in r.owners and r.overdue)
    expect(chart.locator("[data-status=overdue] text").nth(1)).to_have_text(str(overdue))
    expect(chart.locator("[data-status=no-report] text").first).to_have_text("Chưa có báo cáo")


# --- rows drawn in one place ----------------------------------------------------------------------

def _row_html(page, ids=None) -> dict[str, str]:
    """The rows in the table, by id, as HTML with whitespace normalised and links made absolute (a row
    drawn on page 2 links "../../x" where page 1's links "../x": the same address)."""
    rows = page.locator(ROWS).evaluate_all("""rows => rows.map(r => {
        const c = r.cloneNode(true);
        c.querySelectorAll('a[href]').forEach(a => a.setAttribute('href', a.href));
        return [r.id, c.outerHTML];
    })""")
    return {i: re.sub(r"\s+", " ", html).strip() for i, html in rows if ids is None or i in ids}


@pytest.mark.parametrize("query", ["trang-thai=qua-han", "q=thanh+pho", "co-quan={owner}",
                                   "trang-thai=qua-han&sap-xep=hoi-nghi"])
def test_a_row_the_script_shows_is_the_row_the_build_drew(phone, big, data, query):
    """Whatever the filter (one list's pages, the index and another list's pages, another sort),
    each row the script shows is byte for byte the row the build drew for that commitment on
    this page: a field added to the row macro shows in both, with no edit to the script."""
    _, base = big
    phone.goto(base + "cam-ket/?" + query.format(owner=data.rows[0].owners[0]))
    expect(phone.locator("[data-tracker-count]")).to_contain_text("Tìm thấy")
    script = _row_html(phone)
    # the same commitments as the build drew them on the tracker's own pages (with JavaScript off,
    # so the script does not touch them), page after page until every shown row is found
    context = phone.context.browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    server, number = {}, 1
    while set(script) - set(server):
        response = plain.goto(base + ("cam-ket/" if number == 1 else f"cam-ket/trang-{number}/"))
        if response is None or response.status != 200:
            break
        server.update(_row_html(plain))
        number += 1
    context.close()
    both = set(server) & set(script)
    assert len(both) >= 5 and both == set(script), query  # every row the script shows, compared
    for row_id in both:
        assert script[row_id] == server[row_id], row_id
    links = phone.locator(ROWS + " a").evaluate_all("as => as.map(a => a.href)")
    assert all(link.startswith(base) for link in links)


def test_the_first_filter_downloads_one_page_of_rows(phone, big, data):
    """One filter in the default order fetches one static list page: no index, no texts."""
    _, base = big
    phone.goto(base + "cam-ket/")
    fetched = []
    phone.on("response", lambda r: fetched.append(r) if r.request.resource_type in ("fetch", "xhr") else None)
    phone.get_by_text("Lọc, tìm và sắp xếp").click()
    phone.get_by_label("Trạng thái").select_option("hoan-thanh")
    done = [r.id for r in data.rows if r.status == "done"]
    expect(phone.locator("[data-tracker-count]")).to_contain_text(f"Tìm thấy {len(done)}/")
    assert shown_ids(phone) == done[:PAGE_SIZE]
    urls = [r.url.replace(base, "") for r in fetched]
    assert urls == ["cam-ket/trang-thai/hoan-thanh/"], urls
    wire = sum(len(gzip.compress(r.body())) for r in fetched)
    assert wire < 60_000, wire  # issue 21: at most 60 KB gzip for the first filtered result


# --- bodies, old addresses, following a filter ------------------------------------------------------

def test_a_body_page_is_bounded_and_its_overdue_count_leads_to_the_overdue_rows(phone, big, data):
    site, base = big
    owner = max({o for r in data.rows for o in r.owners}, key=lambda o: sum(o in r.owners for r in data.rows))
    owned = [r for r in data.rows if owner in r.owners]
    assert len(owned) > tracker.FIRST_ROWS
    assert (site / f"co-quan/{owner}/index.html").stat().st_size < 150_000
    phone.goto(base + f"co-quan/{owner}/")
    section = phone.locator("section[aria-labelledby=cam-ket-chu-tri]")
    assert shown_ids(section) == [r.id for r in owned[:tracker.FIRST_ROWS]]  # overdue first
    overdue = [r.id for r in owned if r.overdue]
    link = section.locator(".overdue-line a")
    expect(link).to_contain_text(f"{len(overdue)} cam kết quá hạn")
    with phone.expect_navigation():
        link.click()
    assert phone.url == base + f"co-quan/{owner}/qua-han/"
    assert shown_ids(phone) == overdue[:first_page_rows(len(overdue), PAGE_SIZE)]
    phone.goto(base + f"co-quan/{owner}/")
    with phone.expect_navigation():
        section.get_by_text(f"Xem tất cả {len(owned)}").click()
    listed = []
    while True:
        listed += shown_ids(phone)
        following = phone.locator("a.pager__next")
        if not following.count():
            break
        phone.goto(following.evaluate("a => a.href"))
    assert listed == [r.id for r in owned]


@pytest.mark.parametrize("old,new", [
    ("meetings/2015/{m2015}/#cam-ket-{c2015}", "hoi-nghi/2015/{m2015}/#cam-ket-{c2015}"),
    ("search/?q=camera", "tim-kiem/?q=camera"),
    ("cam-ket/trang-thai/no-report/trang-2/", "cam-ket/trang-thai/chua-co-bao-cao/trang-2/"),
    ("cam-ket/trang-thai/not-started/", "cam-ket/trang-thai/chua-trien-khai/")])
def test_old_addresses_lead_to_the_new_ones(phone, big, data, old, new):
    site, base = big
    c2015 = next(r for r in data.rows if r.year == 2015)
    meeting = data.portal.commitment(c2015.id).meeting
    values = {"m2015": meeting.key, "c2015": c2015.id}
    phone.goto(base + old.format(**values))
    phone.wait_for_url(base + new.format(**values))
    path = site / old.format(**values).split("?")[0].split("#")[0] / "index.html"
    html = path.read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    assert f'<link rel="canonical" href="https://thanhhoa-hoinghi.example.org/{new.format(**values).split("?")[0].split("#")[0]}">' in html
    sitemap = (site / "sitemaps/sitemap-1.xml").read_text(encoding="utf-8")
    assert "/" + new.format(**values).split("?")[0].split("#")[0] + "<" in sitemap or "?" in new
    assert "/" + old.format(**values).split("?")[0].split("#")[0] + "<" not in sitemap


def test_a_followed_filter_feed_lists_exactly_the_filters_rows(phone, big, data):
    _, base = big
    owner = data.rows[0].owners[0]
    phone.goto(base + f"cam-ket/?co-quan={owner}")
    expect(phone.locator("[data-tracker-count]")).to_contain_text("Tìm thấy")
    link = phone.locator("[data-tracker-follow] a")
    expect(link).to_contain_text("đúng danh sách này")
    feed = feedparser.parse(phone.request.get(link.evaluate("a => a.href")).body())
    assert not feed.bozo and feed.entries
    in_feed = {e.link.split("#cam-ket-")[1] for e in feed.entries}
    owned = {r.id for r in data.rows if owner in r.owners}
    commitments = [data.portal.commitment(i) for i in owned]
    expected = data.portal.changes.of(commitments=commitments)[:50]
    assert in_feed == {ch.commitment.id for ch in expected} and in_feed <= owned
    assert [e.id.rsplit("#", 1)[1] for e in feed.entries] == [ch.key for ch in expected]


def test_the_sizes_script_measures_every_page_kind_and_a_first_filter(browser, big):
    """scripts/dev/resident_sizes.py at a tiny size: a row per route with pages, and a throttled filter."""
    from portal.contract import routes
    from scripts.dev.resident_sizes import first_filters, page_sizes

    site, _ = big
    sizes = {name: (count, raw) for name, count, _, raw, _ in page_sizes(site)}
    urls = [p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")]
    built = {r.name for r in routes.ROUTES if r.page and (not r.params or any(r.regex.match(u) for u in urls))}
    assert set(sizes) == built and {"org", "org_commitments", "changes", "tracker", "meeting"} <= built
    assert all(raw < 150 for _, raw in sizes.values()), sizes
    [(label, ms, requests, kb, found)] = first_filters(site, [("one status", {"trang-thai": "hoan-thanh"})], browser)
    assert found.startswith("Tìm thấy") and 0 < kb < 60 and ms > 0
