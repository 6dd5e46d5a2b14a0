"""A real browser on the built site: Playwright driving Debian's chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import watched_page
from scripts.dev.screenshot import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]



MEETING = "hoi-nghi/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/"


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
    expect(page.locator("form[data-tracker-filter]")).to_be_hidden()  # folded away until asked for
    page.get_by_text("Lọc, tìm và sắp xếp").click()
    page.get_by_label("Cơ quan chủ trì").select_option("hoi-lhpn-tp")
    expect(page.locator("table[data-tracker] tbody tr:visible")).to_have_count(1)
    expect(page.locator("[data-tracker-count]")).to_have_text("Tìm thấy 1/7 cam kết.")
    assert "co-quan=hoi-lhpn-tp" in page.url
    page.goto(base + "cam-ket/?trang-thai=hoan-thanh")
    expect(page.locator("[data-tracker-empty]")).to_be_visible()
    expect(page.locator("table[data-tracker] tbody tr:visible")).to_have_count(0)
    page.goto(base + "cam-ket/?trang-thai=chua-co-bao-cao&nam=2020")
    expect(page.locator("table[data-tracker] tbody tr:visible")).to_have_count(7)
    page.goto(base + "cam-ket/?q=camera+cong+cong")  # no tone marks
    expect(page.locator("table[data-tracker] tbody tr:visible")).to_have_count(1)
    page.locator("table[data-tracker] tbody tr").first.get_by_role("link").first.click()
    expect(page).to_have_url(base + MEETING + "#cam-ket-camera-cong-cong-ba-phuong-2020")
    assert no_horizontal_scroll(page)


def test_the_2020_commitments_read_no_report_not_not_started(page, base):
    page.goto(base + MEETING)
    statuses = page.locator("li.commitment .commitment__meta dd .badge:not(.badge--overdue):not(.badge--awaiting)")
    expect(statuses).to_have_count(7)
    expect(statuses).to_have_text(["Chưa có báo cáo"] * 7)
    expect(page.locator("li.commitment")).not_to_contain_text(["Chưa triển khai"] * 7)
    page.goto(base)
    expect(page.locator("[data-count=no-report]")).to_have_text("7")
    expect(page.locator(".stat-no-report")).to_contain_text("7 cam kết chưa có báo cáo nào về tiến độ")


def test_the_anchor_link_is_a_tap_target_beside_the_text(page, base):
    page.goto(base + MEETING)
    item = page.locator("#cam-ket-camera-cong-cong-ba-phuong-2020")
    link = item.locator(".commitment__permalink").bounding_box()
    text = item.locator(".commitment__text").bounding_box()
    assert link["width"] >= 24 and link["height"] >= 24
    assert link["x"] >= text["x"] + text["width"]  # beside the text, not over its last word


def test_a_caption_without_a_photo_reads_as_a_caption(page, base):
    page.goto(base + MEETING)
    caption = page.locator(".bulletin-text .photo-caption")
    expect(caption).to_have_text("Toàn cảnh hội nghị")
    assert caption.evaluate("el => getComputedStyle(el, '::before').content") in ("none", "normal")
    assert caption.evaluate("el => getComputedStyle(el).fontStyle") == "italic"


def test_tracker_is_readable_without_javascript(browser, base):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(base + "cam-ket/")
    expect(page.locator("table[data-tracker] tbody tr")).to_have_count(7)
    expect(page.locator("form[data-tracker-filter]")).to_be_hidden()
    page.get_by_text("Lọc, tìm và sắp xếp").click()
    page.get_by_role("link", name="Chưa có báo cáo (7)").click()
    expect(page.locator("h1")).to_have_text("Cam kết: Chưa có báo cáo")
    expect(page.locator("table[data-tracker] tbody tr")).to_have_count(7)
    context.close()


def test_the_phone_menu_opens_without_materials_script(page, base):
    page.goto(base + "huong-dan/")
    assert page.locator("script[src*='bundle']").count() == 0
    drawer = page.locator(".md-sidebar--primary")
    link = drawer.locator("a.md-nav__link[href='../cam-ket/']")
    expect(link).not_to_be_in_viewport()
    page.locator("label.md-header__button[for='__drawer']").click()
    expect(link).to_be_in_viewport()
    link.click()
    expect(page).to_have_url(base + "cam-ket/")
    assert no_horizontal_scroll(page)
