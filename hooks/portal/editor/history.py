"""Undo from the editor: a file's history in git, its text at a version, and restoring a version.

One handler in the shape of the editor server's table, ``(docs, request) -> (status, dict)``:

    {"action": "log", "path": "docs/meetings/2020/x.md"}
        -> 200 {"path", "versions": [{"commit", "date", "author", "message"}, ...]}  newest first
    {"action": "show", "path": ..., "commit": "<hex>"}
        -> 200 {"path", "commit", "text"}
    {"action": "restore", "path": ..., "commit": "<hex>"}
        -> 200 {"path", "restored": true, "warnings"}  or  422 {"path", "errors", "warnings"}

A restore writes that version's text into the file THROUGH the same check as a save
(:func:`portal.editor.cms_check.check_entry`): a version the check refuses today (a registry key
since removed, say) is not written, and the lines say why. It writes the working file only, as a save
from the local editor does; the commit is made as for any other save. Only bulletins and registry
entries under ``docs/`` are reachable, by their path as the editor names them; commits are hex ids
that git resolves to a commit touching that file. Plain Python, no MkDocs.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from portal.editor.cms_check import MAX_BYTES, allowed, check_entry

_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")
MAX_VERSIONS = 200
_SEP = "\x1f"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=30)


def _bad(path, message: str, status: int = 400) -> tuple[int, dict]:
    return status, {"path": path, "error": message}


def handle(docs: Path, request: dict, write=None) -> tuple[int, dict]:
    """The history handler: see the module's docstring. ``write(path, text)``: how a restore is
    written (the editor server's writer, which follows no link); by default, plainly."""
    if not isinstance(request, dict):
        return _bad(None, "yêu cầu phải là một đối tượng JSON")
    action, path, commit = request.get("action"), request.get("path"), request.get("commit")
    if not allowed(path):
        return _bad(path, "chỉ xem được lịch sử của bản tin (docs/meetings/YYYY/…md) và mục danh mục "
                          "(docs/data/<danh mục>/…yml)")
    root = Path(docs).resolve().parent
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        return 200, {"path": path, "versions": [], "note": "thư mục nội dung không nằm trong kho git: chưa có lịch sử"}
    if action == "log":
        return 200, {"path": path, "versions": _log(root, path)}
    if action not in ("show", "restore"):
        return _bad(path, f"không có thao tác \"{action}\": dùng log, show hoặc restore")
    if not isinstance(commit, str) or not _COMMIT.match(commit):
        return _bad(path, "mã phiên bản (commit) phải là 7–40 chữ số thập lục phân, lấy từ danh sách lịch sử")
    if not any(v["commit"].startswith(commit) for v in _log(root, path)):
        return _bad(path, f"phiên bản {commit} không có trong lịch sử của {path}", 404)
    shown = _git(root, "show", f"{commit}:{path}")
    if shown.returncode != 0:
        return _bad(path, f"phiên bản {commit} không có tệp {path} (tệp được tạo sau, hoặc đã đổi tên)", 404)
    if len(shown.stdout) > MAX_BYTES:
        return _bad(path, "phiên bản này quá lớn để hiển thị", 413)
    try:
        text = shown.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return _bad(path, "phiên bản này không phải văn bản UTF-8: không khôi phục được từ trình soạn thảo", 422)
    if action == "show":
        return 200, {"path": path, "commit": commit, "text": text}
    result = check_entry(Path(docs), path, text, is_new=False)
    if result["errors"]:
        return 422, {"path": path, "errors": result["errors"], "warnings": result["warnings"]}
    if write is not None:
        write(path, text)
    else:
        target = Path(docs) / path.removeprefix("docs/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return 200, {"path": path, "commit": commit, "restored": True, "warnings": result["warnings"]}


def _log(root: Path, path: str) -> list[dict]:
    result = _git(root, "log", "--follow", f"-n{MAX_VERSIONS}", f"--format=%H{_SEP}%aI{_SEP}%an{_SEP}%s", "--", path)
    versions = []
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split(_SEP)
        if len(parts) == 4:
            versions.append(dict(zip(("commit", "date", "author", "message"), parts)))
    return versions
