"""Start the web editor's local pieces on free loopback ports, for tests, screenshots and
measurements: the built site (static), decap-server (the local backend, writing files in
the given repository copy) and the check server.

    with editor_stack(repo, site_dir) as stack:
        page.goto(stack.admin_url)    # /admin/?backend=PORT&check=PORT
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from scripts.dev.screenshot import serve

ROOT = Path(__file__).resolve().parents[2]
DECAP_SERVER = ROOT / "node_modules" / ".bin" / "decap-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, data: bytes | None, proc: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=2) as response:
                response.read()
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read() if proc.stdout and proc.poll() is not None else ""
                raise RuntimeError(f"{url} did not answer (exit {proc.poll()}): {out}")
            time.sleep(0.1)


@dataclass
class Stack:
    site_url: str
    backend_port: int
    check_port: int

    @property
    def admin_url(self) -> str:
        return f"{self.site_url}admin/?backend={self.backend_port}&check={self.check_port}"


@contextlib.contextmanager
def editor_stack(repo: Path, site_dir: Path):
    backend_port, check_port = free_port(), free_port()
    env = {**os.environ, "PORT": str(backend_port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "warn"}
    procs = [
        subprocess.Popen([str(DECAP_SERVER)], env=env, cwd=repo, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True),
        subprocess.Popen([sys.executable, str(ROOT / "scripts" / "editor_check.py"), "--port", str(check_port),
                          "--docs", str(repo / "docs")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True),
    ]
    server = serve(str(site_dir))
    try:
        _wait(f"http://127.0.0.1:{backend_port}/api/v1", json.dumps({"action": "info"}).encode(), procs[0])
        _wait(f"http://127.0.0.1:{check_port}/", None, procs[1])
        yield Stack(f"http://127.0.0.1:{server.server_port}/", backend_port, check_port)
    finally:
        server.shutdown()
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
