"""Undo from the editor (portal.editor.history): a bulletin's versions from git, the text at one,
and restoring one through the same check as a save. The route (the editor server's POST
/api/history, guarded like every API call) is driven in chromium by tests/test_editor_ux.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from portal.editor.history import handle
from tests.conftest import ROOT, make_project

PATH = "docs/meetings/2021/2021-03-05-giao-ban.md"
V1 = """---
title: "Giao ban quý I năm 2021"
date: 2021-03-05
kind: giao-ban
chairs:
  - person: le-anh-xuan
---

Bản đầu.
"""
V2 = V1.replace("Bản đầu.", "Bản sửa lần hai.")
BROKEN = V1.replace("kind: giao-ban", "kind: giao-ban-cu")  # a kind that does not exist


def git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=Biên tập viên", "-c", "user.email=bt@example.org",
                           *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    repo = make_project(tmp_path / "repo")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Nội dung ban đầu")
    target = repo / PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    for text, message in ((V1, "Thêm bản tin giao ban"), (BROKEN, "Sửa loại (sai)"), (V2, "Sửa nội dung")):
        target.write_text(text, encoding="utf-8")
        git(repo, "add", PATH)
        git(repo, "commit", "-qm", message)
    return repo


def versions(repo):
    status, result = handle(repo / "docs", {"action": "log", "path": PATH})
    assert status == 200, result
    return result["versions"]


def test_the_log_lists_every_version_newest_first_with_date_author_and_message(repo):
    found = versions(repo)
    assert [v["message"] for v in found] == ["Sửa nội dung", "Sửa loại (sai)", "Thêm bản tin giao ban"]
    assert all(v["author"] == "Biên tập viên" and v["date"][:4].isdigit() and len(v["commit"]) == 40 for v in found)


def test_the_text_at_a_version(repo):
    first = versions(repo)[-1]["commit"]
    status, result = handle(repo / "docs", {"action": "show", "path": PATH, "commit": first[:10]})
    assert status == 200 and result["text"] == V1


def test_restoring_a_version_writes_it_after_the_check(repo):
    first = versions(repo)[-1]["commit"]
    status, result = handle(repo / "docs", {"action": "restore", "path": PATH, "commit": first})
    assert status == 200 and result["restored"] is True, result
    assert (repo / PATH).read_text(encoding="utf-8") == V1
    check = subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--docs", str(repo / "docs"), str(repo / PATH)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_version_the_check_refuses_is_not_written(repo):
    broken = versions(repo)[1]["commit"]
    status, result = handle(repo / "docs", {"action": "restore", "path": PATH, "commit": broken})
    assert status == 422
    assert len(result["errors"]) == 1 and result["errors"][0].startswith(f"{PATH}:4: kind: ")
    assert "giao-ban-cu" in result["errors"][0]
    assert (repo / PATH).read_text(encoding="utf-8") == V2


@pytest.mark.parametrize("request_, status", [
    ({"action": "log", "path": "../../etc/passwd"}, 400),
    ({"action": "log", "path": "mkdocs.yml"}, 400),
    ({"action": "log"}, 400),
    ({"action": "show", "path": PATH, "commit": "HEAD"}, 400),
    ({"action": "show", "path": PATH, "commit": "--output=/tmp/x"}, 400),
    ({"action": "show", "path": PATH, "commit": "0" * 40}, 404),
    ({"action": "restore", "path": PATH}, 400),
    ({"action": "drop", "path": PATH, "commit": "abcdef1"}, 400),
    ([1, 2], 400),
])
def test_bad_requests_are_answered_in_vietnamese_never_a_traceback(repo, request_, status):
    got, result = handle(repo / "docs", request_)
    assert got == status and result["error"] and "Traceback" not in json.dumps(result, ensure_ascii=False)
    assert (repo / PATH).read_text(encoding="utf-8") == V2


def test_a_commit_of_another_file_is_not_this_files_version(repo):
    start = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()  # the first commit: before the bulletin
    status, result = handle(repo / "docs", {"action": "restore", "path": PATH, "commit": start})
    assert status == 404 and "không có trong lịch sử" in result["error"]


def test_content_outside_git_has_no_history_yet(tmp_path):
    plain = make_project(tmp_path / "plain")
    status, result = handle(plain / "docs", {"action": "log", "path": PATH})
    assert status == 200 and result["versions"] == [] and "git" in result["note"]
