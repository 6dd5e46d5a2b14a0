"""The editor server: the staff editor's page and its API on one loopback origin.

    .venv/bin/python scripts/editor_server.py [--port 8081]     (scripts/editor.sh starts it)

One plain-Python HTTP server (stdlib, threads) that replaces Decap's ``decap-server`` and the
old check server. It serves ``/admin/`` (the files :mod:`portal.editor.cms` writes into the
built site, with Decap's local backend pointed at this origin) and answers ``POST /api/<name>``
through one table of handlers, :data:`HANDLERS`, each ``(docs, request) -> (status, reply)``:

* ``v1``: Decap's proxy-backend protocol (the actions of decap-server's ``localFs``
  middleware), limited to the files the editor edits: bulletins
  ``docs/meetings/YYYY/<name>.md``, registry entries ``docs/data/<registry>/<key>.yml``,
  pasted articles ``inbox/<name>.txt`` and images ``docs/assets/uploads/<name>.<png|jpg|jpeg|
  webp|gif>`` whose bytes are that image type. A bulletin or entry is checked as
  ``scripts/check.py`` checks it (:func:`portal.editor.cms_check.check_entry`) before anything
  is written, and refused with the same lines; a delete that breaks another file is refused too;
* ``check``: the same check, writing nothing; ``import``: the article importer's report.

Who may ask (every refusal is a 403 with a Vietnamese message, nothing is read or written):

* ``Host`` must be exactly ``127.0.0.1:<port>`` or ``localhost:<port>`` (DNS rebinding);
* ``Origin``, when the client sends one, must be this server's origin, and ``Sec-Fetch-Site``,
  when sent, ``same-origin``: no CORS header is ever sent and no preflight is ever granted;
* every API request carries ``X-Portal-Token``, a per-run secret written only into the editor
  page this server serves (a page of another origin cannot read it, and a custom header cannot
  be sent cross-origin without the preflight this server refuses); compared in constant time.

Files are reached from the repository's folder one component at a time with ``O_NOFOLLOW``
(no symbolic link is followed, on reading or writing), written to a temporary file and renamed
into place. Request bodies, checks and importer runs are bounded (413, 503, 429 with a
Vietnamese message beyond). No traceback ever reaches the client; one log line per request.
Plain Python, no MkDocs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import mimetypes
import os
import re
import secrets
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from portal.contract import guards, routes
from portal.contract import schema as S
from portal.contract.names import MEETINGS_DIR
from portal.editor import cms, history as file_history, sheet_import
from portal.editor.cms_check import BULLETIN, ENTRY, KEY, check_entry, check_removal, warm_up
from portal.outputs.sheets import MAX_SHEET_BYTES

TOKEN_HEADER = "X-Portal-Token"
INBOX = re.compile(rf"^{cms.INBOX_DIR}/({KEY})\.txt\Z")
MEDIA_FOLDER = "docs/assets/uploads"
MEDIA = re.compile(rf"^{MEDIA_FOLDER}/([a-z0-9]+(?:[._-][a-z0-9]+)*)\.(png|jpg|jpeg|webp|gif)\Z")
# The folders Decap lists, and how deep: a bulletin's folder holds year folders.
FOLDERS = {f"docs/{MEETINGS_DIR}": 2, cms.INBOX_DIR: 1, MEDIA_FOLDER: 1,
           **{f"docs/data/{name}": 1 for name in S.REGISTRY_ENTRIES}}
MAGIC = {"png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
         "gif": (b"GIF87a", b"GIF89a"), "webp": (b"RIFF",)}
PILLOW_FORMAT = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}

MAX_TEXT = 500_000  # a bulletin is at most 200 KB (guards.py), a registry entry less; room for the check to say so
MAX_MEDIA = 5_000_000  # one image
MAX_MEDIA_PIXELS = 40_000_000
MAX_IMPORT = guards.MAX_ARTICLE_BYTES  # a pasted article (real ones are 5-30 KB): the importer's own limit
IMPORT_TIMEOUT = 60
# A request's body: JSON may spell a Vietnamese letter as \uXXXX (6 bytes); an image goes as base64.
MAX_BODY = {"v1": MAX_MEDIA * 4 // 3 + 200_000, "check": 6 * MAX_TEXT, "import": 6 * MAX_IMPORT,
            "sheet": MAX_SHEET_BYTES * 4 // 3 + 6 * MAX_TEXT}  # the sheet in base64 beside the form's reviews
MAX_BODY_DEFAULT = 100_000
MAX_LISTED = 20_000  # files in one listing
REQUEST_TIMEOUT = 30  # seconds a client may take to send its request

MESSAGES = {
    "host": "Từ chối: trình soạn thảo chỉ trả lời địa chỉ http://127.0.0.1:{port}/ hoặc http://localhost:{port}/.",
    "origin": "Từ chối: yêu cầu đến từ một trang khác, không phải trình soạn thảo (http://127.0.0.1:{port}/admin/).",
    "token": "Từ chối: thiếu mã phiên của trình soạn thảo. Hãy mở lại http://127.0.0.1:{port}/admin/ "
             "(mỗi lần chạy scripts/editor.sh có một mã mới).",
    "preflight": "Từ chối: trình soạn thảo không cho trang nào khác gọi đến nó.",
    "too_big": "Yêu cầu quá lớn (tối đa {limit} KB).",
    "type": "Yêu cầu phải là JSON (Content-Type: application/json).",
    "json": "Yêu cầu không phải JSON hợp lệ (một đối tượng {{…}}).",
    "busy": "Máy soạn thảo đang bận với các yêu cầu khác; thử lại sau ít giây.",
    "not_found": "Không có địa chỉ này trên trình soạn thảo.",
    "method": "Phương thức không được hỗ trợ.",
    "internal": "Lỗi của trình soạn thảo ({kind}); chưa ghi gì. Hãy báo cho người quản trị kèm giờ xảy ra.",
}


class Refused(Exception):
    """A request the server answers with ``status`` and a Vietnamese ``message`` (and maybe lines)."""

    def __init__(self, status: int, message: str, **extra) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


@dataclass
class Settings:
    """What one run of the server knows besides the content folder."""
    root: Path  # the repository: the folder holding docs/ and inbox/
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    preview: str | None = None  # mkdocs serve's address, for links to the page of a saved bulletin
    importer: list[str] | None = None  # the command running scripts/import_article.py
    checks: threading.BoundedSemaphore = field(default_factory=lambda: threading.BoundedSemaphore(2))
    imports: threading.BoundedSemaphore = field(default_factory=lambda: threading.BoundedSemaphore(1))
    requests: threading.BoundedSemaphore = field(default_factory=lambda: threading.BoundedSemaphore(16))
    writing: threading.Lock = field(default_factory=threading.Lock)


SETTINGS: Settings | None = None  # the running server's (one per process)


# --- files, never through a link --------------------------------------------------------------

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _refuse_path(path) -> Refused:
    shown = path if isinstance(path, str) else type(path).__name__
    return Refused(403, f"{shown[:200]}: trình soạn thảo chỉ đọc và ghi bản tin (docs/{MEETINGS_DIR}/YYYY/<tên>.md), "
                        f"mục danh mục (docs/data/<danh mục>/<mã>.yml), bài chờ nhập ({cms.INBOX_DIR}/<tên>.txt) "
                        f"và ảnh ({MEDIA_FOLDER}/<tên>.png|jpg|jpeg|webp|gif); tên chữ thường không dấu, "
                        "số và dấu gạch ngang.")


def kind_of(path) -> str:
    """``bulletin``, ``entry``, ``inbox`` or ``media``; anything else is refused."""
    if isinstance(path, str) and len(path) <= 300:
        for kind, rule in (("bulletin", BULLETIN), ("entry", ENTRY), ("inbox", INBOX), ("media", MEDIA)):
            if rule.match(path):
                return kind
    raise _refuse_path(path)


def _open_dir(root: Path, parts: list[str], create: bool = False) -> int:
    """A descriptor of root/parts…, reached without following any link (created if asked)."""
    fd = os.open(root, _DIR_FLAGS)
    try:
        for part in parts:
            try:
                child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                os.mkdir(part, 0o755, dir_fd=fd)
                child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = child
        return fd
    except BaseException:
        os.close(fd)
        raise


def _link_refused(path: str) -> Refused:
    return Refused(403, f"{path}: đường dẫn đi qua một liên kết (symlink) hoặc không phải tệp thường; "
                        "trình soạn thảo không theo liên kết. Hãy thay liên kết bằng tệp thật.")


def read_file(root: Path, path: str, limit: int) -> bytes | None:
    """The bytes of an allowed file, or None when it does not exist."""
    *folders, name = path.split("/")
    try:
        fd = _open_dir(root, folders)
    except FileNotFoundError:
        return None
    except OSError:
        raise _link_refused(path) from None
    try:
        try:
            file = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=fd)
        except FileNotFoundError:
            return None
        except OSError:
            raise _link_refused(path) from None
        with os.fdopen(file, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise _link_refused(path)
            if info.st_size > limit:
                raise Refused(413, f"{path}: tệp quá lớn ({info.st_size // 1024} KB, tối đa {limit // 1024} KB).")
            return handle.read(limit + 1)[:limit]
    finally:
        os.close(fd)


def _existing_kind(fd: int, name: str, path: str) -> bool:
    try:
        info = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(info.st_mode):
        raise _link_refused(path)
    return True


def assert_plain(root: Path, path: str) -> None:
    """Refuse now (before any check) a file that is a link, or is reached through one."""
    *folders, name = path.split("/")
    try:
        fd = _open_dir(root, folders)
    except FileNotFoundError:
        return  # created on writing, through no link
    except OSError:
        raise _link_refused(path) from None
    try:
        _existing_kind(fd, name, path)
    finally:
        os.close(fd)


def write_file(root: Path, path: str, data: bytes) -> None:
    """Write an allowed file: a temporary file beside it, renamed over it (never through a link)."""
    *folders, name = path.split("/")
    try:
        fd = _open_dir(root, folders, create=True)
    except OSError:
        raise _link_refused(path) from None
    try:
        _existing_kind(fd, name, path)
        temp = f".{name}.{secrets.token_hex(6)}.tmp"
        file = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644, dir_fd=fd)
        try:
            with os.fdopen(file, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.rename(temp, name, src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            try:
                os.unlink(temp, dir_fd=fd)
            except OSError:
                pass
            raise
    finally:
        os.close(fd)


def delete_file(root: Path, path: str) -> None:
    *folders, name = path.split("/")
    try:
        fd = _open_dir(root, folders)
    except FileNotFoundError:
        return
    except OSError:
        raise _link_refused(path) from None
    try:
        if _existing_kind(fd, name, path):
            os.unlink(name, dir_fd=fd)
    finally:
        os.close(fd)


def list_folder(root: Path, folder: str, extension: str, depth: int) -> list[str]:
    """The allowed files under one of the editor's folders (links and other names left out)."""
    folder = folder.rstrip("/") if isinstance(folder, str) else folder
    if not isinstance(folder, str) or folder not in FOLDERS:
        raise _refuse_path(folder)
    depth = min(int(depth) if isinstance(depth, int) and not isinstance(depth, bool) else 1, FOLDERS[folder])
    newest_first = folder == f"docs/{MEETINGS_DIR}"
    found: list[str] = []

    def walk(parts: list[str], level: int) -> None:
        try:
            fd = _open_dir(root, parts)
        except FileNotFoundError:
            return
        except OSError:
            raise _link_refused("/".join(parts)) from None
        try:
            with os.scandir(fd) as entries:
                # Bulletins newest first: Decap lists a collection in the order the backend gives it,
                # and bulletins (and their folders) are named by date, so the list opens on the newest.
                names = sorted(((e.name, e.is_dir(follow_symlinks=False), e.is_file(follow_symlinks=False))
                                for e in entries), reverse=newest_first)
        finally:
            os.close(fd)
        for name, is_dir, is_file in names:
            rel = "/".join([*parts, name])
            if is_dir and level > 1:
                walk([*parts, name], level - 1)
            elif is_file and rel.endswith(extension or "") and len(found) < MAX_LISTED:
                try:
                    kind_of(rel)
                except Refused:
                    continue
                found.append(rel)

    walk(folder.split("/"), depth)
    return found


