"""The staff editor on this machine: its page and its API on one loopback address.

    .venv/bin/python scripts/editor_server.py [--port 8081] [--docs docs] [--preview http://127.0.0.1:8000/]

Serves http://127.0.0.1:PORT/admin/ (Decap CMS with the portal's forms) and saves into the
repository's bulletins, registry entries, inbox and uploaded images only, after the same
check as scripts/check.py (hooks/portal/editor/server.py says how). Listens on 127.0.0.1
only; scripts/editor.sh starts it beside mkdocs serve (the preview).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _portal import DOCS

from portal.editor.cms import LOCAL_BACKEND_PORT, PREVIEW_PORT  # noqa: E402
from portal.editor.server import make_server  # noqa: E402

IMPORTER = Path(__file__).resolve().parent / "import_article.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Trình soạn thảo bản tin trên máy này (chỉ 127.0.0.1).")
    parser.add_argument("--port", type=int, default=LOCAL_BACKEND_PORT, help="cổng (0: một cổng còn trống)")
    parser.add_argument("--docs", default=str(DOCS), help="thư mục nội dung (mặc định: docs/ của kho)")
    parser.add_argument("--preview", default=f"http://127.0.0.1:{PREVIEW_PORT}/",
                        help="địa chỉ của mkdocs serve, để mở trang vừa lưu ('' để bỏ)")
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    if not docs.is_dir():
        parser.error(f"không có thư mục nội dung {docs}")
    try:
        server, _ = make_server(docs, args.port, preview=args.preview or None,
                                importer=[sys.executable, str(IMPORTER)])
    except OSError as exc:
        print(f"editor_server: không mở được cổng {args.port} trên 127.0.0.1 ({exc.strerror}); "
              "có thể trình soạn thảo đang chạy ở cửa sổ khác.", file=sys.stderr)
        return 1
    print(f"editor_server: http://127.0.0.1:{server.server_port}/admin/ ({docs})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
