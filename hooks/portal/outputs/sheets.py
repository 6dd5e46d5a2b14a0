"""Review sheets: the open commitments as a spreadsheet for a review meeting, and the filled sheet read back.

The sheet's columns are declared nowhere else: first every CSV column of the open-data commitment record
(:data:`portal.outputs.fields.COMMITMENT`, the columns of ``data/commitments.csv``, in its order), then
one blank column per field of a review in the contract (:data:`portal.contract.schema.REVIEW`, but its
``commitment``, which is the row's ``id``), named ``review_<field>``. A column's heading is its
Vietnamese title followed by its name in brackets (``Trạng thái được báo cáo [review_status]``): staff
read the first, the reader matches the second, or the plain name (the open-data CSV's header), or the
title alone. So the published ``commitments.csv`` is itself a sheet: add a ``review_status`` column (and
``review_note``…) to it and it imports.

Written beside the pages whose route declares ``sheet`` (:data:`portal.contract.routes.SHEETS`): XLSX
(openpyxl; fixed timestamps, so the same content and as-of date give the same bytes) and CSV (UTF-8 with
BOM, cells that a spreadsheet would run as a formula prefixed with ``'``).

Reading (:func:`read_sheet`) accepts XLSX and CSV (comma, semicolon or tab; with or without BOM), ignores
empty rows and columns it does not know, takes a formula's computed value and an Excel date as its ISO
day, and turns each filled row into a :class:`SheetRow`. :func:`reviews_from_rows` checks the rows
against the loaded content and a meeting, and returns the reviews in the contract's shape, or
``sheet:row:column: message`` problems in Vietnamese. Nothing here writes a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from portal.contract import schema as S
from portal.contract.sanitize import csv_document
from portal.contract.text import fold, nfc
from portal.contract.validate import nearest
from portal.outputs.fields import CSV_LIST_SEPARATOR, COMMITMENT, Ctx

REVIEW_PREFIX = "review_"
SHEET_TITLE = "Rà soát"
GUIDE_TITLE = "Hướng dẫn"
MAX_SHEET_BYTES = 5_000_000  # far above a sheet of every commitment of a province
MAX_ROWS = 20_000
MAX_COLUMNS = 1_000  # cells further right are not read
MAX_UNPACKED = 100_000_000  # an .xlsx that unpacks to more is refused before it is parsed
# Columns shown in Excel; the others are in the sheet (the open-data CSV's) but hidden, a click away.
SHOWN = ("id", "text", "meeting_date", "owner_names", "due", "status_label", "overdue")


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    description: str
    review: str | None = None  # the review field this column fills (status, note, owners, evidence)

    @property
    def heading(self) -> str:
        return f"{self.title} [{self.name}]"


def _review_columns() -> tuple[Column, ...]:
    out = []
    for name, prop in S.REVIEW["properties"].items():
        if prop.get("x-refers") == "commitment-id":
            continue  # the row's id
        title = prop.get("title") or name
        out.append(Column(REVIEW_PREFIX + name, title, prop.get("description", ""), name))
    return tuple(out)


OUT_COLUMNS = tuple(Column(f.name, f.heading, f.csv_description()) for f in COMMITMENT._of("csv"))
REVIEW_COLUMNS = _review_columns()
COLUMNS = OUT_COLUMNS + REVIEW_COLUMNS
ID_COLUMN = "id"
STATUS_COLUMN = REVIEW_PREFIX + "status"


def catalog(folders: list[str], files: list[str]) -> dict:
    """The review sheet as the data page lists it: ``folders`` are the pages it is beside, ``files`` its
    names (routes.SHEETS)."""
    return {"path": " · ".join(f"{folder}{name}" for folder in folders for name in files), "pattern": True,
            "format": "Excel (.xlsx) và CSV (UTF-8 có BOM)", "schema": None,
            "title": "Bảng rà soát cho cán bộ: các cam kết còn mở của trang (tất cả, một cơ quan chủ trì, một địa "
                     "bàn), mỗi dòng một cam kết, cùng các cột của commitments.csv, rồi các cột trống để ghi kết quả "
                     "hội nghị rà soát. Dòng tiêu đề ghi tên tiếng Việt và tên cột trong ngoặc vuông; bảng đã điền "
                     "được nhập lại vào bản tin (scripts/import_sheet.py hoặc nút \"Nhập bảng rà soát\" của trình "
                     "soạn thảo). Tệp commitments.csv thêm cột review_status cũng nhập được như vậy.",
            "fields": [(c.name, "chuỗi", f"{c.title}: {_NO_PATH.sub('', c.description)}" if c.review else
                        f"{c.title} (như commitments.csv)") for c in COLUMNS]}


_NO_PATH = re.compile(r"\s*\([^)]*docs/[^)]*\)")  # "(mã trong docs/data/…)": for YAML writers, not this page


def is_open(commitment) -> bool:
    return commitment.status in S.OPEN_STATUSES


# --- writing ------------------------------------------------------------------------------------

def _rows(commitments, ctx: Ctx) -> list[list[str]]:
    blanks = [""] * len(REVIEW_COLUMNS)
    return [COMMITMENT.csv_row(c, ctx) + blanks for c in commitments]


def sheet_csv(commitments, site_url: str, rows: list[list[str]] | None = None) -> str:
    """The sheet as CSV: the headings, one row per commitment (sanitize.csv_document, as the open data)."""
    return csv_document([c.heading for c in COLUMNS], rows if rows is not None else _rows(commitments, Ctx(site_url)))


def _guide_lines(as_of: dt.date, title: str) -> list[str]:
    statuses = "; ".join(f"{label} ({key})" for key, label in S.COMMITMENT_STATUSES.items())
    review = {c.review: c for c in REVIEW_COLUMNS}
    return [
        f"Bảng rà soát: {title}",
        f"Các cam kết còn mở tính đến ngày {as_of.strftime('%d/%m/%Y')} (chưa có báo cáo, chưa triển khai, "
        "đang thực hiện, chậm tiến độ), mỗi dòng một cam kết.",
        "",
        "Cách điền, sau hội nghị rà soát:",
        f"1. Ở mỗi cam kết được báo cáo, chọn cột \"{review['status'].title}\": {statuses}.",
        f"2. \"{review['note'].title}\": kết quả được báo cáo (không bắt buộc).",
        f"3. \"{review['evidence'].title}\": địa chỉ http:// hoặc https://, nhiều địa chỉ thì mỗi địa chỉ một "
        "dòng hoặc cách nhau bằng dấu chấm phẩy; có thể ghi tên trước địa chỉ: \"Báo cáo số 12 https://…\".",
        f"4. \"{review['owners'].title}\": chỉ điền khi hội nghị giao cam kết cho cơ quan khác; mã hoặc tên "
        f"cơ quan, cách nhau bằng \"{CSV_LIST_SEPARATOR.strip()}\".",
        "5. Dòng không chọn trạng thái mới thì bỏ qua; đừng sửa cột Mã cam kết [id]. Có thể xóa dòng, thêm cột.",
        "6. Nhập vào bản tin của hội nghị rà soát: trong trình soạn thảo, nút \"Nhập bảng rà soát\"; hoặc "
        "chạy: .venv/bin/python scripts/import_sheet.py <bảng> docs/meetings/<năm>/<bản tin>.md",
        "",
        "Các cột (tên trong ngoặc vuông là tên cột của dữ liệu mở data/commitments.csv):",
        *(f"{c.heading}: {c.description}" for c in COLUMNS),
    ]


def sheet_rows(commitments, site_url: str) -> list[list[str]]:
    """The sheet's rows (the same in the workbook and the CSV), one per commitment."""
    return _rows(commitments, Ctx(site_url))


