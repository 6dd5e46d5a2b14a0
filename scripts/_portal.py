"""Lets the staff scripts import the portal's domain package (hooks/portal) without MkDocs."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))

try:  # the staff tools need the project's packages: say how to get them, not a traceback
    import babel  # noqa: F401
    import jsonschema  # noqa: F401
    import yaml  # noqa: F401
except ImportError as exc:
    sys.exit(f"Thiếu thư viện {exc.name}: hãy chạy một lần \"bash scripts/setup.sh\", rồi dùng "
             f"\".venv/bin/python scripts/{Path(sys.argv[0]).name} …\" (hoặc \"source .venv/bin/activate\" trước).")