# --- content rules ------------------------------------------------------------------------------

def media_problem(path: str, data: bytes) -> str | None:
    """Why these bytes may not be saved as this image, in Vietnamese (None when they may)."""
    ext = path.rsplit(".", 1)[-1]
    if len(data) > MAX_MEDIA:
        return f"{path}: ảnh quá lớn ({len(data) // 1024} KB, tối đa {MAX_MEDIA // 1_000_000} MB)."
    if not data.startswith(MAGIC[ext]) or (ext == "webp" and data[8:12] != b"WEBP"):
        return (f"{path}: nội dung tệp không phải ảnh {ext.upper()} (chỉ nhận ảnh PNG, JPEG, WebP, GIF đúng "
                "với phần mở rộng; không nhận SVG, HTML hay tệp khác đổi tên).")
    from PIL import Image  # the build's image library (link previews)

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != PILLOW_FORMAT[ext]:
                raise ValueError(image.format)
            if image.width * image.height > MAX_MEDIA_PIXELS:
                return f"{path}: ảnh quá nhiều điểm ảnh ({image.width}×{image.height})."
            image.verify()
    except Exception:  # noqa: BLE001 (any failure of the decoder means: not a readable image)
        return f"{path}: tệp hỏng hoặc không phải ảnh {ext.upper()} đọc được."
    return None


