"""Review sheets (issue 22): the open commitments written as XLSX and CSV beside the tracker, body and
locality pages, read back (XLSX and CSV, the open-data CSV too) into a meeting's reviews by
scripts/import_sheet.py, with `sheet:row:column: message` lines and nothing written on any problem."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest
from bs4 import BeautifulSoup

from conftest import AS_OF, ROOT, build, make_project
from portal.content.loader import load_site
from portal.content.views import Portal
from portal.contract import routes
from portal.contract import schema as S
from portal.editor.sheet_import import handle, import_into_bulletin
from portal.outputs import sheets
from portal.outputs.fields import COMMITMENT, Ctx

REVIEW_BULLETIN = "meetings/2026/2026-11-20-ra-soat-cam-ket.md"
REVIEW_TEXT = """\
    ---
    title: "Hội nghị rà soát cam kết năm 2026"
    date: 2026-11-20
    kind: giao-ban
    chairs:
      - person: le-anh-xuan
        role: "Chủ tịch"
    organizations: [ubnd-phuong-hac-thanh]
    # a comment staff wrote, kept as it is
    ---

    Hội nghị rà soát các cam kết còn mở.
    """
SITE_URL = "https://thanhhoa-hoinghi.example.org/"


def _project(tmp_path: Path, text: str = REVIEW_TEXT) -> Path:
    return make_project(tmp_path / "p", {REVIEW_BULLETIN: text})


def _portal(root: Path) -> Portal:
    site, report = load_site(root / "docs")
    assert not report.errors, report.format()
    return Portal(site, dt.date.fromisoformat(AS_OF))


def _open(p: Portal) -> list:
    return [c for c in p.commitments if sheets.is_open(c)]


def _workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _fill(wb, fills: dict[str, dict[str, object]]) -> bytes:
    """Fill the rows of the given ids: column name -> value."""
    ws = wb[sheets.SHEET_TITLE]
    headers = [c.value for c in ws[1]]
    names = [sheets.column_of(h) for h in headers]
    for row in ws.iter_rows(min_row=2):
        cid = row[names.index("id")].value
        for name, value in fills.get(cid, {}).items():
            row[names.index(name) if name in names else headers.index(name)].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _bulletin(root: Path) -> Path:
    return root / "docs" / REVIEW_BULLETIN


# --- the format, declared once ---------------------------------------------------------------------

def test_columns_are_the_open_data_csv_then_one_per_review_field():
    names = [c.name for c in sheets.COLUMNS]
    assert names[: len(COMMITMENT.csv_header())] == COMMITMENT.csv_header()
    review_fields = [k for k in S.REVIEW["properties"] if k != "commitment"]
    assert names[len(COMMITMENT.csv_header()):] == [sheets.REVIEW_PREFIX + k for k in review_fields]
    # Vietnamese headings with the name in brackets; the reader takes heading, plain name or title.
    for column in sheets.COLUMNS:
        assert column.heading.endswith(f"[{column.name}]")
        assert sheets.column_of(column.heading) == column.name
        assert sheets.column_of(column.name) == column.name
        assert sheets.column_of(column.title.upper()) == column.name
    assert sheets.column_of("Trang thai duoc bao cao") == sheets.STATUS_COLUMN
    assert sheets.column_of("Cột tự thêm") is None


def test_sheet_files_are_declared_on_the_routes():
    assert {r.name for r in routes.ROUTES if r.sheet} == {"tracker", "org", "locality"}
    assert [path for _, path in routes.URLS.sheets("org", "ub-mttq-tp")] == [
        "co-quan/ub-mttq-tp/ra-soat.xlsx", "co-quan/ub-mttq-tp/ra-soat.csv"]
    assert routes.URLS.sheets("topic", "x") == []


# --- writing ----------------------------------------------------------------------------------------

def test_xlsx_and_csv_hold_the_open_commitments_in_vietnamese(tmp_path):
    p = _portal(make_project(tmp_path / "p"))
    rows = _open(p)
    assert rows, "the sample content has open commitments"
    data = sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "Mọi cam kết còn mở")
    wb = _workbook(data)
    ws = wb[sheets.SHEET_TITLE]
    assert [c.value for c in ws[1]] == [c.heading for c in sheets.COLUMNS]
    ids = [r[0].value for r in ws.iter_rows(min_row=2)]
    assert ids == [c.id for c in rows]
    texts = [r[2].value for r in ws.iter_rows(min_row=2)]
    assert texts[0] == rows[0].text and any("Phường" in t or "phường" in t for t in texts)
    assert sheets.GUIDE_TITLE in wb.sheetnames
    guide = "\n".join(str(r[0].value or "") for r in wb[sheets.GUIDE_TITLE].iter_rows())
    assert "Hoàn thành một phần (partly-done)" in guide and "23/11/2026" in guide
    # The status column offers the Vietnamese labels.
    [check] = ws.data_validations.dataValidation
    assert "Chậm tiến độ" in check.formula1
    # Same content and date, same bytes; the zip entries are dated from the as-of date.
    assert sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "Mọi cam kết còn mở") == data
    import zipfile
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {i.date_time for i in archive.infolist()} == {(2026, 11, 23, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-11-23T00:00:00Z") == 2 and wb.properties.modified == dt.datetime(2026, 11, 23)
    text = sheets.sheet_csv(rows, SITE_URL)
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    assert table[0] == [c.heading for c in sheets.COLUMNS]
    assert [r[0] for r in table[1:]] == ids


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path):
    p = _portal(make_project(tmp_path / "p"))
    c = _open(p)[0]
    c.text = '=HYPERLINK("http://evil.example","x")'
    ws = _workbook(sheets.sheet_xlsx([c], SITE_URL, p.as_of, "x"))[sheets.SHEET_TITLE]
    assert ws.cell(2, 3).data_type == "s" and ws.cell(2, 3).value == c.text
    assert "'=HYPERLINK" in sheets.sheet_csv([c], SITE_URL)
    # and reads back as the text it was
    sheet = sheets.read_sheet("x.csv", sheets.sheet_csv([c], SITE_URL).encode("utf-8"))
    assert sheet.rows[0].get("text") == c.text


# --- reading -----------------------------------------------------------------------------------------

def _reviews(root: Path, name: str, data: bytes, date="2026-11-20", key="2026-11-20-ra-soat-cam-ket"):
    from portal.contract.dates import PartialDate
    site, _ = load_site(root / "docs")
    return sheets.reviews_from_rows(sheets.read_sheet(name, data), site, PartialDate.parse(date), key)


def test_xlsx_reader_takes_excel_types_and_ignores_empty_rows_and_extra_columns(tmp_path):
    root = _project(tmp_path)
    p = _portal(root)
    rows = _open(p)
    wb = _workbook(sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "x"))
    ws = wb[sheets.SHEET_TITLE]
    ws.cell(1, ws.max_column + 1).value = "Cột riêng của phòng"  # an extra column: ignored
    ws.insert_rows(3, 2)  # two empty rows: ignored
    a, b, c = rows[0].id, rows[1].id, rows[2].id
    data = _fill(wb, {
        a: {"review_status": "Hoàn thành", "review_note": "Đã xong, nghiệm thu ngày 2/11", "Cột riêng của phòng": "việc của phòng"},
        b: {"review_status": "dang thuc hien", "review_note": dt.datetime(2026, 11, 2),  # an Excel date
            "review_evidence": "Báo cáo số 5 https://example.org/bc5.pdf\nhttps://example.org/anh.jpg"},
        c: {"review_status": "stalled", "review_owners": "UB MTTQ thành phố; ban-dan-van-tu"},
    })
    result = _reviews(root, "bang.xlsx", data)
    assert not result.problems
    notes = {r["commitment"]: r for r in result.reviews}
    assert notes[a] == {"commitment": a, "status": "done", "note": "Đã xong, nghiệm thu ngày 2/11"}
    assert notes[b]["status"] == "in-progress" and notes[b]["note"] == "2026-11-02"
    assert notes[b]["evidence"] == [{"title": "Báo cáo số 5", "url": "https://example.org/bc5.pdf"},
                                    {"url": "https://example.org/anh.jpg"}]
    assert notes[c]["owners"] == ["ub-mttq-tp", "ban-dan-van-tu"]
    assert result.skipped == len(rows) - 3


@pytest.mark.parametrize("cell, links", [
    # A ";" inside an address belongs to it: the link is kept whole, not cut into a link and a mistake.
    ("https://example.org/bc.aspx?id=5;trang=2", [{"url": "https://example.org/bc.aspx?id=5;trang=2"}]),
    ("Biên bản https://example.org/a;jsessionid=9F; Ảnh https://example.org/b.jpg",
     [{"title": "Biên bản", "url": "https://example.org/a;jsessionid=9F"},
      {"title": "Ảnh", "url": "https://example.org/b.jpg"}]),
    # ... and separates two addresses, or an address and a title, written without a space.
    ("https://example.org/1.pdf;https://example.org/2.pdf", [{"url": "https://example.org/1.pdf"},
                                                             {"url": "https://example.org/2.pdf"}]),
    ("https://example.org/1.pdf;Ảnh https://example.org/2.jpg", [{"url": "https://example.org/1.pdf"},
                                                                 {"title": "Ảnh", "url": "https://example.org/2.jpg"}]),
])
def test_evidence_cells_split_on_semicolons_between_items_not_inside_addresses(tmp_path, cell, links):
    root = _project(tmp_path)
    p = _portal(root)
    rows = _open(p)
    wb = _workbook(sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "x"))
    data = _fill(wb, {rows[0].id: {"review_status": "Đang thực hiện", "review_evidence": cell}})
    result = _reviews(root, "bang.xlsx", data)
    assert not result.problems
    [review] = result.reviews
    assert review["evidence"] == links


def test_a_formula_without_a_value_in_the_status_is_refused_with_its_cell(tmp_path):
    root = _project(tmp_path)
    p = _portal(root)
    wb = _workbook(sheets.sheet_xlsx(_open(p), SITE_URL, p.as_of, "x"))
    data = _fill(wb, {_open(p)[0].id: {"review_status": '=IF(1,"Hoàn thành","")'},
                      _open(p)[1].id: {"review_status": "done", "review_note": '=CONCAT("a","b")'}})
    first, second = _reviews(root, "bang.xlsx", data).problems
    assert first.format().startswith("bang.xlsx:2:V: Trạng thái được báo cáo [review_status]: ô chứa công thức")
    assert second.format().startswith("bang.xlsx:3:W: Ghi chú, kết quả [review_note]: ô chứa công thức")


def test_csv_reader_takes_a_bom_semicolons_and_the_open_data_csv(tmp_path):
    root = _project(tmp_path)
    p = _portal(root)
    rows = _open(p)
    # Excel in a Vietnamese locale saves with ";" and maybe without a BOM.
    header = [c.heading for c in sheets.COLUMNS]
    body = [COMMITMENT.csv_row(c, Ctx(SITE_URL)) + [""] * len(sheets.REVIEW_COLUMNS) for c in rows]
    body[0][header.index("Trạng thái được báo cáo [review_status]")] = "Hoàn thành một phần"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([header, *body, [""] * len(header)])
    for data in (out.getvalue().encode("utf-8"), ("\ufeff" + out.getvalue()).encode("utf-8")):
        result = _reviews(root, "bang.csv", data)
        assert not result.problems
        assert result.reviews == [{"commitment": rows[0].id, "status": "partly-done"}]
    # The open-data data/commitments.csv as published, with a status column added by staff.
    from portal.outputs.exports import data_files
    published = data_files(p, SITE_URL)["data/commitments.csv"]
    table = list(csv.reader(io.StringIO(published.lstrip("\ufeff"))))
    assert all(sheets.column_of(h) == h for h in table[0]), "every open-data column is a sheet column"
    table[0].append("review_status")
    for r in table[1:]:
        r.append("Hoàn thành" if r[0] == rows[1].id else "")
    out = io.StringIO()
    csv.writer(out).writerows(table)
    result = _reviews(root, "commitments.csv", ("\ufeff" + out.getvalue()).encode("utf-8"))
    assert not result.problems and result.reviews == [{"commitment": rows[1].id, "status": "done"}]
    # As published, without the column: a clear message, not a silent nothing.
    [problem] = _reviews(root, "commitments.csv", published.encode("utf-8")).problems
    assert "thiếu cột \"Trạng thái được báo cáo [review_status]\"" in problem.format()


def test_every_mistake_is_a_row_and_column_message(tmp_path):
    later = """\
        ---
        title: "Hội nghị tháng 12"
        date: 2026-12-01
        kind: giao-ban
        chairs:
          - person: le-anh-xuan
        organizations: [ubnd-phuong-hac-thanh]
        commitments:
          - id: viec-sau-hoi-nghi-ra-soat
            text: "Một việc đưa ra sau hội nghị rà soát."
            owners: [ubnd-phuong-hac-thanh]
        ---

        Văn bản.
        """
    root = make_project(tmp_path / "p", {REVIEW_BULLETIN: REVIEW_TEXT, "meetings/2026/2026-12-01-sau.md": later})
    p = _portal(root)
    rows = [c for c in _open(p) if c.id != "viec-sau-hoi-nghi-ra-soat"]
    later_one = [c for c in p.commitments if c.id == "viec-sau-hoi-nghi-ra-soat"]
    cs = sheets.sheet_csv(rows + later_one, SITE_URL)
    table = list(csv.reader(io.StringIO(cs[1:])))
    col = {sheets.column_of(h): i for i, h in enumerate(table[0])}
    table[1][col["review_status"]] = "Xong rồi"  # unknown status
    table[2][col["review_status"]] = "done"
    table[2][col["review_evidence"]] = "biên bản họp"  # no address
    table[3][col["review_status"]] = "done"
    table[3][col["review_owners"]] = "Phòng không có"  # not in the registry
    table[4][col["review_note"]] = "ghi chú mà quên trạng thái"
    table[5][col["review_status"]] = "done"
    table[5][col["id"]] = table[5][col["id"]] + "-x"  # an id edited
    table[6][col["review_status"]] = "done"
    table[7] = list(table[6])  # the same commitment twice
    table[-1][col["review_status"]] = "done"  # made after this meeting
    out = io.StringIO()
    csv.writer(out).writerows(table)
    lines = [p.format() for p in _reviews(root, "bang.csv", out.getvalue().encode()).problems]
    letter = {name: sheets._letter(i) for name, i in col.items()}
    assert lines[0] == (f"bang.csv:2:{letter['review_status']}: Trạng thái được báo cáo [review_status]: \"Xong rồi\" "
                        "không phải trạng thái; chọn một trong: Chưa triển khai (not-started); Đang thực hiện "
                        "(in-progress); Chậm tiến độ (stalled); Hoàn thành (done); Hoàn thành một phần (partly-done); "
                        "Không hoàn thành (not-done)")
    assert lines[1].startswith(f"bang.csv:3:{letter['review_evidence']}: Tài liệu chứng minh [review_evidence]: "
                               "\"biên bản họp\" không phải địa chỉ đầy đủ")
    assert lines[2].startswith(f"bang.csv:4:{letter['review_owners']}: Bàn giao cho cơ quan [review_owners]: "
                               "\"Phòng không có\" không có trong danh mục cơ quan")
    assert lines[3].startswith("bang.csv:5:") and "chưa có trạng thái mới" in lines[3]
    assert lines[4].startswith("bang.csv:6:A: Mã cam kết [id]: không có cam kết nào mã") and "Có phải ý bạn là" in lines[4]
    assert lines[5].startswith("bang.csv:8:A: Mã cam kết [id]: cam kết") and "đã có ở dòng 7" in lines[5]
    assert lines[6].startswith(f"bang.csv:{len(table)}:A: Mã cam kết [id]: cam kết này được đưa ra ngày 01/12/2026, "
                               "sau hội nghị này")
    assert len(lines) == 7


def test_a_broken_or_foreign_file_is_a_message_not_a_traceback(tmp_path):
    root = _project(tmp_path)
    for name, data in [("a.xlsx", b"PK\x03\x04garbage"), ("a.csv", "Mã cam kết;x".encode("utf-16")),
                       ("a.csv", b""), ("a.csv", b"\x00\x01\x02"), ("a.csv", b"a,b\nc,d\n"),
                       ("a.xlsx", (ROOT / "readme" / "meeting.png").read_bytes())]:
        result = _reviews(root, name, data)
        assert result.problems and not result.reviews
        assert all(p.format().startswith(f"{name}:") for p in result.problems)


# --- importing into a bulletin -------------------------------------------------------------------------

def _script(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "import_sheet.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_import_keeps_the_rest_of_the_bulletin_byte_for_byte(tmp_path):
    root = _project(tmp_path)
    p = _portal(root)
    rows = _open(p)
    wb = _workbook(sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "x"))
    data = _fill(wb, {rows[0].id: {"review_status": "Hoàn thành"}, rows[1].id: {"review_status": "Chậm tiến độ"}})
    before = _bulletin(root).read_bytes()
    outcome = import_into_bulletin(root / "docs", _bulletin(root), "a.xlsx", data)
    assert outcome.ok, outcome.errors
    after = outcome.text.encode()
    head, tail = before.split(b"\n---\n", 1)[0], before.split(b"\n---\n", 1)[1]
    assert after.startswith(head) and after.endswith(b"\n---\n" + tail)
    assert after[len(head):].startswith(
        f"\nreviews:\n  - commitment: {rows[0].id}\n    status: done\n  - commitment: {rows[1].id}\n    status: stalled\n".encode())
    # A second sheet adds after the reviews already there; the same rows again change nothing.
    _bulletin(root).write_text(outcome.text, encoding="utf-8")
    data2 = _fill(_workbook(sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "x")),
                  {rows[0].id: {"review_status": "Hoàn thành"}, rows[2].id: {"review_status": "Chưa triển khai"}})
    second = import_into_bulletin(root / "docs", _bulletin(root), "b.xlsx", data2)
    assert second.ok and second.result.unchanged == [(2, rows[0].id)]
    assert second.text == outcome.text.replace(
        "    status: stalled\n", f"    status: stalled\n  - commitment: {rows[2].id}\n    status: not-started\n", 1)


def test_import_of_a_crlf_bulletin_keeps_its_line_ends(tmp_path):
    root = _project(tmp_path)
    _bulletin(root).write_bytes(_bulletin(root).read_bytes().replace(b"\n", b"\r\n"))
    p = _portal(root)
    rows = _open(p)
    data = _fill(_workbook(sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "x")), {rows[0].id: {"review_status": "done"}})
    outcome = import_into_bulletin(root / "docs", _bulletin(root), "a.xlsx", data)
    assert outcome.ok and "\n" not in outcome.text.replace("\r\n", "")


@pytest.mark.slow
def test_script_refuses_a_bad_status_and_writes_nothing(tmp_path):
    root = _project(tmp_path)
    p = _portal(root)
    rows = _open(p)
    data = _fill(_workbook(sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "x")),
                 {rows[0].id: {"review_status": "Hoàn thành"}, rows[1].id: {"review_status": "xong"}})
    sheet = tmp_path / "ra-soat.xlsx"
    sheet.write_bytes(data)
    before = _bulletin(root).read_bytes()
    result = _script(sheet, _bulletin(root), "--docs", root / "docs")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "ra-soat.xlsx:3:V: Trạng thái được báo cáo [review_status]: \"xong\" không phải trạng thái; chọn một trong: "
        "Chưa triển khai (not-started); Đang thực hiện (in-progress); Chậm tiến độ (stalled); Hoàn thành (done); "
        "Hoàn thành một phần (partly-done); Không hoàn thành (not-done)"]
    assert "chưa ghi gì" in result.stderr and "Traceback" not in result.stderr
    assert _bulletin(root).read_bytes() == before


@pytest.mark.slow
def test_script_refuses_what_check_py_refuses(tmp_path):
    """Rows that are each fine but make the bulletin fail the check (a hand-over to a body that ended
    before the meeting): the check's lines, and nothing written."""
    root = _project(tmp_path)
    p = _portal(root)
    rows = _open(p)
    data = _fill(_workbook(sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "x")),
                 {rows[0].id: {"review_status": "Đang thực hiện", "review_owners": "ubnd-tp"}})
    sheet = tmp_path / "ra-soat.xlsx"
    sheet.write_bytes(data)
    before = _bulletin(root).read_bytes()
    result = _script(sheet, _bulletin(root), "--docs", root / "docs")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith(f"docs/{REVIEW_BULLETIN}:") and "reviews[1].owners[1]" in result.stdout
    assert "ubnd-tp" in result.stdout and _bulletin(root).read_bytes() == before


