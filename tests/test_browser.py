"""A real browser on the built site: Playwright driving Debian's chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import watched_page
from scripts.screenshot import serve

pytestmark = pytest.mark.browser


MEETING = "meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/"


@pytest.fixture(scope="module")
def base(site):
    server = serve(str(site))
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def page(browser):
    context, page = watched_page(browser, viewport={"width": 390, "height": 844})
    yield page
    context.close()
    assert page.errors == []


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")


def test_home_shows_counts_and_leads_to_a_meeting(page, base):
    page.goto(base)
    expect(page.locator("[data-count=total]")).to_have_text("7")
    expect(page.locator("[data-count=overdue]")).to_have_text("0")
    page.get_by_role("link", name="UBND thành phố Thanh Hóa giao ban với UB MTTQ").click()
    expect(page).to_have_url(base + MEETING)
    expect(page.locator("h1")).to_have_text("UBND thành phố Thanh Hóa giao ban với UB MTTQ và các đoàn thể thành phố năm 2020")
    assert no_horizontal_scroll(page)


def test_meeting_page_on_a_phone(page, base):
    page.goto(base + MEETING)
    expect(page.locator(".meeting-card")).to_contain_text("Thứ Tư, ngày 12 tháng 2 năm 2020")
    expect(page.locator("li.commitment")).to_have_count(7)
    expect(page.locator("#cam-ket-camera-cong-cong-ba-phuong-2020")).to_be_visible()
    page.get_by_role("link", name="Lê Anh Xuân").first.click()
    expect(page.locator("h1")).to_have_text("Lê Anh Xuân")
    assert no_horizontal_scroll(page)


def test_tracker_filters_in_the_page_and_in_the_url(page, base):
    page.goto(base + "cam-ket/")
    rows = page.locator("table[data-tracker] tbody tr")
    expect(rows).to_have_count(7)
    page.get_by_label("Cơ quan chủ trì").select_option("hoi-lhpn-tp")
    expect(page.locator("table[data-tracker] tbody tr:visible")).to_have_count(1)
    expect(page.locator(".tracker-filter output")).to_have_text("Đang hiện 1/7 cam kết")
    assert "co-quan=hoi-lhpn-tp" in page.url
    page.goto(base + "cam-ket/?trang-thai=done")
    expect(page.locator("table[data-tracker] tbody tr:visible")).to_have_count(0)
    expect(page.locator("[data-tracker-empty]")).to_be_visible()
    page.goto(base + "cam-ket/?trang-thai=no-report&nam=2020")
    expect(page.locator("table[data-tracker] tbody tr:visible")).to_have_count(7)
    page.locator("table[data-tracker] tbody tr").nth(3).get_by_role("link").first.click()
    expect(page).to_have_url(base + MEETING + "#cam-ket-camera-cong-cong-ba-phuong-2020")
    assert no_horizontal_scroll(page)


def test_tracker_is_readable_without_javascript(browser, base):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(base + "cam-ket/")
    expect(page.locator("table[data-tracker] tbody tr")).to_have_count(7)
    expect(page.locator("form[data-tracker-filter]")).to_be_hidden()
    page.get_by_role("link", name="Chưa có báo cáo (7)").click()
    expect(page.locator("h1")).to_have_text("Cam kết: Chưa có báo cáo")
    expect(page.locator("table[data-tracker] tbody tr")).to_have_count(7)
    context.close()