def _text(value, path: str, limit: int) -> str:
    if not isinstance(value, str):
        raise Refused(400, f"{path}: thiếu nội dung tệp (raw).")
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise Refused(422, f"{path}: nội dung có ký tự không hợp lệ (nửa cặp UTF-16); hãy gõ lại đoạn vừa dán.",
                      errors=[f"{path}:1: (tệp): nội dung có ký tự không hợp lệ (nửa cặp UTF-16)"]) from None
    if size > limit:
        raise Refused(413, f"{path}: nội dung quá lớn ({size // 1024} KB, tối đa {limit // 1024} KB).")
    return value


def page_url(path: str) -> str | None:
    """The address of a saved bulletin or entry on the preview (mkdocs serve)."""
    if not SETTINGS or not SETTINGS.preview:
        return None
    entry = ENTRY.match(path)
    url = routes.entry_url(entry[1], entry[2]) if entry else routes.url_of_source(path.removeprefix("docs/"))
    return SETTINGS.preview.rstrip("/") + "/" + url.lstrip("/") if url is not None else SETTINGS.preview


def checked(docs: Path, path: str, raw: str | None) -> dict:
    """scripts/check.py's lines for this file written (or, with None, deleted); Refused on an error."""
    if not SETTINGS.checks.acquire(timeout=30):
        raise Refused(503, MESSAGES["busy"])
    try:
        # a file not there yet is a new entry: a new person already in the registry is refused
        new = raw is not None and not (docs.parent / path).exists()
        result = check_entry(docs, path, raw, is_new=new) if raw is not None else check_removal(docs, path)
    finally:
        SETTINGS.checks.release()
    if result["errors"]:
        what = "Chưa lưu" if raw is not None else "Chưa xóa"
        raise Refused(422, f"{what}: {len(result['errors'])} lỗi cần sửa (như scripts/check.py báo). "
                           + " | ".join(result["errors"]), errors=result["errors"], warnings=result["warnings"])
    return result


