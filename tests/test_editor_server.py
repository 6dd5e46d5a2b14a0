"""The editor server (scripts/editor_server.py) driven over loopback as an attacker and a hurried
person would: who may ask (token, Origin, Host, Sec-Fetch-Site, preflight), which files it
reads and writes (an allow-list, never through a link), what it writes (checked as
scripts/check.py checks, images by their bytes), and its bounds (size, importer runs).

Every refusal is asserted together with its twin that succeeds, and the repository copy is
compared file by file before and after, so a refusal that writes anyway fails.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_project

from portal.editor.server import MAX_BODY
from scripts.dev.editor_stack import start_server

pytestmark = pytest.mark.slow

SEED = ROOT.parent / "shared" / "seeds"
BULLETIN = "docs/meetings/2021/2021-03-05-giao-ban-quy-i.md"
GOOD = """---
title: "Giao ban quý I năm 2021"
date: 2021-03-05
kind: giao-ban
chairs:
  - person: le-anh-xuan
    role: "Chủ tịch UBND thành phố"
organizations: [ubnd-tp]
---

Sáng 5/3, UBND thành phố giao ban.
"""
BAD = GOOD.replace("kind: giao-ban", "kind: giao-ban-x")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("edsrv")
    repo = make_project(base / "repo")
    for name in ("editor", "node_modules"):
        (repo / name).symlink_to(ROOT / name)
    (base / "outside").mkdir()
    (base / "outside" / "secret.md").write_text("TOP-SECRET-42\n", encoding="utf-8")
    # Links planted inside docs/ pointing out of it: a file, and a year folder.
    (repo / "docs/meetings/2020/link-out.md").symlink_to(base / "outside" / "secret.md")
    (repo / "docs/meetings/2030").symlink_to(base / "outside")
    proc, port = start_server(repo, base / "server.log")
    server = Server(port, repo, base)
    yield server
    proc.terminate()
    proc.wait(timeout=5)


class Server:
    def __init__(self, port: int, repo: Path, base: Path) -> None:
        self.port, self.repo, self.base = port, repo, base
        self.url = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(self.url + "/admin/", timeout=10) as response:
            self.token = response.read().decode().split('name="portal-token" content="')[1].split('"')[0]

    def post(self, payload, endpoint: str = "v1", *, token: str | None = "", headers: dict | None = None,
             content_type: str = "application/json", timeout: float = 60):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        sent = {"Content-Type": content_type, **(headers or {})}
        if token is not None:
            sent["X-Portal-Token"] = token or self.token
        request = urllib.request.Request(f"{self.url}/api/{endpoint}", data=data, headers=sent, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null"), response.headers
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}"), exc.headers

    def raw(self, head: str, body: bytes = b"") -> tuple[int, bytes]:
        """A hand-written request (any Host, any path)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as conn:
            conn.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
            chunks = []
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        reply = b"".join(chunks)
        return int(reply.split(b" ", 2)[1]), reply


def snapshot(*roots: Path) -> dict:
    """Every file under the roots (links as links), with a hash of its bytes."""
    out = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            for name in dirnames + filenames:
                path = Path(dirpath) / name
                if path.is_symlink():
                    out[str(path)] = "link:" + os.readlink(path)
                elif path.is_file():
                    out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def persist(path: str, raw: str) -> dict:
    return {"action": "persistEntry", "params": {"branch": "main", "dataFiles": [
        {"slug": "x", "path": path, "raw": raw}], "assets": [], "options": {}}}


def png(width: int = 4, height: int = 3) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def media(path: str, data: bytes) -> dict:
    return {"action": "persistMedia", "params": {"branch": "main", "asset": {
        "path": path, "content": base64.b64encode(data).decode(), "encoding": "base64"}}}


def refused_untouched(server: Server, payloads, statuses=(403,), **kwargs) -> list[dict]:
    before = snapshot(server.repo, server.base / "outside")
    replies = []
    for payload in payloads:
        status, reply, headers = server.post(payload, **kwargs)
        assert status in statuses, (payload if isinstance(payload, bytes) else json.dumps(payload)[:200], status, reply)
        assert reply["error"] and "Traceback" not in json.dumps(reply)
        assert headers.get("Access-Control-Allow-Origin") is None
        replies.append(reply)
    assert snapshot(server.repo, server.base / "outside") == before
    return replies


