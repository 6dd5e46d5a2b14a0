"""Search as residents use it: a table of queries in a real browser on a built sample site."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect


from conftest import build, make_project, watched_page
from portal.outputs.search import hash_key
from portal.contract.text import fold
from scripts.dev.screenshot import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


M2020 = "/hoi-nghi/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/"
M2018 = "/hoi-nghi/2018/2018-danh-gia-chuong-trinh-phoi-hop/"
M2021 = "/hoi-nghi/2021/2021-03-10-giao-ban-quy-i/"
M2019 = "/hoi-nghi/2019/2019-05-20-dong-hoa/"
CAMERA = M2020 + "#cam-ket-camera-cong-cong-ba-phuong-2020"
VSMT = M2020 + "#cam-ket-vsmt-tuyen-duong-sach-dep-2020"
VSATTP = M2020 + "#cam-ket-chuoi-cua-hang-vsattp-2020"
KENH = M2021 + "#cam-ket-kenh-thuy-loi-2021"

EXTRA = {
    # Written decomposed (NFD), with the old tone placement "Hoá" and "thuỷ".
    "meetings/2021/2021-03-10-giao-ban-quy-i.md": unicodedata.normalize("NFD", """
        ---
        title: "Giao ban quý I năm 2021 với Đảng ủy các phường"
        date: 2021-03-10
        kind: giao-ban
        chairs: [{person: trinh-thi-hoa}]
        organizations: [ubnd-tp, ub-mttq-tp]
        commitments:
          - id: kenh-thuy-loi-2021
            text: "Hoàn thành nạo vét kênh thuỷ lợi phường Đông Vệ trước mùa mưa."
            owners: [ubnd-tp]
            due: 2021-06
        reviews:
          - commitment: camera-cong-cong-ba-phuong-2020
            status: done
            note: "Đã lắp 120 camera tại 3 phường."
        ---
        Sáng ngày 10/3/2021, UBND thành phố Thanh Hoá làm việc với Đảng ủy các phường về xây dựng nông thôn mới.
        """),
    "meetings/2019/2019-05-20-dong-hoa.md": """
        ---
        title: "Làm việc với xã Đông Hòa"
        date: 2019-05-20
        kind: giao-ban
        chairs: [{person: le-anh-xuan}]
        ---
        UBND thành phố làm việc với xã Đông Hòa về nông thôn.
        """,
}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("search") / "p", EXTRA)
    out = root.parent / "site"
    result = build(root, out)
    assert result.returncode == 0, result.stderr
    server = serve(str(out))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser):
    context, page = watched_page(browser)
    yield page
    context.close()
    assert page.errors == []


def results(page, base, query_string):
    page.goto(f"{base}/tim-kiem/?{query_string}")
    expect(page.locator("[data-search-root]")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("[data-search-summary]")).not_to_be_empty()
    links = page.locator("[data-search-results] > li > a").evaluate_all("els => els.map(a => a.href)")
    return [urlsplit(h).path + (("#" + urlsplit(h).fragment) if urlsplit(h).fragment else "") for h in links]


# (label, query, the results that must come back, the first result or None, only those?)
QUERIES = [
    ("accentless", "giai phong mat bang", {M2020, M2018}, None, True),
    ("đ typed as d", "duong be tong", {M2018}, M2018, True),
    ("đ at the start, as a phrase first", "dang uy", {M2021}, M2021, False),
    ("abbreviation finds the full form", "VSATTP", {M2020, VSATTP}, None, True),
    ("full form finds the abbreviation", "vệ sinh môi trường", {M2020, M2018, VSMT}, None, True),
    ("alias from the registry", "hoi lien hiep phu nu", {M2020, VSMT}, None, True),  # both write "HLHPN"
    ("new tone placement finds old", "Thanh Hóa", {M2020, M2021}, None, False),
    ("old tone placement finds new", "Thanh Hoá", {M2020, M2021}, None, False),
    ("old placement in the text", "thủy lợi", {KENH}, None, True),  # the commitment writes "thuỷ lợi"
    ("NFD query", quote(unicodedata.normalize("NFD", "giải phóng mặt bằng")), {M2020, M2018}, None, True),
    ("quoted phrase", '"xây dựng nông thôn mới"', {M2020, M2018, M2021}, None, True),
    ("quoted phrase with accent variants", '"Thanh Hoá"', {M2020, M2021}, None, True),
    ("quoted words out of order", '"nông thôn xây dựng"', set(), None, True),
    ("unquoted words anywhere", "nông thôn xây dựng", {M2020, M2018, M2021}, None, True),
    ("commitment hit", "camera", {M2020, CAMERA}, None, True),
]


@pytest.mark.parametrize("label,query,expected,first,only", QUERIES, ids=[q[0] for q in QUERIES])
def test_query_table(page, base, label, query, expected, first, only):
    found = results(page, base, "q=" + (query if "%" in query else quote(query)))
    assert (set(found) == expected) if only else (set(found) >= expected), found
    if first:
        assert found[0] == first, found


def test_exact_accents_rank_first(page, base):
    found = results(page, base, "q=" + quote("Hòa"))
    assert found[0] == M2019  # oldest, but the only one written "Hòa"; others have "Hoa" or "Hóa"
    assert set(found[1:]) >= {M2020, M2021}


def test_phrase_ranks_above_scattered_words(page, base):
    found = results(page, base, "q=" + quote("nông thôn mới"))
    assert M2019 not in found  # "nông thôn" without "mới": every unquoted word is required
    found = results(page, base, "q=" + quote("xây dựng nông thôn"))
    assert found.index(M2018) < len(found)


def test_filters_with_counts_and_sorting(page, base):
    found = results(page, base, "q=giai+phong+mat+bang&nam=2018")
    assert found == [M2018]
    options = page.locator("select[name=nam] option").all_inner_texts()
    assert "2018 (1)" in options and "2020 (1)" in options
    assert results(page, base, "q=giai+phong+mat+bang&sap-xep=ngay") == [M2020, M2018]
    page.select_option("select[name=nam]", "2020")
    expect(page.locator("[data-search-results] > li")).to_have_count(1)
    assert "nam=2020" in page.url


def test_browse_commitments_by_status_without_a_query(page, base):
    assert results(page, base, "ket-qua=cam-ket&trang-thai=hoan-thanh") == [CAMERA]
    assert "1 kết quả" in page.locator("[data-search-summary]").inner_text()
    # The status's contract key, as shared before the addresses were Vietnamese, still filters and
    # the address is corrected to the label's form.
    assert results(page, base, "ket-qua=cam-ket&trang-thai=done") == [CAMERA]
    assert "trang-thai=hoan-thanh" in page.url
    assert page.locator("select[name=trang-thai]").input_value() == "hoan-thanh"
    found = results(page, base, "co-quan=hoi-lhpn-tp")
    assert set(found) == {M2020, VSMT}


def test_no_match_is_a_helpful_empty_state(page, base):
    assert results(page, base, "q=xyzkhongco") == []
    text = page.locator("[data-search-summary]").inner_text()
    assert "Không tìm thấy kết quả nào cho xyzkhongco" in text
    assert page.locator("[data-search-summary] a[href$='luu-tru/']").count() == 1


def test_excerpt_shows_text_as_written_with_matches_marked(page, base):
    results(page, base, "q=giai+phong+mat+bang")
    marks = page.locator("[data-search-results] mark").all_inner_texts()
    assert "giải phóng mặt bằng" in marks


def test_header_box_leads_to_the_search_page(page, base):
    page.goto(base + "/")
    page.fill("#portal-header-q", "duong be tong")
    page.press("#portal-header-q", "Enter")
    expect(page.locator("[data-search-results] > li")).to_have_count(1)
    assert page.url.endswith("/tim-kiem/?q=duong+be+tong")


def test_without_javascript_the_page_says_so(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/tim-kiem/?q=camera")
    expect(page.locator(".search-noscript")).to_contain_text("Tìm kiếm cần JavaScript")
    expect(page.locator(".search-noscript a")).to_have_count(2)
    context.close()


def test_browser_folding_and_hash_match_python(page, base):
    page.goto(base + "/tim-kiem/")
    samples = ["Đảng ủy", "Thanh Hoá", unicodedata.normalize("NFD", "Giải phóng"), "ÐÀ", "thuỷ lợi", "KT-XH"]
    assert page.evaluate("s => s.map(x => window.portalSearch.fold(x))", samples) == [fold(s) for s in samples]
    keys = ["w:dang", "b:giai phong", "a:hóa", "a:thủy"]
    assert page.evaluate("s => s.map(x => window.portalSearch.fnv1a(x))", keys) == [hash_key(k) for k in keys]


def test_opensearch_description_is_linked(page, base):
    page.goto(base + "/")
    href = page.locator("link[rel=search]").get_attribute("href")
    response = page.request.get(f"{base}/tim-kiem/opensearch.xml")
    assert href.endswith("tim-kiem/opensearch.xml") and response.ok
    assert "tim-kiem/?q={searchTerms}" in response.text()
    # A browser that added the search engine before the address moved updates it from there.
    old = page.request.get(f"{base}/search/opensearch.xml")
    assert old.ok and old.text() == response.text()
