"""The tracker on a 300-bulletin archive, in a real browser: the first phone screen, filters
against the static pages, text without tone marks, sorts, the URL, no-JS pages, print."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from conftest import watched_page
from portal.contract.text import fold
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
    return json.loads((big_site / "cam-ket/tracker.json").read_text(encoding="utf-8"))


@pytest.fixture
def phone(browser):
    context, page = watched_page(browser, viewport={"width": 390, "height": 844})
    yield page
    context.close()
    assert page.errors == []


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
        following.click()


def test_first_page_is_bounded_and_its_first_screen_shows_commitments(phone, big, data):
    site, base = big
    assert len(data["rows"]) > 300
    assert (site / "cam-ket/index.html").stat().st_size < 150_000
    phone.goto(base + "cam-ket/")
    expect(phone.locator(ROWS)).to_have_count(PAGE_SIZE)
    expect(phone.locator("form[data-tracker-filter]")).to_be_hidden()
    first = phone.locator(ROWS).first.bounding_box()
    assert first["y"] + 60 < 844, first  # a commitment's text on the first screen
    summary = phone.locator(".tracker-summary")
    overdue = sum(r[5] for r in data["rows"])
    no_report = sum(r[4] == "no-report" for r in data["rows"])
    expect(summary).to_contain_text(f"{len(data['rows'])} cam kết: {overdue} quá hạn, {no_report} chưa có báo cáo")
    # The default order: the first page is the head of the whole ordered list, overdue first.
    assert shown_ids(phone) == [r[0] for r in data["rows"][:PAGE_SIZE]]
    assert data["rows"][0][5] == 1


def test_static_pages_hold_every_commitment_once_in_order(browser, big, data):
    _, base = big
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    assert static_ids(page, base, "cam-ket/") == [r[0] for r in data["rows"]]
    overdue = static_ids(page, base, "cam-ket/qua-han/")
    assert overdue == [r[0] for r in data["rows"] if r[5]] and len(overdue) > PAGE_SIZE
    page.goto(base + "cam-ket/qua-han/trang-2/")
    expect(page.locator("h1")).to_have_text("Cam kết quá hạn – trang 2")
    expect(page.locator(".tracker-summary")).to_contain_text("Trang 2/")
    context.close()


@pytest.mark.parametrize("query,static", [("trang-thai=done", "cam-ket/trang-thai/done/"),
                                          ("trang-thai=no-report", "cam-ket/trang-thai/no-report/"),
                                          ("trang-thai=qua-han", "cam-ket/qua-han/"),
                                          ("nam=2015", "cam-ket/nam/2015/")])
def test_filters_agree_with_the_static_pages(browser, phone, big, query, static):
    _, base = big
    context = browser.new_context(java_script_enabled=False)
    expected = static_ids(context.new_page(), base, static)
    context.close()
    phone.goto(base + "cam-ket/?" + query)
    expect(phone.locator("[data-tracker-count]")).to_contain_text(f"Tìm thấy {len(expected)}/")
    more = phone.locator("[data-tracker-more]")
    while more.is_visible():
        more.click()
    expect(phone.locator(ROWS + ":visible")).to_have_count(len(expected))
    assert sorted(shown_ids(phone)) == sorted(expected)


def test_owner_and_topic_filters(phone, big, data):
    _, base = big
    owner = data["rows"][0][3][0]
    topic = data["rows"][0][11][0]
    expected = [r[0] for r in data["rows"] if owner in r[3] and topic in r[11]]
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
        expected = [r[0] for r in data["rows"] if all(w in fold(r[1]) for w in fold(typed).split())]
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
    expect(phone.locator("details[data-tracker-tools]")).to_have_attribute("open", "")
    expect(phone.get_by_label("Sắp xếp")).to_have_value("han")
    expect(phone.get_by_label("Trạng thái")).to_have_value("qua-han")
    due = phone.locator(ROWS + ":visible td[data-label='Hạn'] time").evaluate_all(
        "ts => ts.map(t => t.getAttribute('datetime'))")
    assert due and len(due) == len(shown_ids(phone))
    by_id = {r[0]: r for r in data["rows"]}
    ends = [by_id[i][8] for i in shown_ids(phone)]
    assert ends == sorted(ends)
    phone.get_by_label("Sắp xếp").select_option("hoi-nghi")
    meetings = [by_id[i][9] for i in shown_ids(phone)]
    assert meetings == sorted(meetings, reverse=True)
    assert "sap-xep=hoi-nghi" in phone.url and "trang-thai=qua-han" in phone.url
    phone.reload()
    expect(phone.get_by_label("Sắp xếp")).to_have_value("hoi-nghi")
    assert [by_id[i][9] for i in shown_ids(phone)] == meetings
    # Back to the defaults: the URL is clean and the page's own rows and pager return.
    phone.get_by_label("Sắp xếp").select_option("uu-tien")
    phone.get_by_label("Trạng thái").select_option("")
    assert phone.url == base + "cam-ket/"
    expect(phone.locator("[data-tracker-pager]")).to_be_visible()
    assert shown_ids(phone) == [r[0] for r in data["rows"][:PAGE_SIZE]]


def test_more_rows_on_demand_and_texts_are_never_markup(phone, big, data):
    _, base = big
    phone.goto(base + "cam-ket/?q=" + quote("hội"))
    count = sum("hoi" in fold(r[1]) for r in data["rows"])
    assert count > PAGE_SIZE
    expect(phone.locator(ROWS + ":visible")).to_have_count(PAGE_SIZE)
    phone.locator("[data-tracker-more]").click()
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
    path = "meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/"
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
    owner = data["rows"][0][3][0]
    phone.goto(base + f"co-quan/{owner}/")
    chart = phone.locator("svg.status-chart")
    scale = chart.evaluate("s => s.getBoundingClientRect().width / s.viewBox.baseVal.width")
    sizes = chart.locator("text").evaluate_all("ts => ts.map(t => parseFloat(t.getAttribute('font-size')))")
    assert min(sizes) * scale >= 12, (sizes, scale)
    overdue = sum(1 for r in data["rows"] if owner in r[3] and r[5])
    expect(chart.locator("[data-status=overdue] text").nth(1)).to_have_text(str(overdue))
    expect(chart.locator("[data-status=no-report] text").first).to_have_text("Chưa có báo cáo")