# --- Decap's proxy backend ----------------------------------------------------------------------

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _entry(root: Path, path, label=None, listing: bool = False) -> dict:
    """One file as Decap's proxy reads it. In a folder's listing, one that cannot be read (too big,
    a link planted since) is listed without data, as decap-server lists it, instead of failing the
    list; asked for by name, it is refused."""
    kind_of(path)
    try:
        data = read_file(root, path, MAX_TEXT)
    except Refused:
        if not listing:
            raise
        data = None
    text = None if data is None else data.decode("utf-8", "replace")
    return {"data": text, "file": {"path": path, "label": label, "id": None if data is None else _sha(data)}}


def _media(root: Path, path) -> dict:
    if kind_of(path) != "media":
        raise _refuse_path(path)
    data = read_file(root, path, MAX_MEDIA)
    if data is None:
        raise Refused(404, f"{path}: không có tệp này.")
    return {"id": _sha(data), "content": base64.b64encode(data).decode("ascii"), "encoding": "base64",
            "path": path, "name": path.rsplit("/", 1)[-1]}


def _asset_bytes(asset) -> tuple[str, bytes]:
    if not isinstance(asset, dict):
        raise Refused(400, "Tệp đính kèm không hợp lệ.")
    path = asset.get("path")
    if kind_of(path) != "media":
        raise _refuse_path(path)
    content = asset.get("content")
    if asset.get("encoding") != "base64" or not isinstance(content, str) or len(content) > MAX_MEDIA * 4 // 3 + 8:
        raise Refused(413 if isinstance(content, str) and len(content) > MAX_MEDIA else 400,
                      f"{path}: ảnh phải gửi dạng base64, tối đa {MAX_MEDIA // 1_000_000} MB.")
    try:
        data = base64.b64decode(content, validate=True)
    except ValueError:
        raise Refused(400, f"{path}: nội dung base64 hỏng.") from None
    problem = media_problem(path, data)
    if problem:
        raise Refused(415, problem, errors=[problem])
    return path, data