# --- who may ask ---------------------------------------------------------------------------------

def test_without_the_pages_token_nothing_is_written(server):
    replies = refused_untouched(server, [persist(BULLETIN, GOOD)], token=None)
    assert replies[0]["error"].startswith("Từ chối: thiếu mã phiên")
    refused_untouched(server, [persist(BULLETIN, GOOD), {"action": "getEntry", "params": {"path": BULLETIN}}],
                      token="x" + server.token[1:])
    refused_untouched(server, [{"path": BULLETIN, "raw": GOOD}], endpoint="check", token=None)
    refused_untouched(server, [{"raw": "Bài"}], endpoint="import", token=None)


@pytest.mark.parametrize("origin", ["http://127.0.0.1:8000", "http://localhost:1", "null", "https://example.org",
                                    "http://127.0.0.1", "http://127.0.0.1:{port}.evil.example"])
def test_a_foreign_origin_is_refused_even_with_the_token(server, origin):
    origin = origin.format(port=server.port)
    [reply] = refused_untouched(server, [persist(BULLETIN, GOOD)], headers={"Origin": origin})
    assert reply["error"].startswith("Từ chối: yêu cầu đến từ một trang khác")


@pytest.mark.parametrize("site", ["cross-site", "same-site", "none"])
def test_a_request_the_browser_marks_as_not_same_origin_is_refused(server, site):
    refused_untouched(server, [persist(BULLETIN, GOOD)], headers={"Sec-Fetch-Site": site})


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1:1", "127.0.0.1", "localhost", "0.0.0.0:{port}",
                                  "127.0.0.1:{port}.evil.example", "[::1]:{port}", ""])