@pytest.mark.slow
def test_round_trip_download_fill_import_build(tmp_path):
    """Download the sheet from the built site, fill three rows, import with the script, build: the three
    reviews are on the meeting's timeline."""
    root = _project(tmp_path)
    first = build(root, tmp_path / "site1")
    assert first.returncode == 0, first.stderr
    site = tmp_path / "site1"
    html = BeautifulSoup((site / "cam-ket" / "index.html").read_text(encoding="utf-8"), "html.parser")
    [line] = html.select(".sheet-links")
    links = {a.get_text(): a["href"] for a in line.select("a")}
    assert list(links) == ["Excel", "CSV"] and line.get_text().startswith("Tải bảng rà soát (Excel · CSV)")
    xlsx = (site / "cam-ket" / links["Excel"]).read_bytes()
    wb = _workbook(xlsx)
    ids = [r[0].value for r in wb[sheets.SHEET_TITLE].iter_rows(min_row=2)]
    fills = {ids[0]: {"review_status": "Hoàn thành", "review_note": "Đã hoàn thành trong tháng 10"},
             ids[1]: {"review_status": "Chậm tiến độ", "review_evidence": "Báo cáo https://example.org/bc.pdf"},
             ids[2]: {"review_status": "Đang thực hiện"}}
    sheet = tmp_path / "ra-soat.xlsx"
    sheet.write_bytes(_fill(wb, fills))
    result = _script(sheet, _bulletin(root), "--docs", root / "docs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Đã ghi 3 lần rà soát" in result.stderr
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "check.py"), "--docs", root / "docs"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    second = build(root, tmp_path / "site2")
    assert second.returncode == 0, second.stderr
    page = BeautifulSoup((tmp_path / "site2" / "hoi-nghi" / "2026" / "2026-11-20-ra-soat-cam-ket" / "index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    text = page.get_text(" ", strip=True)
    assert "Đã hoàn thành trong tháng 10" in text
    for cid in ids[:3]:
        made = tmp_path / "site2" / "data" / "commitments.json"
        import json
        record = next(c for c in json.loads(made.read_text())["commitments"] if c["id"] == cid)
        assert record["reviews"][-1]["meeting"] == "2026-11-20-ra-soat-cam-ket"
        # on the timeline of the meeting that made it
        maker = BeautifulSoup((tmp_path / "site2" / record["url"].split("/", 3)[3].split("#")[0] / "index.html")
                              .read_text(encoding="utf-8"), "html.parser")
        item = maker.find(id=f"cam-ket-{cid}")
        assert item is not None and "20/11/2026" in item.get_text(" ", strip=True)
    assert [r[0].value for r in _workbook((tmp_path / "site2" / "cam-ket" / "ra-soat.xlsx").read_bytes())[
        sheets.SHEET_TITLE].iter_rows(min_row=2)] == [i for i in ids if i != ids[0]], "done is no longer open"


@pytest.mark.slow
def test_built_sheets_list_exactly_the_open_commitments_of_each_page(site):
    import json
    data = json.loads((site / "data" / "commitments.json").read_text(encoding="utf-8"))
    open_ids = {c["id"] for c in data["commitments"] if c["status"] in (None, "not-started", "in-progress", "stalled")}
    records = {c["id"]: c for c in data["commitments"]}
    localities = json.loads((site / "data" / "localities.json").read_text(encoding="utf-8"))["localities"]
    orgs = json.loads((site / "data" / "organizations.json").read_text(encoding="utf-8"))["organizations"]
    seen = 0

    def ids_of(folder: Path) -> tuple[list, list]:
        wb = _workbook((folder / "ra-soat.xlsx").read_bytes())
        xl = [r[0].value for r in wb[sheets.SHEET_TITLE].iter_rows(min_row=2)]
        text = (folder / "ra-soat.csv").read_text(encoding="utf-8")
        assert text.startswith("\ufeff")
        table = list(csv.reader(io.StringIO(text[1:])))
        assert table[0] == [c.heading for c in sheets.COLUMNS]
        return xl, [r[0] for r in table[1:]]

    xl, cs = ids_of(site / "cam-ket")
    assert xl == cs and set(xl) == open_ids
    for org in orgs:
        folder = site / "co-quan" / org["id"]
        expected = {i for i in open_ids if org["id"] in records[i]["owners"]}
        html = (folder / "index.html").read_text(encoding="utf-8")
        if not expected:
            assert not (folder / "ra-soat.xlsx").exists() and "sheet-links" not in html
            continue
        xl, cs = ids_of(folder)
        assert xl == cs and set(xl) == expected and len(xl) == len(expected)
        assert 'href="ra-soat.xlsx"' in html and 'href="ra-soat.csv"' in html
        seen += 1
    p = _portal(ROOT)
    for loc in localities:
        folder = site / "dia-ban" / loc["id"]
        entry = p.registries.localities[loc["id"]]
        expected = [c.id for c in entry.owned + entry.placed if sheets.is_open(c)]
        if not expected:
            assert not (folder / "ra-soat.xlsx").exists()
            continue
        xl, cs = ids_of(folder)
        assert xl == cs and set(xl) == set(expected) and set(xl) <= open_ids
        assert 'href="ra-soat.xlsx"' in (folder / "index.html").read_text(encoding="utf-8")
        seen += 1
    assert seen >= 3


def test_hostile_sheets_are_bounded_and_answered(tmp_path):
    """A cell far away (the sheet's dimension a million rows), a zip bomb, control characters and markup:
    each a message or text, in bounded time, never a traceback."""
    import time
    import zipfile

    root = _project(tmp_path)
    p = _portal(root)
    rows = _open(p)
    wb = _workbook(_fill(_workbook(sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "x")),
                         {rows[0].id: {"review_status": "done"}}))
    wb[sheets.SHEET_TITLE].cell(1_048_576, 16_384).value = "xa"  # Excel's last cell
    out = io.BytesIO()
    wb.save(out)
    started = time.monotonic()
    result = _reviews(root, "xa.xlsx", out.getvalue())
    assert time.monotonic() - started < 20
    assert not result.problems and len(result.reviews) == 1  # a cell past column 1,000: not read
    wb[sheets.SHEET_TITLE].cell(30_000, 1).value = "xa"
    out = io.BytesIO()
    wb.save(out)
    result = _reviews(root, "xa.xlsx", out.getvalue())
    assert [p.format() for p in result.problems] == [
        f"xa.xlsx:30000:(bảng): bảng có hơn {sheets.MAX_ROWS} dòng; hãy chia thành nhiều bảng"]
    # A workbook whose sheet unpacks to far more than any review sheet.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b" " * (sheets.MAX_UNPACKED + 1))
    [problem] = _reviews(root, "bom.xlsx", bomb.getvalue()).problems
    assert "quá lớn" in problem.message
    # Control characters (a CSV can hold them, a workbook cannot) are refused in their cell; a line end
    # written CRLF inside a cell is a line end; markup is text, written quoted.
    table = list(csv.reader(io.StringIO(sheets.sheet_csv(rows, SITE_URL)[1:])))
    col = {sheets.column_of(h): i for i, h in enumerate(table[0])}
    table[1][col["review_status"]], table[1][col["review_note"]] = "done", "a\x07b"
    table[2][col["review_status"]], table[2][col["review_note"]] = "done", "dòng 1\r\ndòng 2"
    out = io.StringIO()
    csv.writer(out).writerows(table)
    result = _reviews(root, "c.csv", out.getvalue().encode())
    [problem] = result.problems
    assert problem.format().startswith("c.csv:2:W: Ghi chú, kết quả [review_note]: có ký tự điều khiển")
    table[1][col["review_status"]] = table[1][col["review_note"]] = ""
    out = io.StringIO()
    csv.writer(out).writerows(table)
    result = _reviews(root, "c.csv", out.getvalue().encode())
    assert not result.problems and result.reviews[0]["note"] == "dòng 1\ndòng 2"
    data = _fill(_workbook(sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "x")), {
        rows[1].id: {"review_status": "done", "review_note": "<script>alert(1)</script> {{ x }}"}})
    outcome = import_into_bulletin(root / "docs", _bulletin(root), "c.xlsx", data)
    assert outcome.ok and 'note: "<script>alert(1)</script> {{ x }}"' in outcome.text


