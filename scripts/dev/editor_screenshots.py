"""Screenshots of the staff editor at laptop width (1280x800) for the staff guide.

    .venv/bin/python scripts/dev/editor_screenshots.py [OUT_DIR]   # default docs/huong-dan/

Works on a temporary copy of the content (nothing in the repository changes): builds the
site, starts the editor's local pieces, fills a bulletin as a staff member would, and
saves the pictures as 256-colour PNGs (small enough to commit).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from scripts.dev.editor_stack import ROOT, editor_repo, editor_stack  # noqa: E402
from scripts.dev.screenshot import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def shoot(page, out: Path, name: str) -> None:
    path = out / name
    page.screenshot(path=str(path))
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
    print(path, path.stat().st_size // 1024, "KB")


def pick(page, label, typed, option):
    page.get_by_label(label).last.fill(typed)
    page.locator("[class*=-option]", has_text=option).first.click()


def main(argv=None) -> int:
    out = Path((argv or sys.argv[1:] or [str(ROOT / "docs/huong-dan")])[0])
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        repo = editor_repo(tmp)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"),
                        "-d", str(tmp / "site")], check=True)
        with editor_stack(repo, tmp / "site") as stack, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--lang=vi"])
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="vi-VN")
            page.set_default_timeout(30_000)
            page.goto(stack.admin_url)
            page.get_by_role("button", name="Đăng nhập").click()
            page.get_by_role("link", name="Bản tin hội nghị").wait_for()
            page.wait_for_timeout(500)
            shoot(page, out, "trinh-soan-thao-danh-sach.png")

            page.goto(stack.admin_url + "#/collections/meetings/new")
            page.get_by_label("Tiêu đề", exact=True).fill("Hội nghị giao ban quý I năm 2024")
            page.get_by_label("Ngày họp", exact=True).fill("2024-03-15")
            pick(page, "Loại hội nghị", "giao ban", "Hội nghị giao ban")
            page.get_by_role("button", name="Thêm người chủ trì").click()
            pick(page, "Họ tên người chủ trì", "le anh", "Lê Anh Xuân")
            page.get_by_label("Chức vụ như bản tin nêu").last.fill("Chủ tịch UBND thành phố")
            pick(page, "Cơ quan, tổ chức tham dự", "uy ban nhan dan thanh pho", "Ủy ban nhân dân thành phố Thanh Hóa")
            page.get_by_label("Cơ quan, tổ chức tham dự").fill("mat tran")
            page.locator("[class*=-option]").first.wait_for()
            page.get_by_label("Cơ quan, tổ chức tham dự").scroll_into_view_if_needed()
            page.mouse.wheel(0, 150)
            page.wait_for_timeout(300)
            shoot(page, out, "trinh-soan-thao-tim-khong-dau.png")
            page.locator("[class*=-option]").first.click()
            page.get_by_label("Nội dung bài đã đăng").fill(
                "Chiều 15/3, UBND thành phố tổ chức hội nghị giao ban quý I năm 2024 với UB MTTQ và các "
                "đoàn thể thành phố.\n\nHội nghị thống nhất các nội dung phối hợp trong quý II.")
            page.get_by_role("button", name="Thêm cam kết").click()
            page.get_by_label("Mã cam kết").last.fill("duong-be-tong-2024")
            page.get_by_label("Nội dung cam kết, chỉ đạo").last.fill(
                "Hoàn thành đường bê tông các phường trước ngày 30/6/2024.")
            pick(page, "Cơ quan chủ trì", "uy ban nhan dan thanh pho", "Ủy ban nhân dân thành phố Thanh Hóa")
            page.get_by_label("Tiêu đề", exact=True).scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            shoot(page, out, "trinh-soan-thao-ban-tin.png")

            page.get_by_label("Ngày họp", exact=True).fill("")
            page.get_by_label("Độ chính xác của ngày").first.select_option("year")
            page.get_by_label("Ngày họp", exact=True).fill("1900")  # a year the contract refuses
            page.get_by_role("button", name="Công bố", exact=True).click()
            page.get_by_text("Công bố ngay").click()
            page.locator("#portal-check").get_by_text("Chưa lưu").wait_for()
            page.wait_for_timeout(500)
            shoot(page, out, "trinh-soan-thao-loi.png")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
