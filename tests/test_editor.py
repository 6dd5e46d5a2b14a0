"""The staff editor (/admin/, Decap CMS) in Debian's chromium, against the editor server.

One temporary copy of the repository per module: the editor server (scripts/editor_server.py)
serves the editor and writes into it on a free loopback port; the built site is served from
another, as the preview. The files the editor writes are read back from disk, checked with
scripts/check.py and built with MkDocs, as staff would publish them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from portal.contract import routes
import yaml

from portal.contract.dates import PartialDate
from portal.contract.names import bulletin_src_uri
from portal.contract.yamlsrc import split_front_matter
from tests.conftest import ROOT, build, make_project, watched_page

from scripts.dev.editor_stack import DECAP, editor_stack

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LATER = "meetings/2021/2021-03-05-giao-ban-quy-i-2021.md"
LATER_TEXT = """\
---
title: "Giao ban quý I năm 2021"
date: 2021-03-05
kind: giao-ban
chairs:
  - person: le-anh-xuan
    role: "Chủ tịch UBND thành phố"
organizations: [ubnd-tp, ub-mttq-tp]
---

Sáng 5/3, UBND thành phố giao ban với UB MTTQ thành phố.

Các đoàn thể báo cáo kết quả quý I.
"""


@pytest.fixture(scope="module")
def editor(tmp_path_factory, browser):
    """(repo copy, stack, new page factory); the site is built once, before any edit."""
    if not DECAP.exists():
        pytest.fail("node_modules is missing: run `bash scripts/setup.sh` (installs Decap CMS from npm)", pytrace=False)
    base = tmp_path_factory.mktemp("editor")
    repo = make_project(base / "repo", {LATER: LATER_TEXT})
    for name in ("editor", "node_modules"):
        (repo / name).symlink_to(ROOT / name)
    site = base / "site"
    result = build(repo, site)
    assert result.returncode == 0, result.stderr
    assert (site / "admin" / "decap-cms.js").is_file(), "the build did not copy Decap into /admin/"
    with editor_stack(repo, site) as stack:
        yield repo, stack, base


def open_editor(browser, stack, route: str):
    context, page = watched_page(browser, viewport={"width": 1280, "height": 800})
    page.set_default_timeout(20_000)
    page.outside = []
    page.on("request", lambda r: r.url.startswith("http://127.0.0.1:") or r.url.startswith("data:")
            or r.url.startswith("blob:") or page.outside.append(r.url))
    page.goto(stack.admin_url)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Bản tin hội nghị").wait_for()
    page.goto(stack.admin_url + route)
    return context, page


def pick(page, label: str, typed: str, option: str, nth: int = -1) -> None:
    """Type into a relation/select box (without accents where a person would) and click the option."""
    page.get_by_label(label).nth(nth).fill(typed)
    page.locator("[class*=-option]", has_text=option).first.click()


def save(page):
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay").click()


def front_matter(path: Path) -> tuple[dict, str]:
    fm, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(fm), body


def check(repo: Path, *paths: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--docs", str(repo / "docs"),
                           *[str(repo / p) for p in paths]], capture_output=True, text=True)


def test_create_a_bulletin_with_chair_bodies_topic_and_commitment(editor, browser, tmp_path):
    repo, stack, _ = editor
    context, page = open_editor(browser, stack, "#/collections/meetings/new")
    title = "Hội nghị giao ban quý I năm 2024 về đường bê tông Đông Hương"
    page.get_by_label("Tiêu đề", exact=True).fill(title)
    page.get_by_label("Ngày họp", exact=True).fill("2024-03-15")
    pick(page, "Loại hội nghị", "giao ban", "Hội nghị giao ban")
    page.get_by_role("button", name="Thêm người chủ trì").click()
    pick(page, "Họ tên người chủ trì", "le anh xuan", "Lê Anh Xuân")  # typed without tone marks
    page.get_by_label("Chức vụ như bản tin nêu").last.fill("Chủ tịch UBND thành phố")
    pick(page, "Cơ quan, tổ chức tham dự", "uy ban nhan dan", "Ủy ban nhân dân thành phố Thanh Hóa")
    pick(page, "Cơ quan, tổ chức tham dự", "mat tran", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Thanh Hóa")
    pick(page, "Chủ đề", "giai phong", "Giải phóng mặt bằng")
    page.get_by_role("button", name="Thêm cam kết").click()
    page.get_by_label("Mã cam kết").last.fill("duong-be-tong-dong-huong-2024")
    page.get_by_label("Nội dung cam kết, chỉ đạo").last.fill("Hoàn thành đường bê tông phường Đông Hương.")
    pick(page, "Cơ quan chủ trì", "mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Thanh Hóa")
    due = page.get_by_label("Hạn hoàn thành")
    page.get_by_label("Độ chính xác của ngày").last.select_option("month")  # a partial date: month only
    due.last.fill("2024-12")
    page.get_by_label("Nội dung bài đã đăng").fill("Chiều 15/3, UBND thành phố giao ban.\n\nHội nghị thống nhất.")
    save(page)
    page.get_by_text("Đã kiểm tra: không có lỗi.").wait_for()
    page.get_by_text("Mục đã được lưu").wait_for()

    rel = "docs/" + bulletin_src_uri(PartialDate.parse("2024-03-15"), title)  # the other tools' rule
    path = repo / rel
    assert path.is_file(), sorted(p.name for p in (repo / "docs/meetings").rglob("*.md"))
    data, body = front_matter(path)
    assert list(data) == ["title", "date", "kind", "chairs", "organizations", "topics", "commitments"]
    assert data["title"] == title and str(data["date"]) == "2024-03-15" and data["kind"] == "giao-ban"
    assert data["chairs"] == [{"person": "le-anh-xuan", "role": "Chủ tịch UBND thành phố"}]
    assert data["organizations"] == ["ubnd-tp", "ub-mttq-tp"] and data["topics"] == ["giai-phong-mat-bang"]
    assert data["commitments"] == [{"id": "duong-be-tong-dong-huong-2024", "text": "Hoàn thành đường bê tông phường "
                                    "Đông Hương.", "owners": ["ub-mttq-tp"], "due": "2024-12"}]
    assert body == "\nChiều 15/3, UBND thành phố giao ban.\n\nHội nghị thống nhất.\n"  # a blank line, then the text
    text = path.read_text(encoding="utf-8")
    assert "organizations: [ubnd-tp, ub-mttq-tp]\n" in text and "\n---\n\nChiều 15/3" in text

    result = check(repo, rel)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "site"
    result = build(repo, out)
    assert result.returncode == 0, result.stderr
    html = (out / routes.url_of_source(rel.removeprefix("docs/")) / "index.html").read_text(encoding="utf-8")
    assert title in html and "Lê Anh Xuân" in html and "Hoàn thành đường bê tông phường Đông Hương." in html
    assert page.errors == [] and page.outside == []
    context.close()


def test_edit_a_bulletin_and_review_an_earlier_commitment(editor, browser, tmp_path):
    repo, stack, _ = editor
    rel = "docs/" + LATER
    before, body_before = front_matter(repo / rel)
    context, page = open_editor(browser, stack, "#/collections/meetings/entries/" + LATER.split("/", 1)[1][:-3])
    page.get_by_label("Tiêu đề", exact=True).wait_for()
    assert page.get_by_label("Tiêu đề", exact=True).input_value() == "Giao ban quý I năm 2021"
    page.get_by_role("button", name="Thêm rà soát").click()
    pick(page, "Cam kết được rà soát", "camera", "camera-cong-cong-ba-phuong-2020")
    pick(page, "Trạng thái được báo cáo", "Hoàn", "Hoàn thành")
    page.get_by_label("Ghi chú, kết quả").last.fill("Đã lắp đặt 120 camera tại 3 phường.")
    save(page)
    page.get_by_text("Đã kiểm tra: không có lỗi.").wait_for()
    page.get_by_text("Mục đã được lưu").wait_for()

    data, body = front_matter(repo / rel)
    assert data["reviews"] == [{"commitment": "camera-cong-cong-ba-phuong-2020", "status": "done",
                                "note": "Đã lắp đặt 120 camera tại 3 phường."}]
    assert {k: v for k, v in data.items() if k != "reviews"} == before and body == body_before
    assert list(data)[-1] == "reviews"
    result = check(repo, rel)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "site"
    result = build(repo, out)
    assert result.returncode == 0, result.stderr
    html = (out / "hoi-nghi/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/index.html").read_text(encoding="utf-8")
    timeline = html[html.index('id="cam-ket-camera-cong-cong-ba-phuong-2020"'):]
    assert "Đã lắp đặt 120 camera tại 3 phường." in timeline[:4000]
    assert page.errors == [] and page.outside == []
    context.close()


def test_mistakes_are_refused_with_the_checks_message(editor, browser, tmp_path):
    repo, stack, _ = editor
    context, page = open_editor(browser, stack, "#/collections/meetings/new")
    title = "Hội nghị thử sai ngày"
    page.get_by_label("Tiêu đề", exact=True).fill(title)
    page.get_by_label("Độ chính xác của ngày").first.select_option("year")
    page.get_by_label("Ngày họp", exact=True).fill("1900")  # a year the contract does not accept
    pick(page, "Loại hội nghị", "giao ban", "Hội nghị giao ban")
    page.get_by_label("Nội dung bài đã đăng").fill("Nội dung.")
    save(page)  # and no chair
    panel = page.locator("#portal-check")
    panel.get_by_text("Chưa lưu: 2 lỗi cần sửa").wait_for()
    page.get_by_text("Không thể giữ lại mục").first.wait_for()

    # The same fields written by hand get the same lines from scripts/check.py.
    rel = "docs/meetings/1900/1900-hoi-nghi-thu-sai-ngay.md"
    hand = make_project(tmp_path / "hand", {rel.removeprefix("docs/"): (
        f'---\ntitle: "{title}"\ndate: 1900\nkind: giao-ban\n---\n\nNội dung.\n')})
    expected = check(hand, rel).stdout.splitlines()
    assert [line.split(": ")[1] for line in expected] == ["chairs", "date"], expected
    shown = panel.inner_text()
    for line in expected:
        assert line in shown, (line, shown)
    assert not list((repo / "docs/meetings").rglob("*sai-ngay*"))

    # Corrected, it saves.
    page.get_by_label("Độ chính xác của ngày").first.select_option("day")
    page.get_by_label("Ngày họp", exact=True).fill("2024-04-01")
    page.get_by_role("button", name="Thêm người chủ trì").click()
    pick(page, "Họ tên người chủ trì", "trinh thi hoa", "Trịnh Thị Hoa")
    save(page)
    panel.get_by_text("Đã kiểm tra: không có lỗi.").wait_for()
    page.get_by_text("Mục đã được lưu").wait_for()
    saved = repo / "docs/meetings/2024/2024-04-01-hoi-nghi-thu-sai-ngay.md"
    assert saved.is_file() and check(repo, str(saved.relative_to(repo))).returncode == 0
    # Decap leaves the refused save's promise rejected with its Redux action ("Object"); nothing else.
    assert set(page.errors) <= {"Object"} and page.outside == []
    context.close()