def test_editor_handler_answers_every_request_without_a_traceback(tmp_path):
    import base64

    root = _project(tmp_path)
    p = _portal(root)
    rows = _open(p)
    good = _fill(_workbook(sheets.sheet_xlsx(rows, SITE_URL, p.as_of, "x")), {
        rows[0].id: {"review_status": "Hoàn thành", "review_note": "xong"}, rows[1].id: {"review_status": "done"}})
    b64 = base64.b64encode(good).decode()
    status, answer = handle(root / "docs", {"name": "../../ra-soat.xlsx", "data": b64, "date": "2026-11-20",
                                            "path": "docs/" + REVIEW_BULLETIN,
                                            "reviews": [{"commitment": rows[1].id, "status": "done"}]})
    assert status == 200 and not answer["errors"]
    assert answer["reviews"] == [{"commitment": rows[0].id, "status": "done", "note": "xong"}]
    assert answer["notes"][0] == f"ra-soat.xlsx:3: {rows[1].id}: đã có trong bản tin, giữ nguyên"
    # A new bulletin (no path yet) dated before a commitment was made.
    status, answer = handle(root / "docs", {"name": "a.xlsx", "data": b64, "date": "2019-05"})
    assert status == 200 and answer["reviews"] == [] and all(":A: Mã cam kết [id]: cam kết này được đưa ra ngày"
                                                              in line for line in answer["errors"])
    for request in [None, [], {"data": "%%%"}, {"data": b64}, {"data": b64, "date": "hôm qua"}, {"data": ""},
                    {"name": 5, "data": b64, "date": 2026, "reviews": "x"}]:
        status, answer = handle(root / "docs", request)
        assert status in (200, 400) and (answer.get("errors") or answer.get("error") or answer.get("reviews"))


