"""Which files under ``docs/`` may be published, found without trusting the file system.

MkDocs copies every file under ``docs/`` into the site and follows symbolic links, so a
link to ``/etc/passwd`` or ``.git/config`` would be published. This walk follows no
link and reports, as content errors (so ``scripts/check.py`` says the same as the
build):

* a symbolic link that is broken, loops, points to a folder, or leaves ``docs/``;
* anything that is neither a regular file nor a folder (a FIFO would hang the copy);
* a file or folder name holding a control character (a name ending in a newline);
* under ``docs/meetings/``: a hidden file or folder, any link, a file that is not
  ``.md``, and a bulletin over :data:`~portal.guards.MAX_BULLETIN_BYTES`;
* anywhere else (``docs/data/``, read by the loader and never published, aside): a file or
  folder whose name is not safe in an address (:data:`SAFE_NAME`: ASCII letters, digits,
  ``.``, ``_``, ``-``; no markup, quote, space or accent), and a file of a type that is not
  published (:data:`MEDIA_TYPES`: pages, images, PDF). Style sheets and scripts are published
  only where the theme loads them (``settings.py``: ``extra_css``, ``extra_javascript``,
  ``theme.favicon``/``logo``); so ``.html``, ``.svg``, ``.xml``, ``.js`` anywhere else are
  errors, the editor's uploads (``docs/assets/uploads/``) included. An SVG named by the theme
  (the favicon) must pass :func:`svg_problem`: no script, event handler, foreign object,
  outside link or DTD.

Hidden files and folders outside ``docs/meetings/`` are not walked: MkDocs never publishes
them (its default ``exclude_docs``).

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
from portal.contract.schema import REGISTRY_ENTRIES

FILE_FIELD = "(tệp)"
NAME_FIELD = "(tên tệp)"
DATA_DIR = "data"  # registries: read by the loader, never published (mkdocs.yml exclude_docs)
_BAD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# A name that is safe in an address as it is: no markup, quote, space, accent, "%" or "#".
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
# What a page may publish beside itself: photos and documents (case-insensitive: phones write .JPG).
MEDIA_TYPES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".pdf")
MEDIA_HELP = ("trong docs/ chỉ đăng trang .md, ảnh (" + ", ".join(t for t in MEDIA_TYPES if t != ".pdf")
              + ") và tài liệu .pdf; tệp giao diện (.css, .js, biểu tượng) chỉ khi mkdocs.yml khai báo "
              "(extra_css, extra_javascript, theme.favicon); .html, .svg, .xml và các loại khác không được đăng vì "
              "có thể chứa mã chạy trên trình duyệt. Ảnh vẽ (.svg) hãy xuất ra .png")


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


def scan(docs: Path, root: Path, report: Report, theme_files=None) -> Tree:
    """Walk ``docs`` (following no link) and report every file that must not be published.
    ``theme_files``: paths under docs/ the theme loads (settings.py), published whatever their type."""
    theme_files = theme_files or {}
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
            in_data = inside(path, docs / DATA_DIR)
            if not in_meetings and entry.name.startswith("."):
                continue  # never published by MkDocs (exclude_docs' default ".*")
            if _BAD_NAME.search(entry.name):
                report.error(shown(rel), 1, FILE_FIELD, "tên tệp hoặc thư mục có ký tự điều khiển (ví dụ dấu xuống "
                             "dòng ở cuối tên); hãy đổi tên, chỉ dùng chữ thường không dấu, số và dấu gạch ngang")
                tree.refused.add(path)
                continue
            if entry.is_symlink():
                if _link(path, rel, real_docs, in_meetings, report):
                    tree.refused.add(path)  # reported: never read by the loader
                elif not in_data and not _link_publishable(path, docs, rel, theme_files, report):
                    tree.refused.add(path)
                continue  # a link to a file inside docs/ outside meetings/: that file is checked where it is
            if in_meetings and entry.name.startswith("."):
                report.error(rel, 1, FILE_FIELD, "tệp hoặc thư mục ẩn (tên bắt đầu bằng dấu chấm) trong "
                             f"docs/{MEETINGS_DIR}/ sẽ không được đăng; hãy đổi tên hoặc xóa")
                tree.refused.add(path)
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            if not in_data and not SAFE_NAME.match(entry.name) and (stat.S_ISDIR(mode) or not in_meetings):
                what = "thư mục" if stat.S_ISDIR(mode) else "tệp"
                report.error(rel, 1, NAME_FIELD, f"tên {what} \"{shown(entry.name)}\" không dùng được trong địa chỉ "
                             "trang: chỉ dùng chữ cái không dấu, số, dấu chấm, gạch dưới và gạch ngang (không có dấu "
                             "cách, dấu tiếng Việt, ngoặc kép hay < >); hãy đổi tên")
                tree.refused.add(path)
                continue
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
            elif in_data:
                in_registry = path.parent.parent == docs / DATA_DIR and path.parent.name in REGISTRY_ENTRIES
                if not entry.name.endswith(".yml") and not in_registry:  # (the loader reports those)
                    # Never read; published if mkdocs.yml's exclude_docs stopped leaving data/ out.
                    report.error(rel, 1, FILE_FIELD, f"tệp \"{shown(entry.name)}\" không phải danh mục: trong "
                                 f"docs/{DATA_DIR}/ chỉ có các tệp danh mục .yml; hãy chuyển hoặc xóa tệp này")
                    tree.refused.add(path)
                # registries: the loader reads and reports them
            elif entry.name.endswith(".md"):
                if _oversize(path, rel, entry, MAX_PAGE_BYTES, "trang", report):
                    tree.refused.add(path)
                else:
                    tree.pages.append(path)
            elif not _publishable(path, docs, rel, theme_files, report):
                tree.refused.add(path)
    tree.bulletins.sort()
    tree.pages.sort()
    return tree


def _link_publishable(path: Path, docs: Path, rel: str, theme_files: dict, report: Report) -> bool:
    """A link to a file inside docs/ is published under its own name: that name and type are checked
    (a page.html linked to an image would be served as a page)."""
    if not SAFE_NAME.match(path.name):
        report.error(rel, 1, NAME_FIELD, f"tên tệp \"{shown(path.name)}\" không dùng được trong địa chỉ trang: chỉ "
                     "dùng chữ cái không dấu, số, dấu chấm, gạch dưới và gạch ngang; hãy đổi tên")
        return False
    if path.name.endswith(".md"):
        return True
    return _publishable(path, docs, rel, theme_files, report)


def _publishable(path: Path, docs: Path, rel: str, theme_files: dict, report: Report) -> bool:
    """A file that is neither a page nor a bulletin: published only when its type is allowed."""
    src = path.relative_to(docs).as_posix()
    if src in theme_files:
        if src.lower().endswith(".svg"):
            problem = svg_problem(path)
            if problem:
                report.error(rel, 1, FILE_FIELD, f"tệp SVG khai báo ở {theme_files[src]} của mkdocs.yml {problem}; "
                             "chỉ đăng SVG gồm hình vẽ thuần (path, g, circle…): hãy dùng ảnh .png")
                return False
        return True
    if path.suffix.lower() in MEDIA_TYPES:
        return True
    report.error(rel, 1, FILE_FIELD, f"tệp \"{shown(path.name)}\" sẽ không được đăng: {MEDIA_HELP}")
    return False


_SVG_ELEMENTS = {"svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "title", "desc",
                 "defs", "lineargradient", "radialgradient", "stop", "clippath", "mask", "symbol", "use"}


def svg_problem(path: Path) -> str | None:
    """Why an SVG file is not plain drawing (script, handler, foreign object, outside link, DTD), or None."""
    import xml.etree.ElementTree as ET

    try:
        text = path.read_bytes()[:262144].decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return "không đọc được (cần tệp UTF-8, tối đa 256 KB)"
    if "<!" in text.replace("<!--", ""):  # DOCTYPE, ENTITY, CDATA: nothing a drawing needs
        return "có khai báo <!DOCTYPE>, <!ENTITY> hoặc CDATA"
    if "<?" in re.sub(r"\A\s*<\?xml\s[^?<>]*\?>", "", text):  # <?xml-stylesheet?> would load XSLT, which runs script
        return "có chỉ thị xử lý <?…?> (ví dụ xml-stylesheet)"
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return "không phải XML hợp lệ"
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1].lower()
        if name not in _SVG_ELEMENTS:
            return f"có phần tử <{name}>"
        for attr, value in element.attrib.items():
            attr = attr.rsplit("}", 1)[-1].lower()
            folded = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if attr.startswith("on"):
                return f"có thuộc tính {attr}"
            if attr == "href" and not value.startswith("#"):
                return "có liên kết ra ngoài tệp"
            if "javascript:" in folded or "url(" in folded.replace("url(#", "") or "@import" in folded:
                return f"có giá trị không an toàn ở thuộc tính {attr}"
    return None


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
