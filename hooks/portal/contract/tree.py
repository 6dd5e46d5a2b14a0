"""Which files under ``docs/`` may be published, found without trusting the file system.

MkDocs copies every file under ``docs/`` into the site and follows symbolic links, so a
link to ``/etc/passwd`` or ``.git/config`` would be published. This walk follows no
link and reports, as content errors (so ``scripts/check.py`` says the same as the
build):

* a symbolic link that is broken, loops, points to a folder, or leaves ``docs/``;
* anything that is neither a regular file nor a folder (a FIFO would hang the copy);
* a file or folder name holding a control character (a name ending in a newline);
* under ``docs/meetings/``: a hidden file or folder, any link, a file that is not
  ``.md``, and a bulletin over :data:`~portal.guards.MAX_BULLETIN_BYTES`.

It returns the bulletins and the other Markdown pages, so nothing under
``docs/meetings/`` is ever skipped without an error.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from portal.contract.guards import MAX_BULLETIN_BYTES, MAX_PAGE_BYTES, size_label
from portal.contract.names import MEETINGS_DIR
from portal.contract.report import Report

FILE_FIELD = "(tệp)"
_BAD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass
class Tree:
    bulletins: list[Path] = field(default_factory=list)  # .md files under docs/meetings/, sorted
    pages: list[Path] = field(default_factory=list)  # other .md files under docs/, sorted
    refused: set[Path] = field(default_factory=set)  # reported, never to be read (bad links, oversize…)


def shown(rel: str) -> str:
    """A path as printed in a message: control characters written as escapes (\\n), not raw."""
    return _BAD_NAME.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), rel)


def inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def scan(docs: Path, root: Path, report: Report) -> Tree:
    """Walk ``docs`` (following no link) and report every file that must not be published."""
    tree = Tree()
    real_docs = docs.resolve()
    meetings = docs / MEETINGS_DIR
    stack = [docs]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            report.error(rel_path(folder, root), 1, FILE_FIELD, f"không đọc được thư mục ({exc.strerror})")
            continue
        for entry in entries:
            path = Path(entry.path)
            rel = rel_path(path, root)
            in_meetings = inside(path, meetings)
            if _BAD_NAME.search(entry.name):
                report.error(shown(rel), 1, FILE_FIELD, "tên tệp hoặc thư mục có ký tự điều khiển (ví dụ dấu xuống "
                             "dòng ở cuối tên); hãy đổi tên, chỉ dùng chữ thường không dấu, số và dấu gạch ngang")
                tree.refused.add(path)
                continue
            if entry.is_symlink():
                if _link(path, rel, real_docs, in_meetings, report):
                    tree.refused.add(path)  # reported: never read by the loader
                continue  # a link to a file inside docs/ outside meetings/: that file is checked where it is
            if in_meetings and entry.name.startswith("."):
                report.error(rel, 1, FILE_FIELD, "tệp hoặc thư mục ẩn (tên bắt đầu bằng dấu chấm) trong "
                             f"docs/{MEETINGS_DIR}/ sẽ không được đăng; hãy đổi tên hoặc xóa")
                tree.refused.add(path)
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                stack.append(path)
                continue
            if not stat.S_ISREG(mode):
                report.error(rel, 1, FILE_FIELD, "không phải tệp thường (ống, socket hoặc thiết bị); hãy xóa")
                tree.refused.add(path)
                continue
            if in_meetings:
                if not entry.name.endswith(".md"):
                    report.error(rel, 1, "(tên tệp)", f"tệp \"{entry.name}\" sẽ không được đăng: trong "
                                 f"docs/{MEETINGS_DIR}/ chỉ có bản tin, là tệp văn bản có đuôi .md (chữ thường)")
                    tree.refused.add(path)
                elif _oversize(path, rel, entry, MAX_BULLETIN_BYTES, "bản tin", report):
                    tree.refused.add(path)
                else:
                    tree.bulletins.append(path)
            elif entry.name.endswith(".md"):
                if _oversize(path, rel, entry, MAX_PAGE_BYTES, "trang", report):
                    tree.refused.add(path)
                else:
                    tree.pages.append(path)
    tree.bulletins.sort()
    tree.pages.sort()
    return tree


def _link(path: Path, rel: str, real_docs: Path, in_meetings: bool, report: Report) -> bool:
    """Report a link that must not be published; True when it was reported."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # broken, or a loop (RuntimeError before Python 3.13)
        report.error(rel, 1, FILE_FIELD, "liên kết tượng trưng hỏng hoặc tạo vòng lặp; hãy xóa nó và đặt chính tệp vào đây")
        return True
    if not inside(target, real_docs):
        report.error(rel, 1, FILE_FIELD, "liên kết tượng trưng trỏ ra ngoài thư mục docs/ sẽ không được đăng "
                     "(chỉ đăng những gì nằm trong docs/ của kho); hãy chép chính tệp vào đây")
    elif target.is_dir():
        report.error(rel, 1, FILE_FIELD, "liên kết tượng trưng đến một thư mục không được phép (MkDocs sẽ đăng lại "
                     "cả thư mục, có thể lặp vô tận); hãy chuyển chính thư mục vào đây")
    elif in_meetings:
        report.error(rel, 1, FILE_FIELD, f"liên kết tượng trưng trong docs/{MEETINGS_DIR}/ không được phép: "
                     "hãy đặt chính tệp bản tin vào đây")
    else:
        return False
    return True


def _oversize(path: Path, rel: str, entry, limit: int, what: str, report: Report) -> bool:
    size = entry.stat(follow_symlinks=False).st_size
    if size <= limit:
        return False
    report.error(rel, 1, FILE_FIELD, f"tệp {what} nặng {size_label(size)}, quá giới hạn {size_label(limit)}; "
                 "hãy bỏ phần không thuộc bản tin (ảnh nhúng, văn bản dán thừa) hoặc tách thành nhiều bản tin")
    return True


def rel_path(path: Path, root: Path) -> str:
    """``path`` as staff see it in messages: relative to the repository, else as given."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
