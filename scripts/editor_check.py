"""The local check server of the web editor: before each save, the editor asks it whether
scripts/check.py would accept the file, and shows its Vietnamese messages.

    .venv/bin/python scripts/editor_check.py [--port 8082] [--docs docs]

Listens on 127.0.0.1 only, writes nothing (scripts/editor.sh starts it beside mkdocs
serve and decap-server). POST /check {"path": "docs/meetings/…", "raw": "…", "new": bool};
POST /sheet {"name", "data" (base64), "path", "date", "reviews"}: the reviews of a filled review
sheet for the bulletin form ("Nhập bảng rà soát", portal.editor.sheet_import.handle).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from _portal import DOCS

from portal.editor.cms import INBOX_DIR  # noqa: E402
from portal.editor.cms_check import MAX_BYTES, check_entry  # noqa: E402
from portal.editor.sheet_import import handle as sheet_handler  # noqa: E402
from portal.outputs.sheets import MAX_SHEET_BYTES  # noqa: E402

_LOCAL_ORIGIN = re.compile(r"^https?://(localhost|127\.0\.0\.1)(:\d+)?$")
_INBOX = re.compile(rf"^{INBOX_DIR}/[a-z0-9-]+\.txt$")
IMPORTER = Path(__file__).resolve().parent / "import_article.py"
# The routes besides /check: each a handler (docs, request) -> (status, payload).
HANDLERS = {"/sheet": sheet_handler}
ROUTES = {"/check", *HANDLERS}


def import_report(docs: Path, raw: str) -> dict:
    """What the importer makes of a pasted article: its report lines (the draft is made on publishing)."""
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "bai.txt"
        article.write_text(raw, encoding="utf-8")
        result = subprocess.run([sys.executable, str(IMPORTER), str(article), "-o", "-"], capture_output=True,
                                text=True, timeout=120, cwd=docs.parent)
    # Its closing advice is for a terminal; here the workflow makes the draft.
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip() and str(article) not in line
             and not line.startswith(("Bản nháp ở trên", "Luôn đối chiếu"))]
    return {"path": None, "errors": [], "warnings": [], "report": lines or ["(công cụ nhập không báo gì)"],
            "draft": result.stdout}


def handler_for(docs: Path):
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, payload) -> None:
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            origin = self.headers.get("Origin", "")
            if _LOCAL_ORIGIN.match(origin):
                self.send_header("Access-Control-Allow-Origin", origin)
                self.send_header("Access-Control-Allow-Methods", "POST, GET, OPTIONS")
                self.send_header("Access-Control-Allow-Headers", "Content-Type")
                self.send_header("Vary", "Origin")
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_OPTIONS(self):  # noqa: N802 (CORS preflight)
            self._send(204 if _LOCAL_ORIGIN.match(self.headers.get("Origin", "")) else 403, {})

        def do_GET(self):  # noqa: N802
            self._send(200, {"ok": True, "docs": docs.name})

        def do_POST(self):  # noqa: N802
            if self.path not in ROUTES:
                return self._send(404, {"error": "không có địa chỉ này"})
            try:
                length = int(self.headers.get("Content-Length") or 0)
                if length > max(MAX_BYTES * 2, MAX_SHEET_BYTES * 2):
                    return self._send(413, {"error": "nội dung quá lớn"})
                request = json.loads(self.rfile.read(length).decode("utf-8"))
                if not isinstance(request, dict):
                    raise ValueError
                if self.path in HANDLERS:
                    return self._send(*HANDLERS[self.path](docs, request))
                if isinstance(request.get("path"), str) and _INBOX.match(request["path"]) \
                        and isinstance(request.get("raw"), str):
                    result = import_report(docs, request["raw"])
                else:
                    result = check_entry(docs, request.get("path"), request.get("raw"), bool(request.get("new")))
            except (ValueError, UnicodeDecodeError):
                return self._send(400, {"error": "yêu cầu không phải JSON hợp lệ"})
            except Exception as exc:  # never a traceback to the editor; say what failed
                return self._send(500, {"error": f"lỗi khi kiểm tra: {type(exc).__name__}: {exc}"})
            self._send(200, result)

        def log_message(self, fmt, *args):  # quiet: one line per check
            sys.stderr.write("editor_check: " + (fmt % args) + "\n")

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Máy kiểm tra của trình soạn thảo (chỉ trên 127.0.0.1).")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--docs", default=str(DOCS), help="thư mục nội dung (mặc định: docs/ của kho)")
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(Path(args.docs).resolve()))
    print(f"editor_check: http://127.0.0.1:{server.server_port}/check ({args.docs})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