def test_a_foreign_host_is_refused_on_every_route(server, host):
    host = host.format(port=server.port)
    body = json.dumps(persist(BULLETIN, GOOD)).encode()
    before = snapshot(server.repo)
    for head in (f"GET /admin/ HTTP/1.1\r\nHost: {host}\r\nConnection: close",
                 f"POST /api/v1 HTTP/1.1\r\nHost: {host}\r\nX-Portal-Token: {server.token}\r\n"
                 f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close"):
        status, reply = server.raw(head, body if head.startswith("POST") else b"")
        assert status == 403, reply[:300]
        assert server.token.encode() not in reply
        assert "chỉ trả lời địa chỉ" in reply.decode("utf-8", "replace")
    assert snapshot(server.repo) == before
    # Its twins with the right Host are answered.
    status, reply = server.raw(f"GET /admin/ HTTP/1.1\r\nHost: localhost:{server.port}\r\nConnection: close")
    assert status == 200 and server.token.encode() in reply


def test_no_preflight_is_granted_and_no_cors_header_is_ever_sent(server):
    for origin in ("http://127.0.0.1:8000", f"http://127.0.0.1:{server.port}"):
        status, reply = server.raw(f"OPTIONS /api/v1 HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nOrigin: {origin}\r\n"
                                   "Access-Control-Request-Method: POST\r\n"
                                   "Access-Control-Request-Headers: content-type,x-portal-token\r\nConnection: close")
        assert status == 403 and b"access-control" not in reply.lower()
    status, reply = server.raw(f"GET /admin/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                               "Origin: http://127.0.0.1:8000\r\nConnection: close")
    assert status == 403 and b"access-control" not in reply.lower()


def test_a_text_plain_cross_origin_post_to_the_check_is_refused(server):
    """What a page of another origin can send without a preflight: text/plain, no custom header."""
    payload = json.dumps({"path": BULLETIN, "raw": GOOD}).encode()
    refused_untouched(server, [payload], endpoint="check", token=None, content_type="text/plain",
                      headers={"Origin": "http://127.0.0.1:8000"})
    refused_untouched(server, [payload], endpoint="import", token=None, content_type="text/plain",
                      headers={"Origin": "http://localhost:9999", "Sec-Fetch-Site": "same-site"})
    # Even with the token, only JSON is read.
    refused_untouched(server, [payload], endpoint="check", content_type="text/plain", statuses=(415,))


def test_it_listens_on_127_0_0_1_only(server):
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.2", server.port), timeout=2).close()
    with pytest.raises(OSError):
        socket.create_connection(("::1", server.port), timeout=2).close()


# --- which files -------------------------------------------------------------------------------

DISALLOWED = [
    "hooks/x.py", "mkdocs.yml", ".git/config", "../x.md", "../../etc/passwd", "/etc/passwd", "/tmp/x.md",
    "docs/meetings/2021/../../../hooks/x.md", "docs/meetings/2021/%2e%2e/x.md", "docs/meetings/%2e%2e/%2e%2e/x.md",
    "docs\\meetings\\2021\\x.md", "docs/meetings/2021\\..\\..\\x.md", "docs/index.md", "docs/x.html",
    "docs/meetings/2021/x.html", "docs/meetings/2021/x.md/", "docs/meetings/x.md", "docs/meetings/21/x.md",
    "docs/meetings/2021/X.md", "docs/meetings/2021/.x.md", "docs/meetings/2021/x.md\n", "docs/meetings/2021/x.md\x00",
    "./docs/meetings/2021/x.md", "docs//meetings/2021/x.md", "docs/data/people.yml", "docs/data/secrets/x.yml",
    "docs/data/people/x.yaml", "docs/gioi-thieu.md", "docs/huong-dan/index.md", "docs/assets/portal.css",
    "docs/assets/uploads/x.svg", "docs/assets/uploads/x.html", "inbox/x.md", "inbox/../mkdocs.yml",
    "docs/meetings/2020/link-out.md", "docs/meetings/2030/secret.md", "docs/meetings/2030/x.md",
    "scripts/check.py", "docs/mеetings/2021/x.md", "", None, 3, ["docs/meetings/2021/x.md"],
]


@pytest.mark.parametrize("path", DISALLOWED)
def test_every_disallowed_path_is_refused_and_nothing_changes(server, path):
    raw = GOOD if isinstance(path, str) and path.endswith(".md") else "name: \"X\"\n"
    asset = {"action": "persistMedia", "params": {"asset": {"path": path, "content": base64.b64encode(png()).decode(),
                                                            "encoding": "base64"}}}
    with_asset = persist("inbox/an-toan.txt", "Bài.\n")
    with_asset["params"]["assets"] = [asset["params"]["asset"]]
    replies = refused_untouched(server, [
        persist(path, raw), {"action": "getEntry", "params": {"path": path}},
        {"action": "deleteFile", "params": {"path": path}}, {"action": "deleteFiles", "params": {"paths": [path]}},
        {"action": "getMediaFile", "params": {"path": path}}, asset, with_asset,
        {"action": "entriesByFiles", "params": {"files": [{"path": path}]}},
        {"action": "entriesByFolder", "params": {"folder": path, "extension": "md", "depth": 3}},
    ], statuses=(400, 403))
    assert all("TOP-SECRET-42" not in json.dumps(r) for r in replies)
    assert not (server.repo / "inbox" / "an-toan.txt").exists()  # the good file of a refused save is not written


def test_the_allowed_files_are_read_and_written(server):
    """The twin of the refusals: each allowed kind is written, read back and listed."""
    path = "docs/data/topics/thu-nghiem-may-chu.yml"
    status, reply, _ = server.post(persist(path, 'name: "Thử nghiệm máy chủ"\n'))
    assert status == 200, reply
    assert (server.repo / path).read_text(encoding="utf-8") == 'name: "Thử nghiệm máy chủ"\n'
    status, reply, _ = server.post({"action": "getEntry", "params": {"path": path}})
    assert status == 200 and reply["data"] == 'name: "Thử nghiệm máy chủ"\n'
    status, reply, _ = server.post({"action": "entriesByFolder", "params": {"folder": "docs/meetings",
                                                                             "extension": "md", "depth": 2}})
    listed = {entry["file"]["path"] for entry in reply}
    assert "docs/meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the.md" in listed
    assert not any("link-out" in p or "/2030/" in p for p in listed)  # links are never listed or followed
    status, reply, _ = server.post(persist("inbox/bai-thu.txt", "Bài thử.\n"))
    assert status == 200 and (server.repo / "inbox/bai-thu.txt").read_text(encoding="utf-8") == "Bài thử.\n"
    status, reply, _ = server.post({"action": "deleteFiles", "params": {"paths": [path, "inbox/bai-thu.txt"]}})
    assert status == 200 and not (server.repo / path).exists() and not (server.repo / "inbox/bai-thu.txt").exists()
    assert (server.base / "outside" / "secret.md").read_text() == "TOP-SECRET-42\n"


# --- what is written ---------------------------------------------------------------------------

def test_images_only_by_their_bytes(server):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
    html = b"<!doctype html><html><body><script>alert(document.domain)</script></body></html>"
    polyglot = b"\x89PNG\r\n\x1a\n" + html  # the magic number, then no image at all
    replies = refused_untouched(server, [
        media("docs/assets/uploads/anh.svg", svg), media("docs/assets/uploads/anh.png", svg),
        media("docs/assets/uploads/anh.png", html), media("docs/assets/uploads/anh.jpg", png()),
        media("docs/assets/uploads/anh.png", polyglot), media("docs/assets/uploads/anh.gif", b"GIF89a" + html),
        media("docs/assets/uploads/anh.webp", b"RIFF\x00\x00\x00\x00WEBP" + html),
    ], statuses=(403, 415))
    assert "không phải ảnh PNG" in replies[2]["error"]
    status, reply, _ = server.post(media("docs/assets/uploads/anh-hop-le.png", png()))
    assert status == 200 and reply["path"] == "docs/assets/uploads/anh-hop-le.png"
    assert (server.repo / "docs/assets/uploads/anh-hop-le.png").read_bytes() == png()
    status, reply, _ = server.post({"action": "getMedia", "params": {"mediaFolder": "docs/assets/uploads"}})
    assert [m["name"] for m in reply] == ["anh-hop-le.png"] and base64.b64decode(reply[0]["content"]) == png()
    status, _, _ = server.post({"action": "deleteFile", "params": {"path": "docs/assets/uploads/anh-hop-le.png"}})
    assert status == 200 and not (server.repo / "docs/assets/uploads/anh-hop-le.png").exists()


def check_py(repo: Path, rel: str, text: str, tmp: Path) -> list[str]:
    """What scripts/check.py prints for this file in a copy of the content."""
    copy = make_project(tmp / "hand", {rel.removeprefix("docs/"): text})
    result = subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--docs", str(copy / "docs"),
                             str(copy / rel)], capture_output=True, text=True)
    return result.stdout.splitlines()


