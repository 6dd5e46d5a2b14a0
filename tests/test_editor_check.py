"""The editor server's check and importer endpoints over HTTP (/api/check, /api/import): the
same lines as scripts/check.py, the importer's report for a pasted article, and no traceback
for any request."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.conftest import ROOT, make_project

from scripts.dev.editor_stack import start_server

pytestmark = pytest.mark.slow

SEED = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    repo = make_project(tmp_path_factory.mktemp("check") / "repo")
    for name in ("editor", "node_modules"):
        (repo / name).symlink_to(ROOT / name)
    proc, port = start_server(repo, repo / "server.log")
    url = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(url + "/admin/", timeout=10) as response:
        token = response.read().decode().split('name="portal-token" content="')[1].split('"')[0]
    yield url, repo, token
    proc.terminate()
    proc.wait(timeout=5)


def post(server, payload, endpoint="check", origin=None):
    url, _, token = server
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json", "X-Portal-Token": token}
    if origin:
        headers["Origin"] = origin
    request = urllib.request.Request(f"{url}/api/{endpoint}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}"), exc.headers


def test_a_wrong_entry_gets_the_lines_check_py_prints(server):
    _, repo, _ = server
    raw = '---\ntitle: "Thử"\ndate: 2021-03-05\nkind: giao-ban-x\nchairs:\n  - person: le-anh-xuan\n---\n\nA.\n'
    status, result, headers = post(server, {"path": "docs/meetings/2021/2021-03-05-thu.md", "raw": raw, "new": True})
    assert status == 200 and headers.get("Access-Control-Allow-Origin") is None
    path = repo / "docs/meetings/2021/2021-03-05-thu.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(raw, encoding="utf-8")
    try:
        printed = subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--docs", str(repo / "docs"),
                                  str(path)], capture_output=True, text=True).stdout.splitlines()
    finally:
        path.unlink()
    assert result["errors"] == printed and "Có phải ý bạn là \"giao-ban\"?" in printed[0]


def test_a_new_registry_entry_is_checked_in_its_folder(server):
    status, result, _ = post(server, {"path": "docs/data/people/nguyen-van-a.yml", "raw": "name: \"Nguyễn Văn A\"\n"
                                   "positions:\n  - title: \"Chủ tịch\"\n    organization: ubnd\n", "new": True})
    assert status == 200 and len(result["errors"]) == 1
    assert result["errors"][0].startswith("docs/data/people/nguyen-van-a.yml:4: positions[1].organization: ")


@pytest.mark.parametrize("payload", [
    {"path": "../../etc/passwd", "raw": "x"}, {"path": "docs/meetings/2020/x.md"}, {"path": 3, "raw": []},
    b"not json", b"[1, 2]", {"path": "docs/data/people/Le.yml", "raw": "name: x"},
])
def test_nothing_is_a_traceback(server, payload):
    status, result, _ = post(server, payload)
    assert status in (200, 400, 403)
    assert "Traceback" not in json.dumps(result, ensure_ascii=False)
    assert result.get("errors") or result.get("error")


def test_other_origins_are_refused_without_cors_permission(server):
    status, result, headers = post(server, {"path": "docs/meetings/2020/x.md", "raw": "x"},
                                   origin="http://127.0.0.1:8000")
    assert status == 403 and headers.get("Access-Control-Allow-Origin") is None
    assert result["error"].startswith("Từ chối: yêu cầu đến từ một trang khác")


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is beside the checkout in CI and development")
def test_a_pasted_article_gets_the_importers_report(server):
    [article] = [p for p in SEED.iterdir() if "2020" in p.read_text(encoding="utf-8")[:400]][:1]
    status, result, _ = post(server, {"raw": article.read_text(encoding="utf-8")}, endpoint="import")
    assert status == 200 and result["errors"] == []
    assert any(line.startswith("ngày họp: 2020-02-12") for line in result["report"]), result["report"]
    assert result["draft"].startswith("---")


def test_a_pasted_article_over_the_importer_limit_is_refused_with_the_limit(server):
    """The importer's size limit (issue 18) reaches the editor: no 90 s of CPU, a line that says why."""
    status, result, _ = post(server, {"raw": "Hội nghị giao ban. " * 12000}, endpoint="import")
    assert status == 413 and "draft" not in result
    assert "quá giới hạn 200 KB" in result["error"] and result["error"].startswith("Bài dán vào")
