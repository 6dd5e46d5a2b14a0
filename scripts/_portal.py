"""What every staff script needs first: the repository's folders, and a clear message (not a
traceback) when the project is not set up, since staff may run a script with the wrong Python."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

try:  # the project and its packages are installed into .venv by scripts/setup.sh
    import babel  # noqa: F401
    import jsonschema  # noqa: F401
    import portal  # noqa: F401
    import yaml  # noqa: F401
except ImportError as exc:
    sys.exit(f"Thiếu thư viện {exc.name}: hãy chạy một lần \"bash scripts/setup.sh\", rồi dùng "
             f"\".venv/bin/python scripts/{Path(sys.argv[0]).name} …\" (hoặc \"source .venv/bin/activate\" trước).")