@pytest.mark.slow
def test_script_answers_a_hurried_persons_mistakes(tmp_path):
    root = _project(tmp_path)
    p = _portal(root)
    sheet = tmp_path / "ra-soat.xlsx"
    sheet.write_bytes(_fill(_workbook(sheets.sheet_xlsx(_open(p), SITE_URL, p.as_of, "x")),
                            {_open(p)[0].id: {"review_status": "done"}}))
    swapped = _script(_bulletin(root), sheet, "--docs", root / "docs")
    assert swapped.returncode == 2 and "(thứ tự: bảng trước, bản tin sau)" in swapped.stderr
    page = _script(sheet, root / "docs" / "gioi-thieu.md", "--docs", root / "docs")
    assert page.returncode == 1 and "đây không phải bản tin" in page.stdout
    missing = _script(tmp_path / "khong-co.xlsx", _bulletin(root), "--docs", root / "docs")
    assert missing.returncode == 2 and "không tìm thấy bảng này" in missing.stderr
    same_meeting = _script(sheet, root / "docs" / "meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the.md",
                           "--docs", root / "docs")
    assert same_meeting.returncode == 1 and "được đưa ra tại chính hội nghị này" in same_meeting.stdout
    dry = _script(sheet, _bulletin(root), "--docs", root / "docs", "--dry-run")
    assert dry.returncode == 0 and "--dry-run: chưa ghi gì" in dry.stderr
    for result in (swapped, page, missing, same_meeting, dry):
        assert "Traceback" not in result.stderr + result.stdout
    assert "reviews" not in _bulletin(root).read_text(encoding="utf-8")