def test_content_failing_the_check_is_refused_with_check_pys_lines(server, tmp_path):
    expected = check_py(server.repo, BULLETIN, BAD, tmp_path)
    assert expected and "Có phải ý bạn là \"giao-ban\"?" in expected[0]
    [reply] = refused_untouched(server, [persist(BULLETIN, BAD)], statuses=(422,))
    assert reply["errors"] == expected
    assert reply["error"].startswith("Chưa lưu: 1 lỗi cần sửa")
    # A broken registry entry too (a position in a body that does not exist).
    entry = "docs/data/people/nguyen-van-a.yml"
    text = 'name: "Nguyễn Văn A"\npositions:\n  - title: "Chủ tịch"\n    organization: ubnd\n'
    [reply] = refused_untouched(server, [persist(entry, text)], statuses=(422,))
    assert reply["errors"] == check_py(server.repo, entry, text, tmp_path / "2")
    # The corrected bulletin is written, and its warnings and preview address come back.
    status, reply, _ = server.post(persist(BULLETIN, GOOD))
    assert status == 200 and reply["checked"] is True, reply
    assert (server.repo / BULLETIN).read_text(encoding="utf-8") == GOOD
    (server.repo / BULLETIN).unlink()


def test_deleting_what_others_name_is_refused(server):
    person = "docs/data/people/le-anh-xuan.yml"
    [reply] = refused_untouched(server, [{"action": "deleteFile", "params": {"path": person}}], statuses=(422,))
    assert reply["error"].startswith("Chưa xóa") and any("le-anh-xuan" in line for line in reply["errors"])
    assert (server.repo / person).is_file()
    # A bulletin others do not name can go.
    status, _, _ = server.post(persist(BULLETIN, GOOD))
    assert status == 200
    status, reply, _ = server.post({"action": "deleteFile", "params": {"path": BULLETIN}})
    assert status == 200 and not (server.repo / BULLETIN).exists()


