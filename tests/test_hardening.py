"""Issue 18, second round: no content route carries script, and nothing the check accepts stops a build.

One test per class: files published from docs/ (an allow-list of types), names used in URLs,
page keys on every page, mkdocs.yml settings, values the build crashed on; the browser scripts
build DOM from data as text (a real Chromium, no dialog opens); the preview of hostile content
serves neither the refused files nor any script. The fuzz test of check ⇔ build is in
tests/test_check_build_agree.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import agree
from conftest import ROOT, build, watched_page
from portal.content.loader import load_site
from portal.contract import settings as SETTINGS
from scripts.dev.screenshot import serve

SVG_SCRIPT = "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(document.domain)</script></svg>"
HTML_SCRIPT = "<script>alert(document.domain)</script>"
ABOUT = "---\ntitle: Giới thiệu\n---\n\n# Giới thiệu\n\nNội dung.\n"


def errors_of(root: Path) -> list[str]:
    _site, report = load_site(root / "docs")
    return [p.format() for p in report.errors]


def check(root: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--docs", str(root / "docs")],
                          capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})})


def problem_lines(output: str) -> list[str]:
    """The ``path:line: field: message`` lines of check.py's or the build's output."""
    return sorted(line[line.index(start):] for line in output.splitlines()
                  for start in ("docs/", "mkdocs.yml:", SETTINGS.ENVIRONMENT + ":") if start in line
                  and re.search(r":[0-9]+: ", line) and "cảnh báo" not in line)


# --- files published from docs/: an allow-list of types ---------------------------------------------

@pytest.mark.parametrize("rel, content", [
    ("assets/uploads/anh.svg", SVG_SCRIPT),  # what the editor's media button writes
    ("assets/uploads/trang.html", HTML_SCRIPT),
    ("assets/uploads/trang.HTM", HTML_SCRIPT),
    ("gioi-thieu.html", HTML_SCRIPT),
    ("huong-dan/ban-do.svg", SVG_SCRIPT),
    ("assets/them.js", "alert(1)"),
    ("feed.xml", "<?xml version='1.0'?><x/>"),
    ("assets/x.xhtml", HTML_SCRIPT),
    ("tai-lieu/bang.mjs", "alert(1)"),
    ("tai-lieu/khong-duoi", HTML_SCRIPT),
])
def test_files_of_other_types_under_docs_are_errors(project, rel, content):
    errors = errors_of(project({rel: content}))
    name = rel.rsplit("/", 1)[-1]
    assert errors == [f"docs/{rel}:1: (tệp): tệp \"{name}\" sẽ không được đăng: {SETTINGS_MEDIA_HELP()}"], errors


def test_files_under_data_are_registries_only(project):
    errors = errors_of(project({"data/trang.html": HTML_SCRIPT, "data/people/ghi-chu.txt": "x"}))
    assert sorted(errors) == [
        "docs/data/people/ghi-chu.txt:1: (tên tệp): mỗi mục của danh mục nhân sự là một tệp docs/data/people/<mã>.yml, "
        "mã gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ le-anh-xuan.yml); tệp này sẽ không được đọc",
        "docs/data/trang.html:1: (tệp): tệp \"trang.html\" không phải danh mục: trong docs/data/ chỉ có các tệp "
        "danh mục .yml; hãy chuyển hoặc xóa tệp này"]


def SETTINGS_MEDIA_HELP():
    from portal.contract.tree import MEDIA_HELP
    return MEDIA_HELP


def test_images_and_documents_are_published(project):
    root = project({"assets/uploads/anh.png": "x", "assets/uploads/ANH-2.JPG": "x", "assets/uploads/a.webp": "x",
                    "tai-lieu/bao-cao.pdf": "x", "assets/uploads/b.gif": "x"})
    assert errors_of(root) == []


def test_a_link_publishes_under_its_own_name_and_type(project):
    root = project({"assets/uploads/anh.png": HTML_SCRIPT})
    (root / "docs/trang.html").symlink_to("assets/uploads/anh.png")
    assert errors_of(root) == [f"docs/trang.html:1: (tệp): tệp \"trang.html\" sẽ không được đăng: {SETTINGS_MEDIA_HELP()}"]


def test_the_theme_files_are_published_and_an_svg_favicon_must_be_plain_drawing(project):
    root = project()
    assert errors_of(root) == []  # portal.css, the favicon, the templates' scripts
    (root / "docs/assets/favicon.svg").write_text(SVG_SCRIPT)
    assert errors_of(root) == [
        "docs/assets/favicon.svg:1: (tệp): tệp SVG khai báo ở theme.favicon của mkdocs.yml có phần tử <script>; "
        "chỉ đăng SVG gồm hình vẽ thuần (path, g, circle…): hãy dùng ảnh .png"]
    for svg, why in [("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "có thuộc tính onload"),
                     ("<svg xmlns='http://www.w3.org/2000/svg'><foreignObject/></svg>", "có phần tử <foreignobject>"),
                     ("<!DOCTYPE svg [<!ENTITY a 'b'>]><svg/>", "có khai báo <!DOCTYPE>"),
                     ("<?xml version='1.0'?><?xml-stylesheet type='text/xsl' href='data:,x'?>"
                      "<svg xmlns='http://www.w3.org/2000/svg'/>", "có chỉ thị xử lý"),
                     ("<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='http://www.w3.org/1999/xlink'>"
                      "<use x:href='https://evil.example/a.svg#x'/></svg>", "có liên kết ra ngoài tệp"),
                     ("<svg xmlns='http://www.w3.org/2000/svg'><path style='fill:url(https://e.example/)'/></svg>",
                      "có giá trị không an toàn ở thuộc tính style")]:
        (root / "docs/assets/favicon.svg").write_text(svg)
        assert [why in e for e in errors_of(root)] == [True], (svg, errors_of(root))


def test_every_script_the_templates_load_is_declared_and_no_other(project):
    """settings.TEMPLATE_FILES (published from docs/assets/) is exactly what overrides/ loads from there."""
    loaded = set()
    for template in (ROOT / "overrides").rglob("*.html"):
        loaded |= set(re.findall(r"'(assets/[a-z0-9/_.-]+\.js)' \| url", template.read_text(encoding="utf-8")))
    assert loaded == set(SETTINGS.TEMPLATE_FILES)


# --- names used in URLs ---------------------------------------------------------------------------

@pytest.mark.parametrize("folder", ['meetings/"><img src=x onerror=alert(1)>', "meetings/2020 cu", "trang-chủ",
                                    "a'b", "x<y", "hồ-sơ"])
def test_unsafe_folder_names_are_errors(project, folder):
    inner = "2020-01-01-thu.md" if folder.startswith("meetings/") else "anh.png"
    errors = errors_of(project({f"{folder}/{inner}": "x"}))
    name = folder.rsplit("/", 1)[-1]
    assert errors == [f"docs/{folder}:1: (tên tệp): tên thư mục \"{name}\" không dùng được trong địa chỉ trang: "
                      "chỉ dùng chữ cái không dấu, số, dấu chấm, gạch dưới và gạch ngang (không có dấu cách, dấu "
                      "tiếng Việt, ngoặc kép hay < >); hãy đổi tên"], errors


@pytest.mark.parametrize("name", ["giới thiệu.md", "a b.png", "<x>.md", "q\"uote.pdf", "%2e.png", "#a.png"])
def test_unsafe_file_names_are_errors(project, name):
    errors = errors_of(project({name: ABOUT}))
    assert len(errors) == 1 and errors[0].startswith(f"docs/{name}:1: (tên tệp): tên tệp"), errors


# --- page keys on every page ----------------------------------------------------------------------

PAGES = ["index.md", "gioi-thieu.md", "huong-dan/index.md", "trang-moi.md", "huong-dan/them.md"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("key, value, message", [
    ("template", "redirect.html", "trường \"template\" không được dùng ở đây"),
    ("template", "nonexistent.html", "trường \"template\" không được dùng ở đây"),
    ("template", "portal/meeting.html", "trường \"template\" không được dùng ở đây"),
    ("location", '"javascript:alert(1)"', "trường \"location\" không được dùng ở đây"),
    ("status", "new", "trường \"status\" không có trong định dạng"),
    ("icon", "material/khong-co", "trường \"icon\" không có trong định dạng"),  # was TemplateNotFound
    ("git_revision_date_localized", '"<script>"', "trường \"git_revision_date_localized\" không có trong định dạng"),
])
def test_page_keys_are_refused_or_known_on_every_page(project, page, key, value, message):
    source = (ROOT / "docs" / page).read_text(encoding="utf-8") if (ROOT / "docs" / page).exists() else ABOUT
    if key == "template" and page == "index.md":
        source = source.replace("template: portal/home.html\n", "")
    text = source.replace("---\n", f"---\n{key}: {value}\n", 1)
    errors = errors_of(project({page: text}))
    if key == "template" and page == "index.md":
        message = "template: giá trị"  # the home page has its one template
    assert len(errors) == 1 and errors[0].startswith(f"docs/{page}:2: ") and message in errors[0], errors


def test_the_home_page_keeps_its_template_and_other_pages_none(project):
    assert errors_of(project()) == []
    text = (ROOT / "docs/gioi-thieu.md").read_text(encoding="utf-8").replace("---\n", "---\ntemplate: portal/home.html\n", 1)
    assert errors_of(project({"gioi-thieu.md": text}))[0].startswith("docs/gioi-thieu.md:2: template: trường")


def test_a_bulletin_cannot_choose_its_template(project):
    path = "meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the.md"
    text = (ROOT / "docs" / path).read_text(encoding="utf-8").replace("---\n", "---\ntemplate: redirect.html\n", 1)
    errors = errors_of(project({path: text}))
    assert len(errors) == 1 and errors[0].startswith(f"docs/{path}:2: template: trường \"template\" không được dùng")


# --- mkdocs.yml -------------------------------------------------------------------------------------

def with_settings(project, old: str, new: str) -> Path:
    root = project()
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in text, old
    (root / "mkdocs.yml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


SITE_URL = 'site_url: "https://thanhhoa-hoinghi.example.org/"'
SITE_NAME = 'site_name: "Hội nghị phối hợp Thanh Hóa"'
LICENCE_URL = 'url: "https://creativecommons.org/licenses/by/4.0/deed.vi"'
SETTING_ATTACKS = [
    (SITE_URL, 'site_url: "https://x.example/\\"><script>alert(1)</script>"', "site_url: giá trị"),
    (SITE_URL, 'site_url: "javascript:alert(1)//"', "site_url: giá trị"),
    (SITE_URL, "site_url: \"https://x.example/'onmouseover=alert(1)\"", "site_url: giá trị"),
    (SITE_URL, 'site_url: "https://x.example/?a=1"', "site_url: giá trị"),
    (SITE_NAME, 'site_name: "<img src=x onerror=alert(1)>"', "site_name: giá trị"),
    (SITE_NAME, 'site_name: ""', "site_name: không được để trống"),
    (SITE_NAME, "site_name: [a]", "site_name: giá trị"),
    ("site_description: \"", "site_description: \"</title><script>alert(1)</script>", "site_description: giá trị"),
    ("copyright: \"", "copyright: \"<script>alert(1)</script>", "copyright: giá trị"),
    (SITE_URL, SITE_URL + "\nrepo_url: \"javascript:alert(1)\"", "repo_url: giá trị"),
    (LICENCE_URL, 'url: "javascript:alert(1)"', "extra.portal.data_licence.url: giá trị"),
    (LICENCE_URL, 'url: "  JavaScript:alert(1)"', "extra.portal.data_licence.url: giá trị"),
    (LICENCE_URL, 'url: "data:text/html,<script>alert(1)</script>"', "extra.portal.data_licence.url: giá trị"),
    ('name: "Creative Commons', 'name: "<b>Creative Commons', "extra.portal.data_licence.name: giá trị"),
    ("archive_page_size: 50", "archive_page_size: 0", "extra.portal.archive_page_size: giá trị 0 không hợp lệ"),
    ("archive_page_size: 50", "archive_page_size: -5", "extra.portal.archive_page_size: giá trị"),
    ("archive_page_size: 50", "archive_page_size: 100000000", "extra.portal.archive_page_size: giá trị"),
    ("archive_page_size: 50", 'archive_page_size: "50"', "extra.portal.archive_page_size: giá trị"),
    ("archive_page_size: 50", "archive_page_size: true", "extra.portal.archive_page_size: giá trị"),
    ("as_of: null", "as_of: 9999-12-31", "extra.portal.as_of: năm 9999 nằm ngoài khoảng cho phép"),
    ("as_of: null", "as_of: 0001-01-01", "extra.portal.as_of: năm 1 nằm ngoài khoảng cho phép"),
    ("as_of: null", "as_of: 2026-02-30", "extra.portal.as_of: ngày \"2026-02-30\" không có thật"),
    ("as_of: null", "as_of: hom-nay", "extra.portal.as_of: giá trị"),
    ("as_of: null", "as_of: null\n    theme_color: red", "extra.portal.theme_color: khóa \"theme_color\" không được dùng"),
    ("  generator: false", "  generator: false\n  social: [{icon: x, link: \"javascript:alert(1)\"}]",
     "extra.social: khóa \"social\" không được dùng"),
    ("  favicon: assets/favicon.svg", "  favicon: https://evil.example/x.svg", "theme.favicon: giá trị"),
    ("  favicon: assets/favicon.svg", "  favicon: assets/uploads/x.svg", "theme.favicon: giá trị"),
    ("  - assets/portal.css", "  - assets/portal.css\nextra_javascript: [\"https://evil.example/x.js\"]",
     "extra_javascript[1]: giá trị"),
    ("  - assets/portal.css", "  - assets/khong-co.css", "extra_css[1]: không có tệp docs/assets/khong-co.css"),
    ("    primary: indigo", "    primary: \"indigo\\\"><script>alert(1)</script>\"", "theme.palette.primary: giá trị"),
    ("  language: vi", "  language: \"vi\\\" onload=alert(1)\"", "theme.language: giá trị"),
    ("  font: false", "  font: {text: \"Roboto'><script>\"}", "theme.font.text: giá trị"),
    ("site_url:", "site_url: !ENV [SITE]\nx_site_url:", "site_url: giá trị dùng thẻ YAML \"!ENV\""),
    ("  /data/\n", "  /data/\n  !.well-known/\n", "exclude_docs: mẫu \"!.well-known/\" đưa lại tệp bị loại"),
    ("  /data/\n", "  /khac/\n", "exclude_docs: cần có dòng /data/"),
    ("  - tables\n", "  - tables\n  - pymdownx.snippets:\n      base_path: [/]\n",
     "markdown_extensions[5]: phần mở rộng \"pymdownx.snippets\" không được dùng"),
    ("      permalink: false", "      permalink: false\n      title: \"<img src=x onerror=alert(1)>\"",
     "markdown_extensions[5].toc.title: giá trị"),
]


@pytest.mark.parametrize("old, new, message", SETTING_ATTACKS, ids=[f"{i}" for i in range(len(SETTING_ATTACKS))])
def test_settings_that_reach_html_are_checked(project, old, new, message):
    root = with_settings(project, old, new)
    errors = errors_of(root)
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    hits = [e for e in errors if f": {message}" in e]
    assert len(hits) == 1, errors
    number = int(hits[0].split(":")[1])
    # The line named is the setting's own line in mkdocs.yml.
    assert message.split(":")[0].split(".")[-1].split("[")[0] in lines[number - 1] or lines[number - 1].startswith("  -"), \
        (hits, lines[number - 1])
    # Only the settings' own lines; a style sheet no longer named is not published either.
    assert all(re.match(r"mkdocs\.yml:[0-9]+: [a-z_.\[\]0-9]+: ", e) or e.startswith(("docs/assets/portal.css:1:", "docs/assets/favicon.svg:1:"))
               for e in errors), errors


def test_the_shipped_settings_and_environment_are_checked(project, monkeypatch):
    root = project()
    assert errors_of(root) == []
    monkeypatch.setenv("PORTAL_AS_OF", "0001-01-01")
    assert errors_of(root) == [f"{SETTINGS.ENVIRONMENT}:1: PORTAL_AS_OF: năm 1 nằm ngoài khoảng cho phép: cần một "
                               "ngày dạng YYYY-MM-DD, năm từ 1945 đến 2100"]
    monkeypatch.setenv("PORTAL_AS_OF", "2026-13-01")
    assert "không có thật" in errors_of(root)[0]


# --- check and build agree on what used to crash the build ---------------------------------------------

def _drop(rel: str, line: str):
    def change(root: Path):
        path = root / "docs" / rel
        text = path.read_text(encoding="utf-8")
        assert line in text
        path.write_text(text.replace(line, ""), encoding="utf-8")
    return change


def _settings(old: str, new: str):
    def change(root: Path):
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


@pytest.mark.slow
@pytest.mark.parametrize("change, env, builds", [
    (_drop("data/organizations/ubnd-tp.yml", "kind: chinh-quyen\n"), {}, True),  # was a TypeError in orgs.html
    (_drop("data/organizations/ub-mttq-tp.yml", "kind: mat-tran\n"), {}, True),
    (_settings("archive_page_size: 50", "archive_page_size: 0"), {}, False),
    (_settings("as_of: null", "as_of: 9999-12-31"), {"PORTAL_AS_OF": ""}, False),
    (_settings("as_of: null", "as_of: 2026-11-23"), {"PORTAL_AS_OF": "0001-01-01"}, False),
    (_settings('site_url: "https://thanhhoa-hoinghi.example.org/"', 'site_url: "https://a.example/\\"><b>"'), {}, False),
], ids=["org-without-kind", "another-org-without-kind", "page-size-0", "as-of-9999", "env-as-of-1", "site-url-quote"])
def test_check_and_build_agree_without_traceback(project, tmp_path, change, env, builds):
    root = project({"gioi-thieu.md": ABOUT})
    change(root)
    checked = check(root, env)
    built = build(root, tmp_path / "out", env=env) if "PORTAL_AS_OF" not in env else \
        _build_with_env(root, tmp_path / "out", env)
    assert "Traceback" not in checked.stderr + checked.stdout + built.stderr + built.stdout, built.stderr[-3000:]
    assert (checked.returncode == 0) is builds and (built.returncode == 0) is builds, (checked.stdout, built.stderr[-2000:])
    if not builds:
        assert problem_lines(checked.stdout) and problem_lines(checked.stdout) == problem_lines(built.stderr)


def _build_with_env(root: Path, out: Path, env: dict) -> subprocess.CompletedProcess:
    """A build whose $PORTAL_AS_OF is the test's (conftest.build sets the tests' fixed date)."""
    from conftest import require_marker
    require_marker("slow", "runs a build")
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    if not env.get("PORTAL_AS_OF"):
        run_env.pop("PORTAL_AS_OF", None)
    run_env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
                          capture_output=True, text=True, env=run_env, cwd=root)


@pytest.mark.slow
def test_accepted_settings_text_reaches_pages_as_text(project, tmp_path):
    root = with_settings(project, 'site_name: "Hội nghị phối hợp Thanh Hóa"', 'site_name: "Hội nghị & phối hợp"')
    _settings(LICENCE_URL, 'url: "du-lieu/"')(root)
    assert errors_of(root) == []
    result = build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    page = BeautifulSoup((tmp_path / "out/du-lieu/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("a", rel="license")["href"] == "du-lieu/"
    assert "Hội nghị & phối hợp" in page.title.get_text()


# --- script where it could run: the browser ------------------------------------------------------------

def _dialogs(page) -> list[str]:
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    return seen


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    """The sample site built, then its search index rewritten as an attacker would want it: page
    addresses ``javascript:…``, titles and place names holding markup (what a folder named
    ``"><img onerror>`` used to put there)."""
    from conftest import make_project
    root = make_project(tmp_path_factory.mktemp("hostile") / "p")
    out = root.parent / "site"
    result = build(root, out)
    assert result.returncode == 0, result.stderr
    for doc in (out / "search/docs").glob("*.json"):
        data = json.loads(doc.read_text(encoding="utf-8"))
        data.update(u="javascript:alert('u')", t=data["t"] + " <img src=x onerror=alert('t')>",
                    x=data.get("x", "") + " camera <svg onload=alert('x')>", s="<b onmouseover=alert(1)>s</b>",
                    k="\"><img src=x onerror=alert('k')>")
        doc.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    places = json.loads((out / "search/places.json").read_text(encoding="utf-8"))
    for row in places:
        row[2] = row[2] + "<img src=x onerror=alert('p')>"
        row[3] = "javascript:alert('place')"
        row[5] = [["<img src=x onerror=alert('n')>", "javascript:alert('now')", False]] if row[4] else row[5]
    (out / "search/places.json").write_text(json.dumps(places, ensure_ascii=False), encoding="utf-8")
    server = serve(str(out))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("query", ["camera", "dong%20ve", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
                                   "zzzz%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E"])
def test_search_page_draws_hostile_index_entries_as_text(browser, hostile_index, query):
    context, page = watched_page(browser)
    dialogs = _dialogs(page)
    page.goto(f"{hostile_index}/tim-kiem/?q={query}")
    page.wait_for_function("() => !document.querySelector('[data-search-root]').hasAttribute('aria-busy')")
    page.wait_for_timeout(300)
    root = page.locator("[data-search-root]")
    assert root.locator("img, svg, b").count() == 0
    hrefs = root.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h and not h.startswith(hostile_index)], hrefs
    if query == "camera":
        assert "<img src=x onerror=alert('t')>" in root.inner_text()
        assert page.locator("[data-search-results] > li").count() > 0
    if query == "dong%20ve":
        assert "<img src=x onerror=alert('p')>" in root.inner_text()
    context.close()
    assert dialogs == [] and page.errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_the_preview_of_hostile_content_serves_no_script(browser, project, tmp_path, monkeypatch):
    """`mkdocs serve` keeps running on content errors and shows them: the hostile folder, the redirect page
    keys and the uploaded SVG are listed as text, and the refused files are not served."""
    root = project({
        'meetings/"><img src=x onerror=alert(1)>/2020-01-01-thu.md': "---\ntitle: x\n---\nx\n",
        "gioi-thieu.md": "---\ntitle: a\ntemplate: redirect.html\nlocation: \"javascript:alert(2)\"\n---\n\nx\n",
        "assets/uploads/anh.svg": SVG_SCRIPT,
        "assets/uploads/trang.html": HTML_SCRIPT,
    })
    out = tmp_path / "preview"
    monkeypatch.setenv("PORTAL_PREVIEW_IN_MEMORY", "0")
    monkeypatch.setenv("PORTAL_AS_OF", "2026-11-23")
    assert agree.build(root, out, command="serve") == (True, None)  # the preview: serves its error page
    assert not (out / "assets/uploads/anh.svg").exists() and not (out / "assets/uploads/trang.html").exists()
    server = serve(str(out))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        context, page = watched_page(browser)
        dialogs = _dialogs(page)
        page.goto(base + "/")
        text = page.locator("body").inner_text()
        assert "onerror=alert(1)" in text and "location" in text and "anh.svg" in text
        assert page.locator("img[src=x]").count() == 0
        for path in ("/assets/uploads/anh.svg", "/assets/uploads/trang.html", "/gioi-thieu/"):
            assert page.goto(base + path).status == 404
        context.close()
        assert dialogs == []
    finally:
        server.shutdown()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("tail", ["?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E#%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E",
                                  "#javascript:alert(3)", "?%22);alert(4);//#cam-ket-camera-cong-cong-ba-phuong-2020",
                                  "%22);alert(5);//"])
def test_redirect_pages_of_moved_addresses_run_no_script(browser, hostile_index, tail):
    """An old address (routes.MOVED) sends the reader on with the query and the anchor: whatever they hold,
    the reader lands on the new page of this site and no script of theirs runs."""
    context, page = watched_page(browser)
    dialogs = _dialogs(page)
    old = "/meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the/"
    response = page.goto(hostile_index + old + tail)
    if tail.startswith("%22"):  # an address that does not exist: no redirect page there
        assert response.status == 404
    else:
        page.wait_for_url(re.compile(re.escape(hostile_index) + "/hoi-nghi/2020/.*"))
        assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(300)
    context.close()
    assert dialogs == []
