"""Start the web editor's local pieces on free loopback ports, for tests, screenshots and
measurements: the editor server (scripts/editor_server.py: the editor page and its API,
writing files in the given repository copy) and the built site (static, as the preview).

    with editor_stack(repo, site_dir) as stack:
        page.goto(stack.admin_url)    # http://127.0.0.1:PORT/admin/
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from scripts.dev.screenshot import serve

ROOT = Path(__file__).resolve().parents[2]
EDITOR_SERVER = ROOT / "scripts" / "editor_server.py"
DECAP = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    port: int
    site_url: str  # the preview (the built site)
    proc: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def admin_url(self) -> str:
        return f"{self.url}/admin/"

    def token(self) -> str:
        """The per-run token, read from the editor page as the browser reads it."""
        with urllib.request.urlopen(self.admin_url, timeout=10) as response:
            return re.search(r'name="portal-token" content="([^"]+)"', response.read().decode()).group(1)


def editor_repo(tmp: Path) -> Path:
    """A copy of the content to edit in ``tmp/repo``, with what the editor server serves at /admin/."""
    repo = tmp / "repo"
    shutil.copytree(ROOT / "docs", repo / "docs")
    for name in ("editor", "node_modules"):
        (repo / name).symlink_to(ROOT / name)
    return repo


def start_server(repo: Path, log: Path, preview: str = "", port: int = 0) -> tuple[subprocess.Popen, int]:
    """scripts/editor_server.py for repo/docs on a free port; its output goes to ``log``."""
    out = log.open("w")
    proc = subprocess.Popen([sys.executable, str(EDITOR_SERVER), "--port", str(port), "--docs", str(repo / "docs"),
                             "--preview", preview], stdout=out, stderr=subprocess.STDOUT, text=True, cwd=repo)
    deadline = time.monotonic() + 20
    while True:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/admin/", log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return proc, int(found.group(1))
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"the editor server did not start (exit {proc.poll()}): {log.read_text()}")
        time.sleep(0.05)


@contextlib.contextmanager
def editor_stack(repo: Path, site_dir: Path):
    server = serve(str(site_dir))
    log = Path(repo) / ".editor-server.log"
    proc, port = start_server(repo, log, preview=f"http://127.0.0.1:{server.server_port}/")
    try:
        yield Stack(port, f"http://127.0.0.1:{server.server_port}/", proc, log)
    finally:
        server.shutdown()
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