def persist(docs: Path, params: dict) -> tuple[int, dict]:
    root = docs.parent
    files = params.get("dataFiles") or ([params["entry"]] if isinstance(params.get("entry"), dict) else [])
    assets = params.get("assets") or []
    if not isinstance(files, list) or not files or not isinstance(assets, list) or len(files) > 5 or len(assets) > 20:
        raise Refused(400, "Yêu cầu lưu thiếu tệp hoặc có quá nhiều tệp.")
    writes: list[tuple[str, bytes]] = []
    checks: list[tuple[str, str]] = []
    for item in files:
        if not isinstance(item, dict):
            raise Refused(400, "Yêu cầu lưu không hợp lệ.")
        path = item.get("path")
        kind = kind_of(path)
        if item.get("newPath") not in (None, path):
            raise Refused(403, f"{path}: trình soạn thảo không đổi tên tệp (địa chỉ trang giữ nguyên).")
        if kind == "media":
            raise _refuse_path(path)
        raw = _text(item.get("raw"), path, MAX_IMPORT if kind == "inbox" else MAX_TEXT)
        assert_plain(root, path)
        if kind != "inbox":
            checks.append((path, raw))
        writes.append((path, raw.encode("utf-8")))
    writes += [_asset_bytes(asset) for asset in assets]
    for path, _ in writes[len(files):]:
        assert_plain(root, path)
    with SETTINGS.writing:  # the check and the write, one save at a time
        warnings: list[str] = []
        for path, raw in checks:
            warnings += checked(docs, path, raw)["warnings"]
        for path, data in writes:
            write_file(root, path, data)
    saved = writes[0][0]
    return 200, {"message": "entry persisted", "path": saved, "warnings": warnings, "checked": bool(checks),
                 "page": page_url(saved) if checks else None}


def remove(docs: Path, paths) -> tuple[int, dict]:
    if not isinstance(paths, list) or not paths or len(paths) > 20:
        raise Refused(400, "Yêu cầu xóa không hợp lệ.")
    kinds = [kind_of(path) for path in paths]
    for path in paths:
        assert_plain(docs.parent, path)
    with SETTINGS.writing:
        for path, kind in zip(paths, kinds):
            if kind in ("bulletin", "entry"):
                checked(docs, path, None)
        for path in paths:
            delete_file(docs.parent, path)
    return 200, {"message": "deleted files " + ", ".join(paths)}


