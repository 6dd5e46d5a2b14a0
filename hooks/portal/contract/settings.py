"""The site's settings (``mkdocs.yml``) that reach a page, checked like content.

MkDocs and Material write ``site_name``, ``site_description``, ``copyright``, ``site_url``
(every canonical link) and most of ``theme`` and ``extra`` into every page without escaping,
and the portal's own settings (``extra.portal``) decide numbers and links. A quote in
``site_url`` would inject markup into every page, ``archive_page_size: 0`` or ``as_of:
9999-12-31`` used to end in a traceback. So the loader checks this file too (``scripts/check.py``
and the build say the same ``mkdocs.yml:line: field: message`` lines):

* texts drawn on pages are one line without ``< > " ' ` `` or control characters;
* addresses are clean ``http(s)`` URLs (links of the portal's own settings may also be
  relative); never ``javascript:`` or ``data:``;
* files the theme loads (``extra_css``, ``extra_javascript``, ``theme.favicon``/``logo``)
  are relative paths to files under ``docs/`` of the right type, outside the editor's uploads;
  they are the only style sheets and scripts published from ``docs/`` (tree.py);
* ``extra`` holds only the keys the portal knows (Material writes ``extra.social``,
  ``extra.analytics``, ``extra.consent``… into pages); ``extra.portal`` only its settings,
  each within bounds; ``as_of`` (and ``$PORTAL_AS_OF``) within the contract's years.

Values written with a YAML tag (``!ENV``, ``!!python/name:…``) are not read: MkDocs resolves
them. Where such a value would reach a page, it is an error (it cannot be checked).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from portal.contract.guards import MAX_YEAR, MIN_YEAR
from portal.contract.report import Report
from portal.contract.yamlsrc import Located, YamlError, load

SETTINGS_FILE = "mkdocs.yml"
ENVIRONMENT = "(biến môi trường)"  # the "file" of a problem in $PORTAL_AS_OF
UPLOADS = "assets/uploads/"  # the editor's media folder under docs/ (editor/cms.py)
MIN_PAGE_SIZE, MAX_PAGE_SIZE = 1, 1000  # archive_page_size: rows on one page of a list

_PLAIN_BAD = re.compile("[<>\"'`\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[^\s\"'<>`\\{}|^]*)?\Z")
_SITE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[^\s\"'<>`\\{}|^?#]*)?\Z")
_RELATIVE = re.compile(r"^(?!/)(?!.*//)(?!.*(?:^|/)\.\.?(?:/|\Z))[A-Za-z0-9._~/-]+(?:#[A-Za-z0-9_-]*)?\Z")
_ASSET = re.compile(r"^(?!/)(?!.*(?:^|/)\.)[A-Za-z0-9_/-]+(?:\.[A-Za-z0-9_-]+)*\Z")
_ICON = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)+\Z")
_WORD = re.compile(r"^[A-Za-z0-9 ._#/():-]*\Z")  # also "(prefers-color-scheme: dark)", icon names
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?\Z")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\Z")
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]+\Z")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

PLAIN_HELP = "một dòng văn bản, không có các ký tự < > \" ' ` (trang hiện giá trị này nguyên văn)"
URL_HELP = ("một địa chỉ đầy đủ bắt đầu bằng http:// hoặc https://, chỉ gồm tên miền và đường dẫn, không có dấu "
            "cách, dấu ngoặc kép hay dấu < >")
LINK_HELP = URL_HELP + ", hoặc một đường dẫn tương đối trong trang (ví dụ du-lieu/)"
THEME_FILES = {  # where the theme loads a file from docs/, and the types it may be
    "extra_css": (".css",),
    "extra_javascript": (".js", ".mjs"),
    "theme.favicon": (".png", ".ico", ".svg"),
    "theme.logo": (".png", ".svg", ".webp"),
}
# The scripts the portal's own templates load (overrides/), published from docs/assets/ like the
# files mkdocs.yml names; tests/test_hardening.py checks that this list and the templates agree.
TEMPLATE_FILES = ("assets/keyboard.js", "assets/fold.js", "assets/search.js", "assets/tracker.js")
EXTRA_KEYS = ("portal", "generator")
# Markdown extensions a settings file may turn on (settings.extensions): what the portal uses, and
# text formatting whose output the HTML allow-list keeps or drops (contract/sanitize.py).
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc", "pymdownx.superfences", "abbr", "admonition",
                       "def_list", "footnotes", "sane_lists", "smarty", "pymdownx.details", "pymdownx.tilde",
                       "pymdownx.caret", "pymdownx.mark", "pymdownx.tasklist", "pymdownx.betterem")
PORTAL_KEYS = ("as_of", "archive_page_size", "editor", "data_licence")
THEME_KEYS = ("name", "custom_dir", "language", "font", "favicon", "logo", "icon", "palette", "features",
              "static_templates", "locale")


@dataclass
class Settings:
    """What the rest of the check needs from the settings."""

    theme_files: dict[str, str] = field(default_factory=dict)  # path under docs/ -> the setting naming it
    as_of_valid: bool = True


def check_settings(path: Path, docs: Path, root: Path, report: Report,
                   as_of_environment: str | None = None) -> Settings:
    """Check ``path`` (mkdocs.yml) and ``$PORTAL_AS_OF``; problems go to ``report``."""
    settings = Settings(theme_files={f: "overrides/ (mẫu trang của cổng)" for f in TEMPLATE_FILES})
    _check_as_of_environment(as_of_environment, settings, report)
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.error(rel, 1, "(tệp)", f"không đọc được tệp cấu hình ({getattr(exc, 'strerror', None) or exc})")
        return settings
    try:
        doc = load(text, foreign_tags=True)
    except YamlError as exc:
        report.error(rel, exc.line, "(YAML)", exc.problem if exc.problem.startswith("YAML")
                     else f"YAML không đọc được: {exc.problem}")
        return settings
    if not isinstance(doc.data, dict):
        report.error(rel, 1, "(toàn bộ)", "mkdocs.yml phải là một ánh xạ gồm các dòng \"tên: giá trị\"")
        return settings
    _Check(doc, rel, docs, report, settings).run()
    return settings


def _check_as_of_environment(value: str | None, settings: Settings, report: Report) -> None:
    if not value:
        return
    problem = _date_problem(value)
    if problem:
        settings.as_of_valid = False
        report.error(ENVIRONMENT, 1, "PORTAL_AS_OF", problem)


def _date_problem(value) -> str | None:
    help_ = f"cần một ngày dạng YYYY-MM-DD, năm từ {MIN_YEAR} đến {MAX_YEAR}"
    text = str(value)
    if isinstance(value, bool) or not _DATE.match(text):
        return f"giá trị {_shown(value)} không hợp lệ: {help_}"
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return f"ngày {_shown(value)} không có thật: {help_}"
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return f"năm {day.year} nằm ngoài khoảng cho phép: {help_}"
    return None


def _shown(value) -> str:
    """A value as a message shows it: text in quotes (control characters as escapes), other values as written."""
    if value is None:
        return "(trống)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 80 else text[:80] + "…"
    text = value if len(value) <= 80 else value[:80] + "…"
    return "\"" + re.sub("[\x00-\x1f\x7f-\x9f]", lambda m: m.group().encode("unicode_escape").decode(), text) + "\""


class _Check:
    def __init__(self, doc: Located, rel: str, docs: Path, report: Report, settings: Settings):
        self.doc, self.rel, self.docs, self.report, self.settings = doc, rel, docs, report, settings

    def error(self, path: tuple, message: str) -> None:
        self.report.error(self.rel, self.doc.line(path), tuple(path), message)

    def get(self, path: tuple):
        value = self.doc.data
        for part in path:
            if isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            elif isinstance(value, dict) and part in value:
                value = value[part]
            else:
                return None
        return value

    def tagged(self, path: tuple) -> bool:
        """A value MkDocs reads through a YAML tag (!ENV…): reported where it reaches a page."""
        for p, tag in self.doc.tags.items():
            if p[: len(path)] == path:
                self.error(p, f"giá trị dùng thẻ YAML \"{tag}\" nên không kiểm tra được trước khi dựng trang, mà "
                              "giá trị này hiện trên trang: hãy viết thẳng giá trị")
                return True
        return False

    def run(self) -> None:
        for key, limit, required in (("site_name", 200, True), ("site_description", 1000, False),
                                     ("copyright", 1000, False), ("site_author", 200, False),
                                     ("repo_name", 200, False)):
            self.plain((key,), limit, required=required)
        self.url(("site_url",), _SITE_URL, URL_HELP + "; không có ? hoặc #")
        self.url(("repo_url",), _URL, URL_HELP)
        edit = self.get(("edit_uri",))
        if edit is not None and not self.tagged(("edit_uri",)) and not (isinstance(edit, str) and (
                edit == "" or _RELATIVE.match(edit.rstrip("/") or "x"))):
            self.error(("edit_uri",), f"giá trị {_shown(edit)} không hợp lệ: cần một đường dẫn tương đối, ví dụ edit/main/docs/")
        self.theme_files()
        self.theme()
        self.extra()
        self.exclusions()
        self.extensions()

    # --- kinds of values ---------------------------------------------------------------

    def plain(self, path: tuple, limit: int, *, required: bool = False) -> None:
        value = self.get(path)
        if self.tagged(path):
            return
        if value is None:
            if required:
                self.error(path, f"thiếu giá trị: cần {PLAIN_HELP}")
            return
        if not isinstance(value, str):
            self.error(path, f"giá trị {_shown(value)} không đúng kiểu: cần {PLAIN_HELP}")
        elif required and not value.strip():
            self.error(path, f"không được để trống: cần {PLAIN_HELP}")
        elif _PLAIN_BAD.search(value):
            bad = _PLAIN_BAD.search(value).group()
            shown = bad if bad.isprintable() else f"U+{ord(bad):04X}"
            self.error(path, f"giá trị {_shown(value)} có ký tự \"{shown}\" không được phép: cần {PLAIN_HELP}")
        elif len(value) > limit:
            self.error(path, f"dài quá {limit} ký tự: cần {PLAIN_HELP}")

    def url(self, path: tuple, pattern: re.Pattern, help_: str, *, relative: bool = False) -> None:
        value = self.get(path)
        if value is None or self.tagged(path):
            return
        ok = isinstance(value, str) and (pattern.match(value) or (relative and _RELATIVE.match(value)))
        if not ok:
            self.error(path, f"giá trị {_shown(value)} không hợp lệ: cần {help_}")

    def mapping(self, path: tuple, allowed) -> dict:
        value = self.get(path)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(path, f"giá trị {_shown(value)} không đúng kiểu: cần một ánh xạ (các dòng \"tên: giá trị\")")
            return {}
        for key in value:
            if key not in allowed:
                self.error(path + (key,), f"khóa \"{key}\" không được dùng ở đây (nó có thể đưa nội dung chưa kiểm "
                                          f"tra vào mọi trang); các khóa được dùng: {', '.join(allowed)}")
        return value

    # --- the theme ----------------------------------------------------------------------

    def theme_files(self) -> None:
        for setting, suffixes in THEME_FILES.items():
            path = tuple(setting.split("."))
            value = self.get(path)
            if value is None or self.tagged(path):
                continue
            items = value if isinstance(value, list) else [value]
            if setting.startswith("extra_") and not isinstance(value, list):
                self.error(path, f"giá trị {_shown(value)} không đúng kiểu: cần một danh sách đường dẫn tệp")
                continue
            for index, item in enumerate(items):
                where = path + (index,) if isinstance(value, list) else path
                if isinstance(item, dict) and setting == "extra_javascript":
                    item = item.get("path")  # {path: …, type: module}
                self.theme_file(where, setting, item, suffixes)

    def theme_file(self, where: tuple, setting: str, item, suffixes) -> None:
        allowed = ", ".join(suffixes)
        help_ = (f"cần đường dẫn tương đối đến một tệp {allowed} trong docs/ (ví dụ assets/portal.css), không phải "
                 f"địa chỉ trang khác, không nằm trong docs/{UPLOADS}")
        if not isinstance(item, str) or not _ASSET.match(item) or not item.lower().endswith(suffixes) \
                or item.startswith(UPLOADS):
            self.error(where, f"giá trị {_shown(item)} không hợp lệ: {help_}")
            return
        if setting.startswith("theme.") and not (self.docs / item).is_file() and \
                (self.docs.parent / "overrides" / item).is_file():
            return  # a file of the theme folder (custom_dir), not published from docs/
        if not (self.docs / item).is_file():
            self.error(where, f"không có tệp docs/{item}: {help_}")
            return
        self.settings.theme_files[item] = setting

    def theme(self) -> None:
        theme = self.get(("theme",))
        if isinstance(theme, str) or theme is None:
            return  # MkDocs' own check
        theme = self.mapping(("theme",), THEME_KEYS)
        for key in ("language", "locale"):
            value = theme.get(key)
            if value is not None and not self.tagged(("theme", key)) and not (
                    isinstance(value, str) and _LANGUAGE.match(value)):
                self.error(("theme", key), f"giá trị {_shown(value)} không hợp lệ: cần mã ngôn ngữ, ví dụ vi")
        self.words(("theme", "icon"), _ICON, "tên biểu tượng, ví dụ material/home")
        self.words(("theme", "palette"), _WORD, "chữ không dấu, số, dấu cách hoặc dấu gạch ngang (ví dụ indigo)",
                   plain_keys=("name",))
        self.words(("theme", "features"), re.compile(r"^[a-z0-9._-]+\Z"), "tên tính năng, ví dụ navigation.tabs")
        font = theme.get("font")
        if font is not None and font is not False:
            self.words(("theme", "font"), re.compile(r"^[A-Za-z0-9 +-]+\Z"), "tên phông chữ")

    def words(self, path: tuple, pattern: re.Pattern, help_: str, plain_keys=()) -> None:
        """Every text inside the value at ``path`` matches ``pattern`` (keys in ``plain_keys``: plain text)."""
        if self.tagged(path):
            return

        def walk(value, where):
            if isinstance(value, dict):
                for key, child in value.items():
                    walk(child, where + (key,))
            elif isinstance(value, list):
                for index, child in enumerate(value):
                    walk(child, where + (index,))
            elif isinstance(value, str):
                if where and where[-1] in plain_keys:
                    self.plain(where, 200)
                elif not pattern.match(value):
                    self.error(where, f"giá trị {_shown(value)} không hợp lệ: cần {help_}")
            elif value is not None and not isinstance(value, (bool, int, float)):
                self.error(where, f"giá trị {_shown(value)} không hợp lệ: cần {help_}")
        walk(self.get(path), path)

    # --- what is read and how Markdown becomes HTML ------------------------------------------------

    def exclusions(self) -> None:
        """``exclude_docs`` may leave more out, never put back what MkDocs leaves out (hidden files,
        ``/templates/``) or what the portal does (``/data/``): the check does not read those."""
        for key in ("exclude_docs", "draft_docs", "not_in_nav"):
            value = self.get((key,))
            if value is None or self.tagged((key,)):
                continue
            if not isinstance(value, str):
                self.error((key,), f"giá trị {_shown(value)} không đúng kiểu: cần các dòng mẫu đường dẫn (dạng .gitignore)")
                continue
            negated = [line.strip() for line in value.splitlines() if line.strip().startswith("!")]
            if negated and key == "exclude_docs":
                self.error((key,), f"mẫu \"{negated[0]}\" đưa lại tệp bị loại (tệp ẩn, templates/, data/): các tệp đó "
                                   "không được kiểm tra nên không được đăng; hãy bỏ dòng bắt đầu bằng !")
        if not any(line.strip().rstrip("/") in ("/data", "data") for line in str(self.get(("exclude_docs",)) or "").splitlines()):
            self.error(("exclude_docs",), "cần có dòng /data/: các danh mục được đọc để dựng trang, không đăng nguyên tệp")

    def extensions(self) -> None:
        """Markdown extensions: the ones the portal's pages are written and tested with, and a few that
        only format text. Others can read files from outside docs/ into a page (pymdownx.snippets) or
        write markup of their own; each is a decision to take in code review, not in a settings file."""
        value = self.get(("markdown_extensions",))
        if value is None or self.tagged(("markdown_extensions",)):
            return
        if not isinstance(value, list):
            self.error(("markdown_extensions",), f"giá trị {_shown(value)} không đúng kiểu: cần một danh sách")
            return
        for index, item in enumerate(value):
            name = next(iter(item)) if isinstance(item, dict) and len(item) == 1 else item
            where = ("markdown_extensions", index)
            if not isinstance(name, str) or name not in MARKDOWN_EXTENSIONS:
                self.error(where, f"phần mở rộng {_shown(name)} không được dùng: các phần mở rộng được phép: "
                                  + ", ".join(MARKDOWN_EXTENSIONS))
                continue
            if isinstance(item, dict) and name == "toc" and isinstance(item[name], dict):
                for option in ("title", "permalink"):
                    if isinstance(item[name].get(option), str):
                        self.plain(where + (name, option), 200)

    # --- extra and the portal's settings -----------------------------------------------------

    def extra(self) -> None:
        if "extra" in self.doc.data and self.doc.data["extra"] is None:
            self.error(("extra",), "giá trị trống không hợp lệ: cần một ánh xạ (các dòng \"tên: giá trị\"), "
                                   "hoặc bỏ hẳn dòng extra")
        extra = self.mapping(("extra",), EXTRA_KEYS)
        if "generator" in extra and not isinstance(extra["generator"], bool):
            self.error(("extra", "generator"), f"giá trị {_shown(extra['generator'])} không hợp lệ: cần true hoặc false")
        portal = self.mapping(("extra", "portal"), PORTAL_KEYS)
        base = ("extra", "portal")
        if portal.get("as_of") is not None and not self.tagged(base + ("as_of",)):
            problem = _date_problem(portal["as_of"])
            if problem:
                self.settings.as_of_valid = False
                self.error(base + ("as_of",), problem + "; hoặc null (ngày dựng trang)")
        if "archive_page_size" in portal and not self.tagged(base + ("archive_page_size",)):
            size = portal["archive_page_size"]
            if isinstance(size, bool) or not isinstance(size, int) or not MIN_PAGE_SIZE <= size <= MAX_PAGE_SIZE:
                self.error(base + ("archive_page_size",), f"giá trị {_shown(size)} không hợp lệ: cần một số nguyên từ "
                                                          f"{MIN_PAGE_SIZE} đến {MAX_PAGE_SIZE} (số dòng mỗi trang danh sách)")
        licence = self.mapping(base + ("data_licence",), ("name", "url"))
        if licence:
            self.plain(base + ("data_licence", "name"), 300)
            self.url(base + ("data_licence", "url"), _URL, LINK_HELP, relative=True)
        # the sign-in's keys (portal.editor.cms.BACKENDS makes Decap's backend from them and says what each
        # backend needs)
        editor = self.mapping(base + ("editor",), ("backend", "repo", "branch", "base_url", "api_root", "app_id",
                                                   "auth_endpoint", "name", "site_domain"))
        for key, value in editor.items():
            where = base + ("editor", key)
            if self.tagged(where):
                continue
            if key in ("base_url", "api_root"):
                self.url(where, _URL, URL_HELP)
            elif key == "repo" and not (isinstance(value, str) and _REPO.match(value)):
                self.error(where, f"giá trị {_shown(value)} không hợp lệ: cần CHỦ/KHO, ví dụ so-tt/hoi-nghi")
            elif key != "repo" and not (isinstance(value, str) and _BRANCH.match(value)):
                self.error(where, f"giá trị {_shown(value)} không hợp lệ: cần chữ không dấu, số, dấu chấm, "
                                  "gạch ngang hoặc gạch chéo")
