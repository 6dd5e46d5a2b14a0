"""A filled review sheet becomes the reviews of a meeting's bulletin: for ``scripts/import_sheet.py``
and for the editor's "Nhập bảng rà soát" (a handler of the editor server, ``POST /api/sheet``).

Every row is checked (portal.outputs.sheets) and, for the script, the bulletin with its new reviews
passes the same check as ``scripts/check.py`` (portal.editor.cms_check) before a byte is written.
Plain Python, no MkDocs.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from pathlib import Path

from portal.content.loader import load_site
from portal.contract import writer
from portal.contract.dates import PartialDate
from portal.contract.names import MEETINGS_DIR
from portal.editor.cms_check import BULLETIN, check_entry
from portal.outputs import sheets


@dataclass
class Outcome:
    text: str | None = None  # the bulletin with its new reviews; None when something is wrong
    result: sheets.Result = field(default_factory=sheets.Result)
    errors: list[str] = field(default_factory=list)  # every problem, formatted (sheet rows, then the check)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _meeting(site, rel: str):
    return next((m for m in site.meetings if f"docs/{m.src_uri}" == rel), None)


def import_into_bulletin(docs: Path, bulletin: Path, sheet_name: str, data: bytes) -> Outcome:
    """The bulletin's text with the sheet's reviews added, checked; nothing is written here."""
    docs, out = docs.resolve(), Outcome()
    rel = "docs/" + bulletin.resolve().relative_to(docs).as_posix()
    if not BULLETIN.match(rel):
        out.errors = [f"{rel}:1: (tệp): đây không phải bản tin: bảng rà soát chỉ nhập vào bản tin trong "
                      f"docs/{MEETINGS_DIR}/NĂM/"]
        return out
    site, report = load_site(docs)
    meeting = _meeting(site, rel)
    mine = [p.format() for p in report.errors if p.path == rel]
    if meeting is None or not meeting.date_valid:
        out.errors = mine or [f"{rel}:1: (tệp): không đọc được bản tin này; chạy scripts/check.py {rel} để xem lỗi"]
        return out
    sheet = sheets.read_sheet(sheet_name, data)
    existing = [dict(r.data) or {"commitment": r.commitment_id, "status": r.status} for r in meeting.reviews]
    out.result = sheets.reviews_from_rows(sheet, site, meeting.date, meeting.key, existing)
    out.errors = [p.format() for p in out.result.problems]
    if out.errors:
        out.errors += mine  # the bulletin's own errors too, all at once
        return out
    with open(bulletin, encoding="utf-8", newline="") as f:  # line ends kept as they are
        text = f.read()
    try:
        new_text = writer.with_reviews(text, out.result.reviews)
    except ValueError as exc:
        out.errors = [f"{rel}:1: reviews: {exc}"]
        return out
    checked = check_entry(docs, rel, new_text)
    out.errors, out.warnings = checked["errors"], checked["warnings"]
    if not out.errors:
        out.text = new_text
    return out


def _partial(value) -> PartialDate | None:
    try:
        return PartialDate.parse(value)
    except Exception:  # any unreadable date: the handler says which field to fill
        return None


def handle(docs: Path, request: dict) -> tuple[int, dict]:
    """``POST /api/sheet`` of the editor server: ``{"name", "data" (base64), "path", "date", "reviews"}`` -> the new
    reviews to put in the form (``reviews``), or the rows' problems (``errors``). Writes nothing: the
    staff member sees the reviews in the form and saves, and the save's check runs as for any edit."""
    if not isinstance(request, dict):
        return 400, {"error": "yêu cầu không hợp lệ"}
    name = request.get("name") if isinstance(request.get("name"), str) else "bang-ra-soat"
    name = Path(name).name[:120] or "bang-ra-soat"
    try:
        data = base64.b64decode(request.get("data") or "", validate=True)
    except (binascii.Error, ValueError, TypeError):
        return 400, {"error": "tệp gửi lên không đọc được (không phải base64)"}
    if not data:
        return 200, {"reviews": [], "errors": [f"{name}:1: (bảng): tệp trống"], "notes": []}
    date = _partial(request.get("date"))
    if date is None:
        return 200, {"reviews": [], "notes": [], "errors": [
            f"{name}:1: (bảng): hãy điền Ngày họp của bản tin trước khi nhập bảng rà soát (để kiểm tra các cam kết "
            "được đưa ra trước hội nghị này)"]}
    path = request.get("path")
    key = None
    if isinstance(path, str) and BULLETIN.match(path):
        key = path.rsplit("/", 1)[-1][:-3]
    existing = [r for r in request.get("reviews") or [] if isinstance(r, dict)] \
        if isinstance(request.get("reviews"), list) else []
    site, _report = load_site(docs)
    sheet = sheets.read_sheet(name, data)
    result = sheets.reviews_from_rows(sheet, site, date, key, existing)
    notes = [f"{name}:{row}: {cid}: đã có trong bản tin, giữ nguyên" for row, cid in result.unchanged]
    if result.problems:
        return 200, {"reviews": [], "errors": [p.format() for p in result.problems], "notes": notes}
    notes.append(f"{len(result.reviews)} lần rà soát mới từ {name}; {result.skipped} dòng chưa có trạng thái mới "
                 "(bỏ qua)")
    return 200, {"reviews": result.reviews, "rows": result.rows, "errors": [], "notes": notes}


