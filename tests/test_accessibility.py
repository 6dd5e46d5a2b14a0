"""axe-core (WCAG 2.1 A and AA) on every page kind, at phone and desktop widths, on the sample
site and on a 300-bulletin synthetic archive; skip link, focus ring and keyboard reach.

axe-core comes from npm (package.json, installed by `bash scripts/setup.sh --browser`) and is
injected into each page by Playwright. A critical or serious violation fails the test.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import watched_page
from portal.contract import routes
from scripts.dev.axe_audit import AXE, BLOCKING, VIEWPORTS, audit, page_kinds
from scripts.dev.screenshot import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


# Every route of the route table, the second seed bulletin and the 404 page: a new page kind is audited
# as soon as it is declared.
KINDS = [route.name for route in routes.ROUTES if route.page] + ["meeting-2", "not-found"]


@pytest.fixture(scope="module")
def servers(site, big_site):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `bash scripts/setup.sh --browser` (npm ci)", pytrace=False)
    out = {}
    for name, root, query in (("sample", site, "mặt trận"), ("300", big_site, "hội nghị")):
        server = serve(str(root))
        out[name] = (server, f"http://127.0.0.1:{server.server_address[1]}/", page_kinds(root, query))
    yield out
    for server, _, _ in out.values():
        server.shutdown()


@pytest.fixture(scope="module")
def pages(browser):
    """One page per viewport, reused across page kinds (axe runs on each fresh load)."""
    made = {}
    for name, viewport in VIEWPORTS.items():
        made[name] = watched_page(browser, viewport=viewport)
    yield {name: page for name, (_, page) in made.items()}
    for context, page in made.values():
        context.close()


def test_every_page_kind_is_audited(servers):
    for _, _, kinds in servers.values():
        assert sorted(kinds) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("which", ["sample", "300"])
def test_no_serious_axe_violation(servers, pages, which, width, kind):
    _, base, kinds = servers[which]
    page = pages[width]
    page.errors.clear()
    found = [v for v in audit(page, base + kinds[kind]) if v["impact"] in BLOCKING]
    assert found == [], f"{which} {width} {kind} ({kinds[kind]}): {found}"
    assert page.errors == []


def test_axe_finds_what_it_should(servers, pages):
    """The check can fail: a link in text told apart by colour alone is reported."""
    _, base, kinds = servers["sample"]
    page = pages["desktop"]
    page.goto(base + kinds["data"])
    page.add_style_tag(content=".md-typeset a { text-decoration: none !important; }")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: ['link-in-text-block']})")
    assert [v["id"] for v in result["violations"]] == ["link-in-text-block"]


@pytest.mark.parametrize("path", ["", "cam-ket/", "hoi-nghi/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/",
                                  "co-quan/", "tim-kiem/"])
def test_skip_link_is_first_and_lands_on_the_content(servers, pages, path):
    _, base, _ = servers["sample"]
    page = pages["phone"]
    page.goto(base + path)
    page.keyboard.press("Tab")
    skip = page.locator(".portal-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    expect(skip).to_have_text("Bỏ qua, đến nội dung chính")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"


def test_tracker_filters_are_a_few_key_presses_away(servers, pages):
    _, base, _ = servers["300"]
    page = pages["phone"]
    page.goto(base + "cam-ket/")
    presses = ["Tab", "Enter"]  # skip link, to the content
    for key in presses:
        page.keyboard.press(key)
    for _ in range(8):
        page.keyboard.press("Tab")
        presses.append("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    page.keyboard.press("Enter")  # open the filters
    page.keyboard.press("Tab")
    presses += ["Enter", "Tab"]
    expect(page.locator("form[data-tracker-filter] input[name=q]")).to_be_focused()
    assert len(presses) <= 8, presses


@pytest.mark.parametrize("path,selector", [("tim-kiem/", "#search-q"), ("tim-kiem/", ".portal-header-search input"),
                                           ("", ".portal-skip"), ("du-lieu/", ".md-typeset p a[href]"),
                                           ("cam-ket/", ".tracker-tools summary")])
def test_focus_is_clearly_visible(servers, pages, path, selector):
    _, base, _ = servers["sample"]
    page = pages["desktop"]
    page.goto(base + path)
    target = page.locator(selector).first
    target.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    expect(target).to_be_focused()
    style = target.evaluate("el => { const s = getComputedStyle(el); "
                            "return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor, s.boxShadow]; }")
    assert style[0] == "solid" and style[1] >= 2, style
    assert style[2] == "rgb(255, 212, 0)" and "rgb(17, 17, 17)" in style[3], style


def test_phone_keyboard_reaches_the_menu_and_never_the_closed_drawer(servers, pages):
    """Issue 21: at phone width Tab went through the closed side drawer (10 invisible stops) and
    the menu button could not be reached."""
    _, base, _ = servers["sample"]
    page = pages["phone"]
    page.goto(base + "cam-ket/")
    in_drawer = "el => !!el.closest('.md-sidebar--primary')"
    menu = page.locator("label[for=__drawer] .portal-menu-button")
    reached_menu = False
    for _ in range(60):  # the whole page, drawer closed
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        assert not focused.evaluate(in_drawer), focused.evaluate("el => el.outerHTML.slice(0, 120)")
        reached_menu = reached_menu or menu.evaluate("el => el === document.activeElement")
    assert reached_menu
    menu.focus()
    page.keyboard.press("Enter")  # opens the drawer
    assert page.evaluate("document.getElementById('__drawer').checked")
    expect(page.locator(".md-sidebar--primary a").first).to_be_visible()
    for _ in range(40):  # open, its links are reachable
        page.keyboard.press("Tab")
        if page.evaluate_handle("document.activeElement").evaluate(in_drawer):
            break
    else:
        raise AssertionError("the open drawer's links are not reachable by keyboard")
    page.keyboard.press("Escape")