# --- bounds ------------------------------------------------------------------------------------

def test_oversize_requests_get_413_before_anything_is_read(server):
    before = snapshot(server.repo)
    for endpoint, size in [(name, limit + 1) for name, limit in MAX_BODY.items()] + [("nope", 10**9)]:
        status, reply = server.raw(
            f"POST /api/{endpoint} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Portal-Token: {server.token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {size}\r\nConnection: close")
        assert status in (404, 413) if endpoint == "nope" else status == 413 and "quá lớn".encode() in reply, reply[:300]
    # Within the request limit but over the file's: refused with the file's limit.
    big = GOOD + "x" * 600_000
    [reply] = refused_untouched(server, [persist(BULLETIN, big)], statuses=(413,))
    assert "tối đa" in reply["error"]
    [reply] = refused_untouched(server, [{"raw": "Bài " * 80_000}], endpoint="import", statuses=(413,))
    assert "quá giới hạn 200 KB của công cụ nhập bài" in reply["error"]  # guards.article_too_long
    assert snapshot(server.repo) == before


def test_garbage_gets_a_message_never_a_traceback(server):
    payloads = [b"not json", b"[1, 2]", b"{", b"\xff\xfe", b'{"action": []}', b'{"action": "nope"}',
                b'{"action": "persistEntry", "params": []}', b'{"action": "persistEntry", "params": {"dataFiles": 3}}',
                b'{"action": "persistEntry", "params": {"dataFiles": [{"path": "docs/meetings/2021/a.md", "raw": 3}]}}',
                b'{"action": "persistEntry", "params": {"dataFiles": [{"path": "docs/meetings/2021/a.md", '
                b'"raw": "\\ud800"}]}}',
                b'{"action": "entriesByFolder", "params": {"folder": "docs/meetings", "depth": "x"}}',
                b'{"action": "persistMedia", "params": {"asset": {"path": "docs/assets/uploads/a.png", '
                b'"content": "!!!", "encoding": "base64"}}}',
                b'{"action": "deleteFiles", "params": {"paths": "docs/meetings/2021/a.md"}}',
                b"[" * 100_000]
    before = snapshot(server.repo)
    for payload in payloads:
        status, reply, _ = server.post(payload)
        assert (status == 200 and payload.startswith(b'{"action": "entriesByFolder"')) or 400 <= status < 500, \
            (payload[:80], status, reply)
        assert "Traceback" not in json.dumps(reply)
    assert snapshot(server.repo) == before


def test_one_log_line_per_request_with_nothing_a_terminal_would_obey(server):
    log = server.base / "server.log"
    seen = len(log.read_text(encoding="utf-8").splitlines())
    evil = "docs/meetings/2021/\x1b[2J\x1b]0;pwned\x07\u202e\nfake line.md"
    server.post(persist(evil, GOOD))
    server.raw(f"GET /admin/\x1b[31m HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close")
    server.post({"action": "info"})
    for _ in range(50):  # the server writes its line after answering: wait for it, up to 5 s
        lines = log.read_text(encoding="utf-8").splitlines()[seen:]
        if len(lines) >= 3:
            break
        time.sleep(0.1)
    assert len(lines) == 3, lines
    assert not any(ch in "".join(lines) for ch in "\x1b\x07\u202e"), lines
    assert lines[0].endswith(" 403 " + lines[0].split()[-2] + " ms") and "persistEntry" in lines[0]
    assert lines[2].startswith("editor_server: POST /api/v1 info 200 ")


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is beside the checkout in CI and development")
def test_one_importer_run_at_a_time(server):
    article = next(p for p in sorted(SEED.iterdir()) if p.suffix == ".txt").read_text(encoding="utf-8")
    text = (article + "\n\n") * max(1, 150_000 // len(article.encode()))  # a long paste: the importer takes seconds
    results = []

    def run():
        results.append(server.post({"raw": text}, endpoint="import", timeout=120)[:2])
    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in results)
    assert statuses.count(200) >= 1 and statuses.count(429) >= 2, results
    assert all("Công cụ nhập đang đọc một bài khác" in reply["error"] for status, reply in results if status == 429)


