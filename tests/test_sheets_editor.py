"""The review sheet in the staff editor, in Debian's chromium: downloaded from the built tracker page,
three rows filled (openpyxl), uploaded with "Nhập bảng rà soát" on the bulletin form, the reviews
shown in the form, saved, checked and built onto the timelines; a sheet with a bad status is refused
with its row and column, the form and the file left as they were."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import openpyxl
import pytest

from portal.outputs import sheets
from tests.conftest import build
from tests.test_editor import LATER, check, editor, front_matter, open_editor, save  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# Screenshots for a person to look at: into $PORTAL_SCREENSHOTS, else a temporary folder.
SHOTS = Path(os.environ.get("PORTAL_SCREENSHOTS") or tempfile.mkdtemp(prefix="portal-shots-"))


def _fill(data: bytes, fills: dict[int, dict[str, str]]) -> bytes:
    """Fill data rows by index (0 = first commitment): column name -> value."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[sheets.SHEET_TITLE]
    names = [sheets.column_of(c.value) for c in ws[1]]
    for index, values in fills.items():
        for name, value in values.items():
            ws.cell(index + 2, names.index(name) + 1).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_upload_a_sheet_in_the_editor(editor, browser, tmp_path):  # noqa: F811
    repo, stack, _ = editor
    rel = "docs/" + LATER
    before = (repo / rel).read_bytes()
    # Downloaded as staff would: the link on the tracker page.
    context, page = open_editor(browser, stack, "")
    page.goto(stack.site_url + "cam-ket/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải bảng rà soát (Excel", exact=False).click()
    download = info.value
    assert download.suggested_filename == "ra-soat.xlsx"
    data = open(download.path(), "rb").read()
    ids = [r[0].value for r in openpyxl.load_workbook(io.BytesIO(data))[sheets.SHEET_TITLE].iter_rows(min_row=2)]
    bad = tmp_path / "bang-sai.xlsx"
    bad.write_bytes(_fill(data, {0: {"review_status": "Hoàn thành"}, 1: {"review_status": "Xong"}}))
    good = tmp_path / "ra-soat.xlsx"
    good.write_bytes(_fill(data, {
        0: {"review_status": "Hoàn thành", "review_note": "Đã hoàn thành trong quý I"},
        1: {"review_status": "Chậm tiến độ", "review_evidence": "Báo cáo số 3 https://example.org/bc3.pdf"},
        3: {"review_status": "dang thuc hien"},
    }))

    page.goto(stack.admin_url + "#/collections/meetings/entries/" + LATER.split("/", 1)[1][:-3])
    page.get_by_label("Tiêu đề", exact=True).wait_for()
    upload = page.get_by_label("Nhập bảng rà soát (Excel .xlsx hoặc CSV)")
    # A bad status: refused with its row and column; the form's reviews and the file unchanged.
    upload.set_input_files(str(bad))
    page.get_by_text("Bảng rà soát chưa nhập được: 1 lỗi cần sửa trong bảng:").wait_for()
    panel = page.locator("#portal-check").inner_text()
    assert "bang-sai.xlsx:3:V: Trạng thái được báo cáo [review_status]: \"Xong\" không phải trạng thái" in panel
    assert page.get_by_label("Cam kết được rà soát").count() == 0
    assert (repo / rel).read_bytes() == before
    page.screenshot(path=str(SHOTS / "editor-sheet-refused.png"))
    page.get_by_role("button", name="Đóng").click()

    upload.set_input_files(str(good))
    page.get_by_text("Đã thêm 3 lần rà soát từ ra-soat.xlsx. Xem lại rồi bấm Lưu.").wait_for()
    assert page.get_by_label("Ghi chú, kết quả").first.input_value() == "Đã hoàn thành trong quý I"
    page.locator(".portal-sheet").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "editor-sheet.png"))
    page.get_by_role("button", name="Đóng").click()
    save(page)
    page.get_by_text("Đã kiểm tra: không có lỗi.").wait_for()
    page.get_by_text("Mục đã được lưu").wait_for()

    data, _ = front_matter(repo / rel)
    assert data["reviews"] == [
        {"commitment": ids[0], "status": "done", "note": "Đã hoàn thành trong quý I"},
        {"commitment": ids[1], "status": "stalled",
         "evidence": [{"title": "Báo cáo số 3", "url": "https://example.org/bc3.pdf"}]},
        {"commitment": ids[3], "status": "in-progress"},
    ]
    result = check(repo, rel)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "site"
    result = build(repo, out)
    assert result.returncode == 0, result.stderr
    html = (out / "hoi-nghi/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/index.html").read_text(encoding="utf-8")
    first = html[html.index(f'id="cam-ket-{ids[0]}"'):]
    assert "Đã hoàn thành trong quý I" in first[:4000]
    assert page.errors == [] and page.outside == []
    context.close()