def decap(docs: Path, request: dict) -> tuple[int, dict]:
    """Decap's proxy-backend protocol (decap-server's ``localFs`` actions), on the allowed files."""
    root = docs.parent
    action = request.get("action")
    params = request.get("params") if isinstance(request.get("params"), dict) else {}
    if action == "info":
        return 200, {"repo": root.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        files = list_folder(root, params.get("folder"), params.get("extension") or "", params.get("depth", 1))
        return 200, [_entry(root, path, listing=True) for path in files]
    if action == "entriesByFiles":
        files = params.get("files")
        if not isinstance(files, list) or len(files) > MAX_LISTED:
            raise Refused(400, "Danh sách tệp không hợp lệ.")
        return 200, [_entry(root, f.get("path") if isinstance(f, dict) else f,
                            f.get("label") if isinstance(f, dict) else None) for f in files]
    if action == "getEntry":
        return 200, _entry(root, params.get("path"))
    if action == "persistEntry":
        return persist(docs, params)
    if action == "getMedia":
        if params.get("mediaFolder") != MEDIA_FOLDER:
            return 200, []  # Decap also asks for an entry's own folder: images live only in the media folder
        return 200, [_media(root, path) for path in list_folder(root, MEDIA_FOLDER, "", 1)]
    if action == "getMediaFile":
        return 200, _media(root, params.get("path"))
    if action == "persistMedia":
        path, data = _asset_bytes(params.get("asset"))
        assert_plain(root, path)
        with SETTINGS.writing:
            write_file(root, path, data)
        return 200, _media(root, path)
    if action == "deleteFile":
        return remove(docs, [params.get("path")])
    if action == "deleteFiles":
        return remove(docs, params.get("paths"))
    if action == "getDeployPreview":
        return 200, None
    shown = action if isinstance(action, str) else type(action).__name__
    raise Refused(422, f"Thao tác không được hỗ trợ: {shown[:60]}.")


# --- the check and the importer -----------------------------------------------------------------

def check(docs: Path, request: dict) -> tuple[int, dict]:
    """``{"path", "raw", "new"}`` -> scripts/check.py's lines for it (writes nothing)."""
    path = request.get("path")
    if kind_of(path) not in ("bulletin", "entry"):
        raise _refuse_path(path)
    raw = _text(request.get("raw"), path, MAX_TEXT)
    if not SETTINGS.checks.acquire(blocking=False):
        raise Refused(503, MESSAGES["busy"])
    try:
        return 200, check_entry(docs, path, raw, bool(request.get("new")))
    finally:
        SETTINGS.checks.release()


def import_article(docs: Path, request: dict) -> tuple[int, dict]:
    """``{"raw"}`` (a pasted article) -> the importer's report and draft (writes nothing)."""
    raw = request.get("raw")
    if not isinstance(raw, str) or not raw.strip():
        raise Refused(400, "Chưa có bài để nhập (raw trống).")
    try:
        size = len(raw.encode("utf-8"))
    except UnicodeEncodeError:
        raise Refused(422, "Bài có ký tự không hợp lệ (nửa cặp UTF-16); hãy dán lại.") from None
    too_long = guards.article_too_long(size, "Bài dán vào")
    if too_long:  # refused before the importer runs (the importer refuses it too)
        raise Refused(413, too_long)
    if not SETTINGS.importer:
        raise Refused(503, "Công cụ nhập bài không được bật trên máy này.")
    if not SETTINGS.imports.acquire(blocking=False):
        raise Refused(429, "Công cụ nhập đang đọc một bài khác; thử lại sau ít giây.")
    try:
        with tempfile.TemporaryDirectory(prefix="portal-import-") as tmp:
            article = Path(tmp) / "bai.txt"
            article.write_text(raw, encoding="utf-8")
            try:
                result = subprocess.run([*SETTINGS.importer, str(article), "-o", "-"], capture_output=True,
                                        text=True, timeout=IMPORT_TIMEOUT, cwd=docs.parent)
            except subprocess.TimeoutExpired:
                raise Refused(504, f"Công cụ nhập chạy quá {IMPORT_TIMEOUT} giây và đã bị dừng; "
                                   "hãy kiểm tra bài dán (chỉ một bài, văn bản thường).") from None
    finally:
        SETTINGS.imports.release()
    # Its closing advice is for a terminal; here the workflow makes the draft.
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip() and str(article) not in line
             and not line.startswith(("Bản nháp ở trên", "Luôn đối chiếu", "Traceback", "  File "))]
    return 200, {"path": None, "errors": [], "warnings": [], "report": lines or ["(công cụ nhập không báo gì)"],
                 "draft": result.stdout}


def sheet(docs: Path, request: dict) -> tuple[int, dict]:
    """A filled review sheet -> the reviews it adds to the bulletin form (writes nothing; one at a
    time, like the check it runs)."""
    if not SETTINGS.checks.acquire(blocking=False):
        raise Refused(503, MESSAGES["busy"])
    try:
        return sheet_import.handle(docs, request)
    finally:
        SETTINGS.checks.release()


def history(docs: Path, request: dict) -> tuple[int, dict]:
    """A file's versions in git, the text of one, or a restore through the same check as a save
    (:mod:`portal.editor.history`), written by this server's own writer (no link followed)."""
    if not SETTINGS.checks.acquire(blocking=False):
        raise Refused(503, MESSAGES["busy"])
    try:
        return file_history.handle(docs, request,
                                   write=lambda path, text: write_file(docs.parent, path, text.encode("utf-8")))
    finally:
        SETTINGS.checks.release()


# One table: POST /api/<name> -> handler(docs, request) -> (status, reply).
HANDLERS: dict[str, Callable[[Path, dict], tuple[int, dict]]] = {
    "v1": decap,
    "check": check,
    "import": import_article,
    "sheet": sheet,
    "history": history,
}


def describe(name: str, request: dict) -> str:
    """What a request is about, for its log line: the action and the file."""
    params = request.get("params") if isinstance(request.get("params"), dict) else request
    target = params.get("path")
    files = params.get("dataFiles")
    if target is None and isinstance(files, list) and files and isinstance(files[0], dict):
        target = files[0].get("path")
    action = request.get("action")
    out = f" {action[:40]}" if isinstance(action, str) else ""
    return printable(out + (f" {target[:120]}" if isinstance(target, str) else ""))


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """A request's words for the staff's terminal: no control, escape or bidi character."""
    return _UNPRINTABLE.sub("?", text)