# --- in the browser ------------------------------------------------------------------------------

ATTACKER = """<!doctype html><meta charset="utf-8"><title>x</title><body><script>
window.done = (async () => {
  const api = "%(url)s/api/v1", check = "%(url)s/api/check";
  const body = JSON.stringify(%(payload)s);
  const out = {};
  async function attempt(name, f) {
    try { const r = await f(); out[name] = r && r.type ? r.type + ":" + r.status : String(r); }
    catch (e) { out[name] = "threw"; }
  }
  await attempt("no-cors text/plain", () => fetch(api, {method: "POST", mode: "no-cors", body,
    headers: {"Content-Type": "text/plain"}}));
  await attempt("cors json + guessed token", () => fetch(api, {method: "POST", body,
    headers: {"Content-Type": "application/json", "X-Portal-Token": "guess"}}));
  await attempt("cors json", () => fetch(api, {method: "POST", body, headers: {"Content-Type": "application/json"}}));
  await attempt("check text/plain", () => fetch(check, {method: "POST", mode: "no-cors", body: JSON.stringify(
    {path: "%(path)s", raw: "x"})}));
  await attempt("read the editor page", async () => (await (await fetch("%(url)s/admin/")).text()).slice(0, 40));
  await attempt("beacon", () => navigator.sendBeacon(api, new Blob([body], {type: "text/plain"})));
  // A form posting text/plain whose one field spells the JSON, into a hidden frame.
  const frame = document.createElement("iframe"); frame.name = "sink"; document.body.appendChild(frame);
  const form = document.createElement("form");
  form.method = "POST"; form.action = api; form.enctype = "text/plain"; form.target = "sink";
  const input = document.createElement("input");
  input.name = body.slice(0, -1) + ', "x": "'; input.value = '"}';
  form.appendChild(input); document.body.appendChild(form); form.submit();
  await new Promise(r => frame.onload = r);
  // The editor in a frame of this page (to steal clicks or read its token): refused by the server.
  const editor = document.createElement("iframe"); editor.src = "%(url)s/admin/"; document.body.appendChild(editor);
  await new Promise(r => setTimeout(r, 1500));
  try { out["frame token"] = editor.contentDocument.querySelector("meta[name=portal-token]").content; }
  catch (e) { out["frame token"] = "unreadable"; }
  return out;
})();
</script>"""


@pytest.mark.browser
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_page_on_another_local_port_cannot_make_the_server_write(server, browser, tmp_path, host):
    from scripts.dev.screenshot import serve

    target = "docs/meetings/2021/2021-03-05-tan-cong.md"
    payload = json.dumps(persist(target, GOOD))
    (tmp_path / "index.html").write_text(ATTACKER % {"url": f"http://{host}:{server.port}", "payload": payload,
                                                     "path": target}, encoding="utf-8")
    attacker = serve(str(tmp_path))
    log = server.base / "server.log"
    seen = len(log.read_text(encoding="utf-8").splitlines())
    before = snapshot(server.repo)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://{host}:{attacker.server_port}/index.html")
        out = page.evaluate("window.done")
    finally:
        context.close()
        attacker.shutdown()
    assert snapshot(server.repo) == before and not (server.repo / target).exists()
    assert out["cors json + guessed token"] == "threw" and out["cors json"] == "threw", out
    assert out["read the editor page"] == "threw" and out["frame token"] == "unreadable", out
    # Sent (the log below shows it arrived), and its answer withheld (Cross-Origin-Resource-Policy).
    assert out["no-cors text/plain"] == "threw" and out["check text/plain"] == "threw", out
    # The attempts did reach the server, and each was refused.
    lines = log.read_text(encoding="utf-8").splitlines()[seen:]
    posts = [line for line in lines if " POST /api/" in line]
    assert len(posts) >= 4 and all(line.split()[-3] == "403" for line in posts), lines
    assert not any(" OPTIONS " in line and " 403 " not in line for line in lines), lines