_FUZZ_SITE: dict = {}


def _fuzz_site():
    if not _FUZZ_SITE:
        site, _ = load_site(ROOT / "docs")
        _FUZZ_SITE["site"] = site
    return _FUZZ_SITE["site"]


_CELLS = st.one_of(st.sampled_from(["done", "Hoàn thành", "xong", "", "camera-cong-cong-ba-phuong-2020",
                                    "https://example.org/a", "ub-mttq-tp", "=1+1", "'=x", "\ufeff", "[id]",
                                    "Trạng thái được báo cáo [review_status]", "Mã cam kết [id]"]),
                   st.text(max_size=20))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.lists(_CELLS, max_size=6), rows=st.lists(st.lists(_CELLS, max_size=6), max_size=5),
       delimiter=st.sampled_from([",", ";", "\t"]), raw=st.binary(max_size=200))
def test_no_sheet_makes_a_traceback(header, rows, delimiter, raw):
    """Random tables (with the real headings and values mixed in) and random bytes: problems or reviews,
    never an exception; every problem is one `sheet:row:` line."""
    from portal.contract.dates import PartialDate

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([header, *rows])
    for data in (out.getvalue().encode("utf-8"), raw, b"PK\x03\x04" + raw):
        sheet = sheets.read_sheet("f.csv", data)
        result = sheets.reviews_from_rows(sheet, _fuzz_site(), PartialDate.parse("2026-11-20"), None)
        for problem in result.problems:
            line = problem.format()
            assert line.startswith("f.csv:") and "\n" not in line
        for review in result.reviews:
            assert review["status"] in S.COMMITMENT_STATUSES