def sheet_xlsx(commitments, site_url: str, as_of: dt.date, title: str) -> bytes:
    """The sheet as an Excel workbook: the rows, a drop-down of statuses, and a guide sheet."""
    return xlsx_of_rows(sheet_rows(commitments, site_url), as_of, title)


def xlsx_of_rows(rows: list[list[str]], as_of: dt.date, title: str) -> bytes:
    """The workbook of :func:`sheet_xlsx` from its rows: a function of the rows, the date and the
    title only (the build keeps it by them: portal_mkdocs.writers)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([c.heading for c in COLUMNS])
    for row in rows:
        ws.append(row)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(COLUMNS, 1):
        letter = get_column_letter(index)
        head = ws.cell(1, index)
        head.font, head.alignment = bold, Alignment(wrap_text=True, vertical="top")
        if column.review:
            head.fill = fill
        width = 60 if column.name == "text" else 30 if column.review else 16
        ws.column_dimensions[letter].width = width
        ws.column_dimensions[letter].hidden = not column.review and column.name not in SHOWN
    wrap = Alignment(wrap_text=True, vertical="top")
    text_index = [c.name for c in COLUMNS].index("text")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"  # text as text: a cell starting with "=" is never a formula here
        row[text_index].alignment = wrap  # a style per cell costs: only the long text wraps
    ws.freeze_panes = "C2"
    status_index = [c.name for c in COLUMNS].index(STATUS_COLUMN) + 1
    letter = get_column_letter(status_index)
    labels = ",".join(S.COMMITMENT_STATUSES.values())
    check = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True, showErrorMessage=True,
                           errorTitle="Trạng thái", error="Chọn một trạng thái trong danh sách.")
    check.add(f"{letter}2:{letter}{max(len(rows) + 1, 2) + 200}")
    ws.add_data_validation(check)
    guide = wb.create_sheet(GUIDE_TITLE)
    for line in _guide_lines(as_of, title):
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = wb.properties.lastModifiedBy = "portal"
    wb.properties.title = title
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue(), stamp)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same archive with every entry dated ``stamp`` (openpyxl dates them at the time of saving)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, when)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o600 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets "modified" to the time of saving
                content = _MODIFIED.sub(rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()


# --- reading ------------------------------------------------------------------------------------

@dataclass
class Cell:
    value: str  # as text: a number or an Excel date made text, a formula's computed value
    link: str | None = None  # an XLSX cell's hyperlink


@dataclass
class SheetRow:
    number: int  # the row's number in the sheet (the header is row 1 when it is first)
    cells: dict[str, Cell] = field(default_factory=dict)  # column name -> cell

    def get(self, name: str) -> str:
        cell = self.cells.get(name)
        return cell.value.strip() if cell else ""


@dataclass(frozen=True)
class SheetProblem:
    sheet: str
    row: int
    column: str  # the column's letter, as the spreadsheet shows it ("" for the whole sheet)
    heading: str
    message: str

    def format(self) -> str:
        where = f"{self.column}: {self.heading}" if self.column else self.heading
        return f"{self.sheet}:{self.row}:{where}: {self.message}".replace("\n", "\\n")


@dataclass
class Sheet:
    name: str
    rows: list[SheetRow] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # column name -> letter
    problems: list[SheetProblem] = field(default_factory=list)

    def problem(self, row: int, column: str | None, message: str) -> None:
        known = {c.name: c for c in COLUMNS}
        heading = known[column].heading if column in known else (column or "(bảng)")
        self.problems.append(SheetProblem(self.name, row, self.letters.get(column, ""), heading, message))


def _letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


_BRACKET = re.compile(r"\[\s*([A-Za-z_]+)\s*\]\s*\Z")


def column_of(heading: str) -> str | None:
    """The column a heading names: ``… [name]``, the plain name, or the Vietnamese title alone."""
    text = nfc(str(heading or "")).strip().lstrip("\ufeff").strip()
    found = _BRACKET.search(text)
    names = {c.name for c in COLUMNS}
    if found and found.group(1).lower() in names:
        return found.group(1).lower()
    if text.lower() in names:
        return text.lower()
    titles = {fold(c.title): c.name for c in COLUMNS}
    return titles.get(fold(text))


def _text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value).replace("\r\n", "\n").replace("\r", "\n"))


def read_sheet(name: str, data: bytes) -> Sheet:
    """The filled sheet: its header and rows, or problems saying why it cannot be read."""
    sheet = Sheet(name)
    if len(data) > MAX_SHEET_BYTES:
        sheet.problem(1, None, f"tệp quá lớn ({len(data) // 1000} KB); một bảng rà soát chỉ cần vài trăm KB")
        return sheet
    if data[:4] == b"PK\x03\x04":
        table = _xlsx_table(sheet, data)
    else:
        table = _csv_table(sheet, data)
    if table is None:
        return sheet
    _rows_of(sheet, table)
    return sheet


def _xlsx_table(sheet: Sheet, data: bytes) -> list[tuple[int, list[Cell]]] | None:
    import warnings

    from openpyxl import load_workbook

    try:
        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        unpacked = 0  # openpyxl below says the file is broken
    if unpacked > MAX_UNPACKED:
        sheet.problem(1, None, f"tệp Excel quá lớn khi giải nén ({unpacked // 1_000_000} MB); một bảng rà soát chỉ "
                               "cần vài MB")
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formulas = load_workbook(io.BytesIO(data), read_only=False, data_only=False)
            values = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken or foreign file: say what staff can do
        sheet.problem(1, None, "không đọc được tệp Excel này (.xlsx): hãy mở bằng Excel và lưu lại dạng "
                               "\"Excel Workbook (.xlsx)\" hoặc \"CSV UTF-8\"")
        return None
    ws_f = formulas[SHEET_TITLE] if SHEET_TITLE in formulas.sheetnames else formulas.worksheets[0]
    ws_v = values[ws_f.title]
    # The cells that exist, not the sheet's rectangle: one cell in Excel's last row and column would make
    # that rectangle 17 billion cells.
    grid: dict[int, dict[int, Cell]] = {}
    for (row, column), cf in ws_f._cells.items():
        value = ws_v._cells[(row, column)].value if (row, column) in ws_v._cells else None
        link = cf.hyperlink.target if cf.hyperlink is not None and cf.hyperlink.target else None
        if column > MAX_COLUMNS or (value is None and cf.data_type != "f" and not link):
            continue
        if row > MAX_ROWS + 1:
            sheet.problem(row, None, f"bảng có hơn {MAX_ROWS} dòng; hãy chia thành nhiều bảng")
            return None
        text = _FORMULA_WITHOUT_VALUE if cf.data_type == "f" and value is None else _text_of(value)
        grid.setdefault(row, {})[column] = Cell(text, link)
    table = []
    for row in sorted(grid):
        cells = grid[row]
        table.append((row, [cells.get(c, Cell("")) for c in range(1, max(cells) + 1)]))
    return table


_FORMULA_WITHOUT_VALUE = "\x00formula"


def _csv_table(sheet: Sheet, data: bytes) -> list[tuple[int, list[Cell]]] | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        sheet.problem(1, None, "tệp CSV không phải mã UTF-8 (chữ tiếng Việt sẽ sai): trong Excel chọn Lưu thành "
                               "\"CSV UTF-8 (phân cách bằng dấu phẩy)\", hoặc lưu dạng .xlsx")
        return None
    if "\x00" in text:
        sheet.problem(1, None, "tệp này không phải bảng CSV hay Excel (.xlsx)")
        return None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        sheet.problem(1, None, f"tệp CSV hỏng ({exc}); hãy mở bằng Excel và lưu lại")
        return None
    if len(rows) > MAX_ROWS + 1:
        sheet.problem(MAX_ROWS + 2, None, f"bảng có hơn {MAX_ROWS} dòng; hãy chia thành nhiều bảng")
        return None
    return [(n, [Cell(_csv_value(v)) for v in row]) for n, row in enumerate(rows, 1)]


def _csv_value(value: str) -> str:
    # The portal's own CSV prefixes a cell that starts like a formula with "'" (sanitize.csv_cell).
    if value[:2] in {"'" + c for c in "=+-@\t\r"}:
        value = value[1:]
    return nfc(value.replace("\r\n", "\n").replace("\r", "\n"))


def _rows_of(sheet: Sheet, table: list[tuple[int, list[Cell]]]) -> None:
    header_at = next((i for i, (_, cells) in enumerate(table) if any(c.value.strip() for c in cells)), None)
    if header_at is None:
        sheet.problem(1, None, "bảng trống: không có dòng tiêu đề nào")
        return
    number, header = table[header_at]
    names: dict[int, str] = {}
    for index, cell in enumerate(header):
        name = column_of(cell.value)
        if name is None:
            continue  # a column staff added: kept out of the reviews, never an error
        if name in sheet.letters:
            sheet.problems.append(SheetProblem(sheet.name, number, _letter(index), cell.value.strip(),
                                               f"cột này trùng với cột {sheet.letters[name]}; xóa một trong hai"))
            continue
        names[index] = name
        sheet.letters[name] = _letter(index)
    for required in (ID_COLUMN, STATUS_COLUMN):
        if required not in sheet.letters:
            column = next(c for c in COLUMNS if c.name == required)
            sheet.problem(number, None, f"thiếu cột \"{column.heading}\"; dòng tiêu đề cần có cột này (tải bảng "
                                        "rà soát từ trang Cam kết, trang cơ quan hoặc trang địa bàn, hoặc thêm cột "
                                        "vào tệp data/commitments.csv)")
    if sheet.problems:
        return
    for number, cells in table[header_at + 1:]:
        row = SheetRow(number, {names[i]: c for i, c in enumerate(cells) if i in names})
        if not any(c.value.strip() or c.link for c in cells):
            continue  # an empty row
        sheet.rows.append(row)


# --- rows to reviews ----------------------------------------------------------------------------

_STATUS_BY_FOLD = {**{fold(k): k for k in S.COMMITMENT_STATUSES}, **{fold(v): k for k, v in S.COMMITMENT_STATUSES.items()}}
_URL = re.compile(r"https?://\S+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_URI_OK = re.compile(r"^https?://[^\s/\"'<>`]+[^\s\"'<>`]*\Z")


@dataclass
class Result:
    reviews: list[dict] = field(default_factory=list)  # new reviews, in sheet order, in the contract's shape
    rows: list[int] = field(default_factory=list)  # the sheet row of each new review
    unchanged: list[tuple[int, str]] = field(default_factory=list)  # rows already recorded as they are
    problems: list[SheetProblem] = field(default_factory=list)
    skipped: int = 0  # rows with no new status and nothing else filled (the commitments not reported)


_URL_GOES_ON = re.compile(r"[A-Za-z0-9%._~:/?#@!$&'()*+,=\[\]-]+(?:[;\s]|\Z)")  # what an address holds unescaped


def _split(text: str) -> list[str]:
    """The items of a cell: one per line, or separated by ";". A ";" inside an address belongs to it
    (``https://x.vn/bc.aspx?id=5;trang=2``, ``…/a;jsessionid=…``) unless a space, a word an address
    cannot hold (Vietnamese letters) or another address follows it (``https://a.vn/1;https://b.vn/2``)."""
    parts: list[str] = []
    for line in text.split("\n"):
        pieces = line.split(";")
        current = pieces[0]
        for piece in pieces[1:]:
            words = current.split()
            in_address = bool(words) and "://" in words[-1] and not current[-1:].isspace()
            if in_address and _URL_GOES_ON.match(piece) and not _URL.match(piece):
                current += ";" + piece
            else:
                parts.append(current)
                current = piece
        parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def _evidence(cell: Cell | None) -> tuple[list[dict], list[str]]:
    """Links of an evidence cell, and the parts that are not links."""
    if cell is None:
        return [], []
    links, bad = [], []
    text = cell.value.strip()
    if cell.link and not _URL.search(text):
        # An Excel hyperlink: its text is the title.
        if _URI_OK.match(cell.link):
            links.append(_link(text, cell.link))
        else:
            bad.append(cell.link)
        return links, bad
    for part in _split(text):
        found = _URL.search(part)
        if not found:
            bad.append(part)
            continue
        url = found.group().rstrip(".,)")
        title = (part[:found.start()] + part[found.end():]).strip(" -–:|,()")
        if not _URI_OK.match(url):
            bad.append(url)
            continue
        links.append(_link(title, url))
    return links, bad


def _link(title: str, url: str) -> dict:
    return {"title": title, "url": url} if title else {"url": url}


def _organization_key(site, text: str) -> str | None:
    orgs = site.registries.organizations
    if text in orgs:
        return text
    wanted = fold(text)
    for key, org in orgs.items():
        names = [org.name, org.short or "", *org.aliases]
        if any(fold(n) == wanted for n in names if n):
            return key
    return None


def reviews_from_rows(sheet: Sheet, site, meeting_date, meeting_key: str | None,
                      existing: list[dict] | tuple = ()) -> Result:
    """The reviews of the filled rows, checked against the content (``site``: portal.content Site)
    for a meeting on ``meeting_date`` (a PartialDate) whose bulletin is ``meeting_key`` (its file
    name; None for a bulletin not saved yet), holding the reviews ``existing`` already."""
    result = Result(problems=list(sheet.problems))
    if sheet.problems:
        return result
    commitments = {c.id: c for m in site.meetings for c in m.commitments}
    before = {r.get("commitment"): r for r in existing if isinstance(r, dict)}
    seen: dict[str, int] = {}

    def problem(row: SheetRow, column: str, message: str) -> None:
        known = {c.name: c for c in COLUMNS}
        result.problems.append(SheetProblem(sheet.name, row.number, sheet.letters.get(column, ""),
                                            known[column].heading, message))

    labels = "; ".join(f"{label} ({key})" for key, label in S.COMMITMENT_STATUSES.items())
    for row in sheet.rows:
        status_text = row.get(STATUS_COLUMN)
        filled = [c for c in REVIEW_COLUMNS if c.name != STATUS_COLUMN and (row.get(c.name) or (
            row.cells.get(c.name) and row.cells[c.name].link))]
        if not status_text:
            if filled:
                problem(row, STATUS_COLUMN, f"dòng có \"{filled[0].title}\" nhưng chưa có trạng thái mới: chọn "
                                            f"một trong: {labels}, hoặc xóa nội dung đã điền")
            else:
                result.skipped += 1
            continue
        before_count = len(result.problems)
        formulas = [c.name for c in REVIEW_COLUMNS if row.cells.get(c.name) is not None
                    and row.cells[c.name].value == _FORMULA_WITHOUT_VALUE]
        for name in formulas:
            problem(row, name, "ô chứa công thức chưa có giá trị: hãy mở bằng Excel và lưu lại, hoặc chép rồi dán "
                               "giá trị")
        if formulas:
            continue
        status = _STATUS_BY_FOLD.get(fold(status_text))
        if status is None:
            problem(row, STATUS_COLUMN, f"\"{status_text}\" không phải trạng thái; chọn một trong: {labels}")
        cid = row.get(ID_COLUMN)
        commitment = commitments.get(cid)
        if not cid:
            problem(row, ID_COLUMN, "thiếu mã cam kết: dòng có trạng thái mới cần mã cam kết của dòng đó")
        elif commitment is None:
            found = nearest(cid, commitments)
            hint = f" Có phải ý bạn là \"{found[0]}\"?" if found else ""
            problem(row, ID_COLUMN, f"không có cam kết nào mã \"{cid}\"; đừng sửa cột mã cam kết.{hint}")
        elif meeting_key is not None and commitment.meeting.key == meeting_key:
            problem(row, ID_COLUMN, "cam kết này được đưa ra tại chính hội nghị này; bảng rà soát chỉ ghi các "
                                    "cam kết của hội nghị trước")
        elif commitment.meeting.date.start > meeting_date.start:
            problem(row, ID_COLUMN, f"cam kết này được đưa ra ngày {commitment.meeting.date.short_vi()}, sau hội "
                                    f"nghị này ({meeting_date.short_vi()}): bảng này có lẽ dành cho hội nghị khác")
        elif cid in seen:
            problem(row, ID_COLUMN, f"cam kết \"{cid}\" đã có ở dòng {seen[cid]}; mỗi cam kết chỉ rà soát một lần "
                                    "trong một hội nghị")
        if cid:
            seen.setdefault(cid, row.number)
        for column in REVIEW_COLUMNS:
            if _CONTROL.search(row.get(column.name)):
                problem(row, column.name, "có ký tự điều khiển (không in được) trong ô; gõ lại nội dung ô này")
        note = row.get(REVIEW_PREFIX + "note") or None
        evidence, bad = _evidence(row.cells.get(REVIEW_PREFIX + "evidence"))
        for part in bad:
            problem(row, REVIEW_PREFIX + "evidence", f"\"{part[:80]}\" không phải địa chỉ đầy đủ; mỗi tài liệu "
                                                     "cần một địa chỉ bắt đầu bằng http:// hoặc https://")
        owners = []
        for part in re.split(r"[;,\n]", row.get(REVIEW_PREFIX + "owners")):
            part = part.strip()
            if not part:
                continue
            key = _organization_key(site, part)
            if key is None:
                found = nearest(part, site.registries.organizations)
                hint = f" Có phải ý bạn là \"{found[0]}\"?" if found else ""
                problem(row, REVIEW_PREFIX + "owners", f"\"{part}\" không có trong danh mục cơ quan, tổ chức "
                                                       f"(docs/data/organizations/): ghi mã hoặc tên cơ quan.{hint}")
            elif key not in owners:
                owners.append(key)
        if len(result.problems) > before_count:
            continue
        review = {"commitment": cid, "status": status, "note": note, "owners": owners, "evidence": evidence}
        review = {k: v for k, v in review.items() if v not in (None, [], "")}
        if cid in before:
            if _same(before[cid], review):
                result.unchanged.append((row.number, cid))
                continue
            problem(row, ID_COLUMN, "bản tin đã có một lần rà soát khác của cam kết này; sửa trong bản tin, hoặc "
                                    "xóa lần rà soát đó rồi nhập lại")
            continue
        result.reviews.append(review)
        result.rows.append(row.number)
    return result


def _same(a: dict, b: dict) -> bool:
    keep = lambda r: {k: v for k, v in r.items() if v not in (None, [], "")}  # noqa: E731
    return keep(a) == keep(b)