# --- HTTP ---------------------------------------------------------------------------------------

def preview_styles() -> dict[str, Path]:
    """The stylesheets of the editor's preview, served as the built site serves them."""
    import material  # the theme's package holds its compiled stylesheets; a file location only

    sheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    found = {f"/assets/stylesheets/{p.name}": p for pattern in ("main.*.min.css", "palette.*.min.css")
             for p in sorted(sheets.glob(pattern))}
    return found


def load_registries(docs: Path):
    """The registries alone (the preview's names), read as the loader reads them, without the bulletins."""
    from portal.content.loader import _load_registries
    from portal.contract.report import Report
    from portal.contract.tree import scan

    report = Report()
    registries, _ = _load_registries(docs, docs.parent, report, scan(docs, docs.parent, report).refused)
    return registries


def make_handler(docs: Path, settings: Settings):
    files = cms.admin_files(settings.root) or {}
    styles = preview_styles()
    styles["/assets/portal.css"] = docs / "assets" / "portal.css"
    hosts = {f"127.0.0.1:{settings.port}", f"localhost:{settings.port}"}
    origins = {f"http://{host}" for host in hosts}
    names_cache: dict = {}

    def settings_script() -> bytes:
        stamp = max((p.stat().st_mtime_ns for p in (docs / "data").rglob("*.yml") if p.is_file()), default=0)
        if names_cache.get("stamp") != stamp:
            names_cache.update(stamp=stamp, names=cms.registry_names(load_registries(docs)))
        config = cms.editor_settings(names_cache["names"], sorted(styles))
        config["preview"] = settings.preview
        return cms.settings_js(config).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        server_version = "portal-editor"
        sys_version = ""
        timeout = REQUEST_TIMEOUT
        protocol_version = "HTTP/1.1"

        def _reply(self, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Frame-Options", "DENY")
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self._status = status

        def _json(self, status: int, payload) -> None:
            self._reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                        "application/json; charset=utf-8", {"Cache-Control": "no-store"})

        def _refuse(self, refused: Refused) -> None:
            self.close_connection = True  # the unread body, if any, is not read
            payload = {"error": refused.message, **refused.extra}
            payload.setdefault("errors", [])
            self._json(refused.status, payload)

        def _guard(self, api: bool) -> None:
            port = settings.port
            if self.headers.get("Host", "") not in hosts:
                raise Refused(403, MESSAGES["host"].format(port=port))
            origin = self.headers.get("Origin")
            if origin is not None and origin not in origins:
                raise Refused(403, MESSAGES["origin"].format(port=port))
            site = self.headers.get("Sec-Fetch-Site")
            if api and site is not None and site != "same-origin":
                raise Refused(403, MESSAGES["origin"].format(port=port))
            if api:
                token = self.headers.get(TOKEN_HEADER, "")
                if not hmac.compare_digest(token.encode("utf-8", "replace"), settings.token.encode("ascii")):
                    raise Refused(403, MESSAGES["token"].format(port=port))

        def _run(self, work: Callable[[], None]) -> None:
            start = time.monotonic()
            self._status, self._what = 0, ""
            if not settings.requests.acquire(blocking=False):
                self.close_connection = True
                self._json(503, {"error": MESSAGES["busy"], "errors": []})
            else:
                try:
                    work()
                except Refused as refused:
                    self._refuse(refused)
                except (BrokenPipeError, ConnectionResetError, TimeoutError):
                    self.close_connection = True
                    self._status = self._status or 499
                except Exception as exc:  # noqa: BLE001 (never a traceback to the client)
                    self.close_connection = True
                    sys.stderr.write(f"editor_server: lỗi {type(exc).__name__}: {exc}\n")
                    try:
                        self._json(500, {"error": MESSAGES["internal"].format(kind=type(exc).__name__),
                                         "errors": []})
                    except OSError:
                        pass
                finally:
                    settings.requests.release()
            ms = round((time.monotonic() - start) * 1000)
            path = printable(self.path if len(self.path) < 120 else self.path[:117] + "…")
            sys.stderr.write(f"editor_server: {self.command} {path}{self._what} {self._status} {ms} ms\n")

        def do_GET(self):  # noqa: N802
            self._run(self._get)

        def do_HEAD(self):  # noqa: N802
            self._run(self._get)

        def _get(self) -> None:
            self._guard(api=False)
            path = urlsplit(self.path).path
            no_store = {"Cache-Control": "no-store"}
            if path in ("/", "/admin"):
                self._reply(302, b"", "text/plain", {"Location": "/admin/", **no_store})
            elif path in ("/admin/", "/admin/index.html"):
                if not files:
                    page = cms.INDEX_HTML.format(body=cms.NOT_INSTALLED)
                else:
                    page = cms.index_html(f'<meta name="portal-token" content="{settings.token}">\n')
                self._reply(200, page.encode("utf-8"), "text/html; charset=utf-8",
                            {**no_store, "Content-Security-Policy": "frame-ancestors 'none'"})
            elif path == "/admin/settings.js":
                self._reply(200, settings_script(), "text/javascript; charset=utf-8", no_store)
            elif path.startswith("/admin/") and path[7:] in files:
                self._static(files[path[7:]])
            elif path in styles:
                self._static(styles[path])
            else:
                raise Refused(404, MESSAGES["not_found"])

        def _static(self, source: Path) -> None:
            kind = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                    ".wasm": "application/wasm", ".txt": "text/plain; charset=utf-8"}.get(
                source.suffix, mimetypes.guess_type(source.name)[0] or "application/octet-stream")
            self._reply(200, source.read_bytes(), kind, {"Cache-Control": "no-cache"})

        def do_POST(self):  # noqa: N802
            self._run(self._post)

        def _post(self) -> None:
            self._guard(api=True)
            path = urlsplit(self.path).path
            name = path.removeprefix("/api/") if path.startswith("/api/") else None
            if name not in HANDLERS:
                raise Refused(404, MESSAGES["not_found"])
            limit = MAX_BODY.get(name, MAX_BODY_DEFAULT)
            if self.headers.get("Transfer-Encoding"):
                raise Refused(411, "Cần Content-Length.")
            try:
                length = int(self.headers.get("Content-Length") or "0")
            except ValueError:
                raise Refused(400, MESSAGES["json"]) from None
            if length > limit or length < 0:
                raise Refused(413, MESSAGES["too_big"].format(limit=limit // 1024))
            if self.headers.get_content_type() != "application/json":
                raise Refused(415, MESSAGES["type"])
            try:
                request = json.loads(self.rfile.read(length).decode("utf-8"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                raise Refused(400, MESSAGES["json"]) from None
            if not isinstance(request, dict):
                raise Refused(400, MESSAGES["json"])
            self._what = describe(name, request)
            status, reply = HANDLERS[name](docs, request)
            self._json(status, reply)

        def _no(self) -> None:
            self._guard(api=False)
            raise Refused(403, MESSAGES["preflight"])

        def _refuse_method(self) -> None:
            self._run(self._no)

        do_OPTIONS = do_PUT = do_DELETE = do_PATCH = _refuse_method  # no preflight is ever granted

        def log_message(self, fmt, *args):  # one line per request is written by _run
            pass

        def log_error(self, fmt, *args):
            if not fmt.startswith("Request timed out"):  # an idle kept-alive connection, closed
                sys.stderr.write("editor_server: " + printable(fmt % args) + "\n")

    return Handler


class EditorServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 32

    def handle_error(self, request, client_address):  # one line, never a traceback
        exc = sys.exc_info()[1]
        sys.stderr.write(f"editor_server: kết nối lỗi ({type(exc).__name__})\n")


def make_server(docs: Path, port: int = cms.LOCAL_BACKEND_PORT, *, preview: str | None = None,
                importer: list[str] | None = None) -> tuple[EditorServer, Settings]:
    """A server on 127.0.0.1 (never another interface) for the content in ``docs``."""
    global SETTINGS
    docs = Path(os.path.realpath(docs))
    settings = Settings(root=docs.parent, preview=preview, importer=importer)
    server = EditorServer(("127.0.0.1", port), lambda *a: None)  # handler set once the port is known
    settings.port = server.server_port
    server.RequestHandlerClass = make_handler(docs, settings)
    SETTINGS = settings

    def warm() -> None:
        try:
            warm_up(docs)
        except Exception as exc:  # noqa: BLE001 (only a head start; the check itself reports)
            sys.stderr.write(f"editor_server: chưa đọc trước được nội dung ({type(exc).__name__})\n")
    threading.Thread(target=warm, daemon=True).start()
    return server, settings