LATER = "meetings/2021/2021-03-05-giao-ban-quy-i-nam-2021.md"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A repository copy with `mkdocs serve` (the preview, live reload on) and the editor server."""
    base = tmp_path_factory.mktemp("live")
    repo = make_project(base / "repo", {LATER: GOOD})
    for name in ("editor", "node_modules"):
        (repo / name).symlink_to(ROOT / name)
    from scripts.dev.editor_stack import free_port

    port = free_port()
    serve_log = (base / "serve.log").open("w")
    mkdocs = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f",
                               str(repo / "mkdocs.yml")], cwd=repo, stdout=serve_log, stderr=subprocess.STDOUT,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    preview = f"http://127.0.0.1:{port}/"
    proc, editor_port = start_server(repo, base / "server.log", preview=preview)
    try:
        deadline = __import__("time").monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(preview, timeout=5).read()
                break
            except OSError:
                if mkdocs.poll() is not None or __import__("time").monotonic() > deadline:
                    pytest.fail("mkdocs serve did not start: " + (base / "serve.log").read_text())
                __import__("time").sleep(0.5)
        yield repo, f"http://127.0.0.1:{editor_port}/admin/", preview, base
    finally:
        for p in (proc, mkdocs):
            p.terminate()
        for p in (proc, mkdocs):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


def editor_page(browser, admin: str, route: str):
    from tests.conftest import watched_page

    context, page = watched_page(browser, viewport={"width": 1280, "height": 800})
    page.set_default_timeout(30_000)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(admin)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Bản tin hội nghị").wait_for()
    page.goto(admin + route)
    return context, page


def save(page):
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay").click()


@pytest.mark.browser
def test_saving_reloads_the_preview_but_never_the_editor(live, browser):
    repo, admin, preview, _ = live
    stem = LATER.split("/", 1)[1][:-3]
    context, page = editor_page(browser, admin, "#/collections/meetings/entries/" + stem)
    other_context, other = editor_page(browser, admin, "#/collections/meetings")
    shown = browser.new_page()
    try:
        shown.goto(preview)  # a page of mkdocs serve, whose live reload is the control
        shown.evaluate("window.__marker = 'preview'")
        body = page.get_by_label("Nội dung bài đã đăng")
        body.wait_for()
        page.evaluate("window.__marker = 'editor'")
        other.evaluate("window.__marker = 'other tab'")
        typed = "Sáng 5/3, UBND thành phố giao ban.\n\nĐoạn thêm trong trình soạn thảo."
        body.fill(typed)
        save(page)
        page.locator("#portal-check").get_by_text("Đã kiểm tra: không có lỗi.").wait_for()
        assert "Đoạn thêm trong trình soạn thảo." in (repo / "docs" / LATER).read_text(encoding="utf-8")
        # The preview rebuilds and reloads (the control: live reload is on)…
        shown.wait_for_function("window.__marker === undefined", timeout=120_000)
        # …while neither editor tab was reloaded: the marks, the typed text and the panel are there.
        assert page.evaluate("window.__marker") == "editor"
        assert other.evaluate("window.__marker") == "other tab"
        assert body.input_value() == typed
        assert page.locator("#portal-check").is_visible()
        link = page.locator("#portal-check a")
        assert link.get_attribute("href").startswith(preview) and link.get_attribute("target") == "_blank"
        # Typing after the save brings no prompt and keeps the page.
        body.fill(typed + "\n\nThêm sau khi lưu.")
        page.wait_for_timeout(1500)
        assert page.dialogs == [] and other.dialogs == [] and page.evaluate("window.__marker") == "editor"
        assert page.errors == [] and other.errors == []
    finally:
        context.close()
        other_context.close()
        shown.close()


@pytest.mark.browser
def test_the_list_opens_on_the_newest_bulletin(live, browser):
    repo, admin, _, _ = live
    dates = sorted(str(yaml_date(p)) for p in (repo / "docs/meetings").rglob("*.md"))
    context, page = editor_page(browser, admin, "#/collections/meetings")
    try:
        first = page.locator("a[href*='#/collections/meetings/entries/']").first
        first.wait_for()
        assert first.inner_text().startswith(dates[-1]), (first.inner_text(), dates)
    finally:
        context.close()


def yaml_date(path: Path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["date"]


@pytest.mark.browser
def test_a_refused_save_keeps_the_form_and_the_messages_until_closed(live, browser):
    repo, admin, _, _ = live
    context, page = editor_page(browser, admin, "#/collections/meetings/new")
    try:
        page.evaluate("window.__marker = 'editor'")
        title = "Hội nghị thử lưu bị từ chối"
        page.get_by_label("Tiêu đề", exact=True).fill(title)
        page.get_by_label("Độ chính xác của ngày").first.select_option("year")
        # a year the contract refuses (a text that is not a date at all is refused by the date widget)
        page.get_by_label("Ngày họp", exact=True).fill("1900")
        page.get_by_label("Loại hội nghị").fill("giao ban")
        page.locator("[class*=-option]", has_text="Hội nghị giao ban").first.click()
        page.get_by_label("Nội dung bài đã đăng").fill("Nội dung đang soạn, chưa lưu.")
        save(page)
        panel = page.locator("#portal-check")
        panel.get_by_text("Chưa lưu: 2 lỗi cần sửa").wait_for()
        lines = panel.locator("li").all_inner_texts()
        assert [line.split(": ")[1] for line in lines] == ["chairs", "date"], lines
        page.wait_for_timeout(8000)  # longer than Decap's own notices stay
        assert panel.is_visible() and panel.locator("li").count() == 2
        assert page.get_by_label("Tiêu đề", exact=True).input_value() == title
        assert page.get_by_label("Nội dung bài đã đăng").input_value() == "Nội dung đang soạn, chưa lưu."
        assert page.get_by_label("Ngày họp", exact=True).input_value() == "1900"
        assert page.evaluate("window.__marker") == "editor"
        assert not list((repo / "docs/meetings").rglob("*bi-tu-choi*"))
        panel.get_by_role("button", name="Đóng").click()
        assert page.locator("#portal-check").count() == 0
    finally:
        context.close()


@pytest.mark.browser
def test_the_editor_benchmark_runs_at_a_tiny_size():
    """scripts/dev/cms_benchmark.py --bulletins: list, open, new form and save are timed (figures in the README)."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts/dev/cms_benchmark.py"), "--bulletins", "3",
                             "--runs", "1"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("Editor at 3 bulletins (median of 1): list ")
    assert "save (click to the check's answer)" in result.stdout


