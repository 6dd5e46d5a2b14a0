"""Mistakes caught where they are made, in the editor (issue 22), in Debian's chromium against the local
backend: pickers folding both sides and finding people by position, Vietnamese notices, dates typed and
shown as dd/mm/yyyy, a due date before its meeting refused with its field, a person already there refused
with the key to use, a role without tone marks warned with the registry's spelling, the list on the
newest, registry descriptions, "Lịch sử" restoring a version, and every production sign-in generated
from mkdocs.yml settings reaching its host's sign-in with the right parameters.

Screenshots at 390 px and 1280 px go to $PORTAL_SCREENSHOTS (else a temporary folder) for a person to look at.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from portal.contract import schema as S
from portal.editor.cms import editor_settings
from tests.conftest import ROOT, build, make_project, watched_page
from tests.test_editor import check, front_matter, pick, save

from scripts.dev.editor_stack import DECAP, editor_stack

from tests.test_editor_server import GOOD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(os.environ.get("PORTAL_SCREENSHOTS") or tempfile.mkdtemp(prefix="portal-shots-"))
OLD = "meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the.md"
NEWER = "meetings/2021/2021-03-05-giao-ban-quy-i-2021.md"
NEWER_TEXT = GOOD  # a 2021 bulletin that passes the check


def git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=Biên tập viên", "-c", "user.email=bt@example.org",
                           *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """(repo copy under git, stack, built site); the site is built once, before any edit."""
    if not DECAP.exists():
        pytest.fail("node_modules is missing: run `bash scripts/setup.sh` (installs Decap CMS from npm)", pytrace=False)
    base = tmp_path_factory.mktemp("editor-ux")
    repo = make_project(base / "repo", {NEWER: NEWER_TEXT})
    for name in ("editor", "node_modules"):
        (repo / name).symlink_to(ROOT / name)
    git(repo, "init", "-q")
    git(repo, "add", "docs")
    git(repo, "commit", "-qm", "Nội dung ban đầu")
    site = base / "site"
    result = build(repo, site)
    assert result.returncode == 0, result.stderr
    with editor_stack(repo, site) as running:
        yield repo, running, site


def open_page(browser, stack, route: str, width: int = 1280):
    context, page = watched_page(browser, viewport={"width": width, "height": 800 if width > 600 else 844})
    page.set_default_timeout(20_000)
    page.outside = []
    page.on("request", lambda r: r.url.startswith(("http://127.0.0.1:", "data:", "blob:")) or page.outside.append(r.url))
    page.goto(stack.admin_url)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Bản tin hội nghị").wait_for()
    page.goto(stack.admin_url + route)
    return context, page


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def options(page, label: str, typed: str, nth: int = -1) -> list[str]:
    box = page.get_by_label(label).nth(nth)
    box.fill(typed)
    menu = page.locator("[class*=-menu]").first
    menu.wait_for()
    page.wait_for_timeout(900)  # Decap waits 500 ms after the last key before it searches
    # the menu says "Đang tìm…" while the search runs; wait until it shows options or its empty notice
    page.wait_for_function("() => { const m = document.querySelector('[class*=-menu]'); return m && "
                           "!/Đang tìm|Loading/.test(m.innerText); }")
    return page.locator("[class*=-option]").all_inner_texts()


def test_pickers_fold_both_sides_find_people_by_position_and_speak_vietnamese(stack, browser):
    repo, running, _ = stack
    for width in (1280, 390):
        context, page = open_page(browser, running, "#/collections/meetings/new", width)
        page.get_by_role("button", name="Thêm người chủ trì").click()
        for typed in ("Le Anh Xuân", "lê anh xuan", "LÊ ANH XUAN", "Lê Anh Xuân"):
            found = options(page, "Họ tên người chủ trì", typed)
            assert len(found) == 1 and found[0].startswith("Lê Anh Xuân"), (typed, found)
        # by position: every person holding one, shown with the latest
        found = options(page, "Họ tên người chủ trì", "chu tich")
        assert sorted(f.split(" (")[0] for f in found) == ["Lê Anh Xuân", "Lê Hồng Vân", "Trịnh Thị Hoa"], found
        found = options(page, "Họ tên người chủ trì", "phó bí thư")
        assert [f.split(" (")[0] for f in found] == ["Lê Hồng Vân"], found
        if width == 390:
            shot(page, "editor-picker-position-390.png")
        found = options(page, "Họ tên người chủ trì", "zzqx")
        assert found == []
        notice = page.locator("[class*=-menu]").first.inner_text()
        assert "Không tìm thấy" in notice and "No options" not in notice
        page.get_by_label("Họ tên người chủ trì").last.fill("")
        # bodies: folded query against names with đ
        found = options(page, "Cơ quan, tổ chức tham dự", "uy ban mat tran", 0)
        assert found and all("Mặt trận" in f for f in found), found
        # the review picker: a place's name without marks lists that commitment alone
        page.get_by_role("button", name="Thêm rà soát").click()
        found = options(page, "Cam kết được rà soát", "ba dinh")
        assert len(found) == 1 and found[0].startswith("camera-cong-cong-ba-phuong-2020"), found
        found = options(page, "Cam kết được rà soát", "Ba Đình camera")
        assert len(found) == 1 and found[0].startswith("camera-cong-cong-ba-phuong-2020"), found
        shot(page, f"editor-picker-review-{width}.png")
        assert "No options" not in page.locator("body").inner_text()
        assert page.outside == []
        context.close()


def test_dates_are_typed_and_shown_day_first_and_saved_iso(stack, browser):
    repo, running, _ = stack
    context, page = open_page(browser, running, "#/collections/meetings/new")
    page.get_by_label("Tiêu đề", exact=True).fill("Hội nghị thử ngày kiểu Việt Nam")
    date = page.get_by_label("Ngày họp", exact=True)
    assert date.get_attribute("type") == "text" and "20/11/2026" in date.get_attribute("placeholder")
    date.fill("31/02/2026")  # no such day: said at once, and refused under the field on saving
    page.get_by_text("Chưa hiểu ngày này").wait_for()
    save(page)
    page.get_by_text('"31/02/2026" chưa phải một ngày: gõ ngày/tháng/năm (20/11/2026)').wait_for()
    date.fill("20/11/2024")
    page.get_by_text("Lưu là 2024-11-20 (20/11/2024)").wait_for()
    pick(page, "Loại hội nghị", "giao ban", "Hội nghị giao ban")
    page.get_by_role("button", name="Thêm người chủ trì").click()
    pick(page, "Họ tên người chủ trì", "trinh thi hoa", "Trịnh Thị Hoa")
    page.get_by_role("button", name="Thêm cam kết").click()
    page.get_by_label("Mã cam kết").last.fill("thu-ngay-viet-nam-2024")
    page.get_by_label("Nội dung cam kết, chỉ đạo").last.fill("Làm thử một việc.")
    pick(page, "Cơ quan chủ trì", "mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Thanh Hóa")
    page.get_by_label("Hạn hoàn thành").last.fill("3/2025")  # month and year: the precision follows
    page.get_by_text("Lưu là 2025-03 (tháng 3/2025)").wait_for()
    assert page.get_by_label("Độ chính xác của ngày").last.input_value() == "month"
    page.get_by_label("Nội dung bài đã đăng").fill("Nội dung.")
    shot(page, "editor-date-1280.png")
    save(page)
    page.get_by_text("Đã kiểm tra").first.wait_for()
    page.get_by_text("Mục đã được lưu").wait_for()
    path = repo / "docs/meetings/2024/2024-11-20-hoi-nghi-thu-ngay-kieu-viet-nam.md"
    data, _ = front_matter(path)
    assert str(data["date"]) == "2024-11-20" and data["commitments"][0]["due"] == "2025-03"
    assert "date: 2024-11-20\n" in path.read_text(encoding="utf-8")
    assert check(repo, str(path.relative_to(repo))).returncode == 0
    context.close()
    # an existing bulletin shows its dates day first, never mm/dd/yyyy
    context, page = open_page(browser, running, "#/collections/meetings/entries/" + OLD.split("/", 1)[1][:-3], 390)
    assert page.get_by_label("Ngày họp", exact=True).input_value() == "12/02/2020"
    shot(page, "editor-date-390.png")
    context.close()


def test_a_due_date_before_its_meeting_is_refused_naming_the_field(stack, browser):
    repo, running, _ = stack
    context, page = open_page(browser, running, "#/collections/meetings/new")
    page.get_by_label("Tiêu đề", exact=True).fill("Hội nghị thử hạn trước ngày họp")
    page.get_by_label("Ngày họp", exact=True).fill("15/03/2024")
    pick(page, "Loại hội nghị", "giao ban", "Hội nghị giao ban")
    page.get_by_role("button", name="Thêm người chủ trì").click()
    pick(page, "Họ tên người chủ trì", "le anh xuan", "Lê Anh Xuân")
    page.get_by_role("button", name="Thêm cam kết").click()
    page.get_by_label("Mã cam kết").last.fill("han-truoc-ngay-hop-2024")
    page.get_by_label("Nội dung cam kết, chỉ đạo").last.fill("Việc có hạn sai năm.")
    pick(page, "Cơ quan chủ trì", "uy ban nhan dan", "Ủy ban nhân dân thành phố Thanh Hóa")
    page.get_by_label("Hạn hoàn thành").last.fill("30/01/2024")
    page.get_by_label("Nội dung bài đã đăng").fill("Nội dung.")
    save(page)
    panel = page.locator("#portal-check")
    panel.get_by_text("Chưa lưu: 1 lỗi cần sửa").wait_for()
    shown = panel.inner_text()
    assert "commitments[1].due: hạn 30/01/2024 trước ngày họp 15/03/2024" in shown, shown
    assert not list((repo / "docs/meetings").rglob("*han-truoc-ngay-hop*"))
    # corrected, it saves
    page.get_by_label("Hạn hoàn thành").last.fill("30/06/2024")
    save(page)
    panel.get_by_text("Đã kiểm tra: không có lỗi.").wait_for()
    page.get_by_text("Mục đã được lưu").wait_for()
    assert list((repo / "docs/meetings").rglob("*han-truoc-ngay-hop*"))
    context.close()


def test_a_person_already_there_is_refused_and_a_role_without_marks_is_a_warning(stack, browser):
    repo, running, _ = stack
    context, page = open_page(browser, running, "#/collections/people/new")
    page.get_by_label("Họ và tên", exact=True).fill("Le Anh Xuan")
    save(page)
    panel = page.locator("#portal-check")
    panel.get_by_text("Chưa lưu").wait_for()
    assert 'mã "le-anh-xuan"' in panel.inner_text()
    page.get_by_label("Họ và tên", exact=True).fill("")
    page.get_by_label("Họ và tên", exact=True).fill("Lê Anh Xuân")  # the same, with its marks
    save(page)
    page.locator("#portal-check").get_by_text('đã có "Lê Anh Xuân" (mã "le-anh-xuan")').wait_for()
    assert sorted(p.name for p in (repo / "docs/data/people").iterdir()) == sorted(
        p.name for p in (ROOT / "docs/data/people").iterdir())
    context.close()

    context, page = open_page(browser, running, "#/collections/meetings/entries/" + NEWER.split("/", 1)[1][:-3])
    page.get_by_label("Chức vụ như bản tin nêu").first.fill("chu tich UBND thanh pho")
    save(page)
    panel = page.locator("#portal-check")
    panel.get_by_text("Đã lưu; đã kiểm tra, có cảnh báo:").wait_for()
    assert "danh mục viết \"Chủ tịch UBND thành phố\"" in panel.inner_text()
    page.get_by_text("Mục đã được lưu").wait_for()  # a warning never blocks
    data, _ = front_matter(repo / "docs" / NEWER)
    assert data["chairs"][0]["role"] == "chu tich UBND thanh pho"
    context.close()


def test_a_blank_form_is_not_said_saved_an_empty_title_is_named_and_the_list_opens_on_the_newest(stack, browser):
    repo, running, _ = stack
    context, page = open_page(browser, running, "#/collections/meetings/new")
    page.get_by_label("Tiêu đề", exact=True).wait_for()
    head = page.locator("body").inner_text()
    assert "Bản mới, chưa lưu".upper() in head.upper() and "THAY ĐỔI ĐÃ ĐƯỢC LƯU" not in head.upper()
    page.get_by_label("Nội dung bài đã đăng").fill("Nội dung.")
    save(page)
    page.get_by_text('Chưa điền "Tiêu đề": trường này bắt buộc.').wait_for()
    context.close()
    context, page = open_page(browser, running, "#/collections/meetings")
    entries = page.locator("a[href*='/entries/']")
    entries.first.wait_for()
    dates = [t.split(" · ")[0] for t in entries.all_inner_texts()]
    assert dates == sorted(dates, reverse=True) and dates[0] >= "2021-03-05", dates
    context.close()


def test_topic_and_meeting_kind_descriptions_are_edited(stack, browser):
    repo, running, _ = stack
    for registry, key in (("topics", "giai-phong-mat-bang"), ("meeting-kinds", "giao-ban")):
        context, page = open_page(browser, running, f"#/collections/{registry}/entries/{key}")
        box = page.get_by_label("Mô tả ngắn")
        box.fill("Mô tả mới, sửa trong trình soạn thảo.")
        save(page)
        page.get_by_text("Mục đã được lưu").wait_for()
        text = (repo / f"docs/data/{registry}/{key}.yml").read_text(encoding="utf-8")
        assert 'description: "Mô tả mới, sửa trong trình soạn thảo."' in text
        context.close()


def test_history_lists_versions_and_restores_one_through_the_check(stack, browser):
    repo, running, _ = stack
    rel = "docs/" + OLD
    original = (repo / rel).read_text(encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Các lần lưu trong trình soạn thảo")
    edited = original.replace("kind: giao-ban", "kind: giao-ban-khong-co", 1)  # a version the check refuses
    (repo / rel).write_text(edited, encoding="utf-8")
    git(repo, "commit", "-qam", "Sửa loại hội nghị (sai)")
    (repo / rel).write_text(original.replace("Nội dung", "Nội dung", 1) + "\nĐoạn thêm.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "Thêm một đoạn")
    for width in (390, 1280):
        context, page = open_page(browser, running, "#/collections/meetings/entries/" + OLD.split("/", 1)[1][:-3], width)
        page.get_by_label("Tiêu đề", exact=True).wait_for()
        page.get_by_role("button", name="Lịch sử").click()
        dialog = page.get_by_role("dialog", name="Lịch sử của tệp")
        dialog.get_by_text("3 phiên bản").wait_for()
        messages = dialog.locator(".portal-history__message").all_inner_texts()
        assert messages == ["Thêm một đoạn", "Sửa loại hội nghị (sai)", "Nội dung ban đầu"]
        dialog.get_by_role("button", name="Xem").nth(1).click()
        dialog.get_by_text("kind: giao-ban-khong-co").wait_for()
        shot(page, f"editor-history-{width}.png")
        context.close()
    context, page = open_page(browser, running, "#/collections/meetings/entries/" + OLD.split("/", 1)[1][:-3])
    page.get_by_role("button", name="Lịch sử").click()
    dialog = page.get_by_role("dialog", name="Lịch sử của tệp")
    dialog.get_by_text("3 phiên bản").wait_for()
    page.on("dialog", lambda d: d.accept())
    dialog.get_by_role("button", name="Khôi phục bản này").first.click()  # the refused version
    dialog.get_by_text("Chưa khôi phục").wait_for()
    assert "kind: " in dialog.inner_text() and "giao-ban-khong-co" in dialog.inner_text()
    assert "Đoạn thêm." in (repo / rel).read_text(encoding="utf-8")
    dialog.get_by_role("button", name="Khôi phục bản này").last.click()  # the first version
    dialog.get_by_text("Đã khôi phục").wait_for()
    page.wait_for_event("load")
    assert (repo / rel).read_text(encoding="utf-8") == original
    assert check(repo, rel).returncode == 0
    assert page.outside == []
    context.close()


BACKENDS = {
    "github": ({"repo": "thanhhoa/cong-hoi-nghi", "base_url": "https://dang-nhap.example.org"},
               "GitHub", "https://dang-nhap.example.org/auth"),
    "gitlab": ({"backend": "gitlab", "repo": "thanhhoa/cong-hoi-nghi", "app_id": "ma-ung-dung-123"},
               "GitLab", "https://gitlab.com/oauth/authorize"),
    "gitea": ({"backend": "gitea", "repo": "thanhhoa/cong-hoi-nghi", "app_id": "ma-ung-dung-456",
               "base_url": "https://git.thanhhoa.example"}, "Gitea", "https://git.thanhhoa.example/login/oauth/authorize"),
    "forgejo": ({"backend": "forgejo", "repo": "thanhhoa/cong-hoi-nghi", "app_id": "ma-ung-dung-789",
                 "base_url": "https://git.thanhhoa.example"}, "Forgejo",
                "https://git.thanhhoa.example/login/oauth/authorize"),
}


@pytest.mark.parametrize("kind", list(BACKENDS))
def test_each_generated_sign_in_reaches_its_host_with_the_right_parameters(stack, browser, kind):
    """The configuration made from mkdocs.yml settings is accepted by Decap (no configuration error), shows
    its sign-in button in Vietnamese, and the button sends the browser to the host's authorisation address
    with the application's id (PKCE: a code challenge, no secret). Nothing leaves this machine: the request
    to the host is recorded and refused here. No real host can run here (no Gitea/Forgejo binary in the
    package registries this machine reaches), so no save goes through one."""
    _, running, site = stack
    settings, label, authorize = BACKENDS[kind]
    made = editor_settings({name: {} for name in S.REGISTRY_ENTRIES}, [], settings)
    # served beside the real files: settings.js is the only difference
    original = (site / "admin" / "settings.js").read_text(encoding="utf-8")
    (site / "admin" / "settings.js").write_text(
        "window.PORTAL_EDITOR = " + json.dumps(made, ensure_ascii=False).replace("</", "<\\/") + ";\n", encoding="utf-8")
    try:
        context, page = watched_page(browser, viewport={"width": 1280, "height": 800})
        page.set_default_timeout(20_000)
        outside = []

        def refuse(route):
            outside.append(route.request.url)
            route.abort()
        context.route(lambda url: not url.startswith(("http://127.0.0.1:", "data:", "blob:")), refuse)
        page.goto(running.site_url + "admin/?remote=1")
        button = page.get_by_role("button", name=f"Đăng nhập bằng {label}")
        button.wait_for()
        assert "Config" not in page.locator("body").inner_text()  # Decap's configuration errors
        assert outside == []
        with context.expect_page() if kind == "github" else page.expect_request(lambda r: r.url.startswith(authorize)):
            button.click()
        page.wait_for_timeout(500)
        sent = [u for u in outside if u.startswith(authorize)]
        assert sent, outside
        query = parse_qs(urlparse(sent[0]).query)
        if kind == "github":  # the relay: the provider and this site
            assert query["provider"] == ["github"] and query["scope"] == ["repo"]
        else:
            assert query["client_id"] == [settings["app_id"]] and query["response_type"] == ["code"]
            assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
            assert "client_secret" not in query and query["redirect_uri"][0].startswith(running.site_url + "admin/")
        context.close()
    finally:
        (site / "admin" / "settings.js").write_text(original, encoding="utf-8")