@pytest.mark.browser
def test_the_guides_screenshots_are_taken(tmp_path):
    """scripts/dev/editor_screenshots.py against the editor server: the four pictures of the staff guide."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts/dev/editor_screenshots.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "trinh-soan-thao-ban-tin.png", "trinh-soan-thao-danh-sach.png", "trinh-soan-thao-loi.png",
        "trinh-soan-thao-tim-khong-dau.png"]


@pytest.mark.browser
def test_uploads_through_the_media_library_are_images_with_ascii_names(live, browser, tmp_path):
    repo, admin, _, _ = live
    uploads = repo / "docs/assets/uploads"
    photo = tmp_path / "Ảnh Hội nghị.PNG"
    photo.write_bytes(png(40, 30))
    svg = tmp_path / "so-do.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8")
    fake = tmp_path / "anh-gia.png"
    fake.write_text("<!doctype html><script>alert(1)</script>", encoding="utf-8")
    context, page = editor_page(browser, admin, "#/collections/meetings")
    try:
        page.get_by_text("Tập tin").first.click()
        picker = page.locator("input[type=file]").first
        picker.set_input_files(str(photo))
        page.get_by_text("anh-hoi-nghi.png").wait_for()
        assert sorted(p.name for p in uploads.iterdir()) == ["anh-hoi-nghi.png"]
        assert (uploads / "anh-hoi-nghi.png").read_bytes() == png(40, 30)
        panel = page.locator("#portal-check")
        picker.set_input_files(str(svg))
        panel.get_by_text("Chưa tải lên: docs/assets/uploads/so-do.svg").wait_for()
        panel.get_by_role("button", name="Đóng").click()
        picker.set_input_files(str(fake))
        panel.get_by_text("nội dung tệp không phải ảnh PNG").wait_for()
        assert sorted(p.name for p in uploads.iterdir()) == ["anh-hoi-nghi.png"]
        assert page.dialogs == []
    finally:
        context.close()
        for path in uploads.iterdir():
            path.unlink()
