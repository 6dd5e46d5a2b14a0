"""Hostile and broken content: every input gets a Vietnamese error (file, line, field) or builds safely.

One test per class of failure found in issue 13 (files from outside, script through
unchecked routes, resource exhaustion, check.py approving what the build crashes on,
invalid outputs, lost or hidden content, a failed build emptying the site), plus
attack strings in every field, and a Hypothesis fuzz test of the loader.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import feedparser
import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, build
from portal.contract import guards
from portal.importer.importer import import_article
from portal.content.loader import load_site
from portal.contract.sanitize import clean_html, csv_cell, xml_text

PATH = "meetings/2021/2021-03-05-hoi-nghi-thu.md"
REL = "docs/" + PATH
PAGE = "hoi-nghi/2021/2021-03-05-hoi-nghi-thu/index.html"
HEAD = """\
---
title: "Hội nghị thử"
date: 2021-03-05
kind: giao-ban
chairs:
  - person: le-anh-xuan
    role: "Chủ tịch UBND thành phố"
organizations: [ubnd-tp]
commitments:
  - id: viec-thu-2021
    text: "Làm một việc thử."
    owners: [ubnd-tp]
---
"""
GOOD = HEAD + "\nNội dung.\n"


def errors_of(root: Path) -> list[str]:
    _site, report = load_site(root / "docs")
    return [p.format() for p in report.errors]


def only_error(project, text, path=PATH) -> str:
    errors = errors_of(project({path: text}))
    assert len(errors) == 1, errors
    return errors[0]


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--docs", str(root / "docs")],
                          capture_output=True, text=True, timeout=60)


def error_lines(output: str) -> set[str]:
    """Problem lines ``docs/…:N: field: message`` in check.py's or the build's output."""
    return {line[line.index("docs/"):] for line in output.splitlines() if "docs/" in line and ": " in line
            and not line.lstrip().startswith(("INFO", "WARNING")) and "cảnh báo:" not in line}


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]


# --- files from outside the repository ------------------------------------------------------------

@pytest.mark.slow
def test_links_leaving_docs_are_errors_and_never_published(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=hunter2\n")
    root = project({PATH: GOOD})
    (root / "docs/leak.txt").symlink_to(secret)
    (root / "docs/passwd").symlink_to("/etc/passwd")
    (root / ".git").mkdir()
    (root / ".git/config").write_text("[remote] token=hunter2\n")
    (root / "docs/gitconfig").symlink_to(root / ".git/config")
    outside = tmp_path / "more-bulletins"
    outside.mkdir()
    (outside / "2022-01-01-lien-ket.md").write_text(GOOD.replace("2021-03-05", "2022-01-01"))
    (root / "docs/meetings/2022").symlink_to(outside, target_is_directory=True)
    errors = errors_of(root)
    message = "liên kết tượng trưng trỏ ra ngoài thư mục docs/ sẽ không được đăng"
    for rel in ("docs/leak.txt", "docs/passwd", "docs/gitconfig", "docs/meetings/2022"):
        assert any(e.startswith(f"{rel}:1: (tệp): {message}") for e in errors), (rel, errors)
    assert len(errors) == 4
    result = build(root, tmp_path / "out")
    assert result.returncode != 0 and message in result.stderr
    no_traceback(result)
    assert not (tmp_path / "out").exists()
    assert error_lines(check(root).stdout) == error_lines(result.stderr)


@pytest.mark.slow
def test_link_loops_folder_links_and_fifos_are_errors(project, tmp_path):
    root = project({PATH: GOOD})
    docs = root / "docs"
    (docs / "loop.md").symlink_to(docs / "loop.md")
    (docs / "huong-dan/up").symlink_to(docs, target_is_directory=True)
    (docs / "meetings/2021/copy.md").symlink_to(docs / PATH)
    os.mkfifo(docs / "pipe")
    (docs / "gioi-thieu-2.md").symlink_to(docs / "gioi-thieu.md")  # inside docs/, outside meetings/: allowed
    errors = errors_of(root)
    assert errors == sorted([
        "docs/huong-dan/up:1: (tệp): liên kết tượng trưng đến một thư mục không được phép (MkDocs sẽ đăng lại cả "
        "thư mục, có thể lặp vô tận); hãy chuyển chính thư mục vào đây",
        "docs/loop.md:1: (tệp): liên kết tượng trưng hỏng hoặc tạo vòng lặp; hãy xóa nó và đặt chính tệp vào đây",
        "docs/meetings/2021/copy.md:1: (tệp): liên kết tượng trưng trong docs/meetings/ không được phép: hãy đặt "
        "chính tệp bản tin vào đây",
        "docs/pipe:1: (tệp): không phải tệp thường (ống, socket hoặc thiết bị); hãy xóa",
    ])
    result = build(root, tmp_path / "out")
    assert result.returncode != 0
    no_traceback(result)
    assert error_lines(result.stderr) == set(errors)
    (docs / "pipe").unlink()
    for name in ("loop.md", "huong-dan/up", "meetings/2021/copy.md"):
        (docs / name).unlink()
    assert errors_of(root) == []
    assert build(root, tmp_path / "out").returncode == 0
    assert (tmp_path / "out/gioi-thieu-2/index.html").exists()


# --- script through routes the checks did not see ---------------------------------------------------

@pytest.mark.parametrize("field, value, line, message", [
    ("description", '["<script>alert(1)</script>"]', 9,
     "description: giá trị ['<script>alert(1)</script>'] không đúng kiểu: cần chuỗi văn bản"),
    ("description", '"hai\\ndòng"', 9, "description: giá trị \"hai\\ndòng\" không hợp lệ: cần một dòng văn bản"),
    ("hide", "toc", 9, "hide: giá trị \"toc\" không đúng kiểu: cần danh sách"),
    ("hide", "[toc, '<b>']", 9, "hide[2]: giá trị \"<b>\" không hợp lệ."),
    ("subtitle", "{a: b}", 9, "subtitle: giá trị {'a': 'b'} không đúng kiểu: cần chuỗi văn bản"),
    ("template", '"../../etc/passwd"', 9, "template: trường \"template\" không được dùng ở đây: mẫu trang do cổng"),
    ("tags", "[[x]]", 9, "tags[1]: giá trị ['x'] không đúng kiểu: cần chuỗi văn bản"),
    ("search", "{exclude: 1, x: 2}", 9, "search.exclude: giá trị 1 không đúng kiểu: cần giá trị đúng/sai"),
])
def test_mkdocs_page_keys_with_the_wrong_type(project, field, value, line, message):
    text = GOOD.replace("organizations: [ubnd-tp]\n", f"organizations: [ubnd-tp]\n{field}: {value}\n")
    errors = errors_of(project({PATH: text}))
    assert any(e.startswith(f"{REL}:{line}: {message}") for e in errors), errors


def test_second_front_matter_block_is_an_error(project):
    text = HEAD + "---\ndescription: [\"<script>alert(1)</script>\"]\ntemplate: main.html\n---\n\nNội dung.\n"
    assert only_error(project, text) == (
        f"{REL}:14: (phần đầu thứ hai): nội dung bài mở đầu bằng một khối \"---\" thứ hai chứa các trường "
        "(description, template); mỗi bản tin chỉ có một phần đầu: hãy chuyển các trường này lên phần đầu. "
        "Nếu đây là nội dung bài, hãy dùng *** thay cho --- để kẻ đường ngang")


BODY_ATTACKS = """
Mở đầu an toàn.

Chữ <script>alert('script')</script> sau script.

[liên kết js](javascript:alert('js')) [JS hoa](JaVaScRiPt:alert(1)) [dữ liệu](data:text/html,<script>alert(1)</script>)
[thường](https://thanhhoa.gov.vn/a) [thư](mailto:a@b.vn) [trong trang](../../2020/) ![ảnh](data:image/png;base64,AAAA)
![ảnh thật](https://thanhhoa.gov.vn/anh.jpg)

Đoạn có thuộc tính.
{: onclick="alert('attr')" #__config .md-header style="color:red" }

<img src="x" onerror="alert('img')"> <svg onload="alert('svg')"></svg> <iframe src="https://evil.example"></iframe>
<a href="https://ok.vn" onmouseover="alert('a')" target="_blank">ok</a> <div style="position:fixed">phủ</div>
<form action="https://evil.example"><input name="p"></form> <object data="x"></object><style>body{display:none}</style>
<!-- ghi chú --><math><mi xlink:href="javascript:alert(1)">x</mi></math>

Toàn cảnh hội nghị
{: .photo-caption }

## Tiêu đề có dấu

| Cột | Phải |
| :-- | --: |
| a | b |
"""


@pytest.mark.slow
def test_body_html_passes_the_allow_list_only(project, tmp_path):
    root = project({PATH: HEAD + BODY_ATTACKS})
    assert errors_of(root) == []
    result = build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "out" / PAGE).read_text(encoding="utf-8"), "html.parser")
    body = page.select_one(".bulletin-text")
    html = str(body)
    for bad in ("alert", "javascript", "data:", "<script", "<svg", "<iframe", "<form", "<input", "<object",
                "<style", "<math", "onclick", "onerror", "onmouseover", "target=", "__config", "md-header",
                "position:fixed", "color:red", "ghi chú"):
        assert bad.lower() not in html.lower(), bad
    # and no event handler anywhere on the page outside Material's own scripts
    assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    hrefs = [a.get("href") for a in body.find_all("a")]
    assert hrefs == [None, None, None, "https://thanhhoa.gov.vn/a", "mailto:a@b.vn", "../../2020/", "https://ok.vn"]
    assert [img.get("src") for img in body.find_all("img")] == [None, "https://thanhhoa.gov.vn/anh.jpg", "x"]
    assert "Chữ sau script." in " ".join(body.get_text(" ").split())
    assert body.find("h2", id="tieu-de-co-dau")
    assert [td.get("style") for td in body.select("tbody td")] == ["text-align:left", "text-align:right"]
    caption = page.select_one(".bulletin-text p.photo-caption")
    assert caption is not None and caption.get_text() == "Toàn cảnh hội nghị"


def test_imported_article_markup_stays_text(project, tmp_path):
    article = ("Hội nghị giao ban\n\nChiều ngày 12/2/2020, UBND thành phố họp. "
               "<img src=x onerror=alert(document.cookie)> và <script>alert(1)</script> cùng &lt;b&gt;\n")
    root = project({})
    site, _ = load_site(root / "docs")
    body = import_article(article, site.registries).to_markdown().split("\n---\n", 1)[1]
    html = clean_html(markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables"]))
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(document.cookie)&gt;" in html and "&amp;lt;b&amp;gt;" in html
    assert "\\" not in BeautifulSoup(html, "html.parser").get_text()


def test_other_pages_front_matter_is_bounded_and_typed(project):
    errors = errors_of(project({
        "gioi-thieu.md": "---\n" + BOMB + "---\n\n# Giới thiệu\n",
        "huong-dan/them.md": "---\ndescription: [\"<script>alert(1)</script>\"]\nsubtitle: \"a\\nb\"\n---\n\nx\n",
    }))
    assert [e.split(": ", 2)[:2] for e in errors] == [
        ["docs/gioi-thieu.md:2", "(YAML)"], ["docs/huong-dan/them.md:2", "description"],
        ["docs/huong-dan/them.md:3", "subtitle"]]


@pytest.mark.slow
def test_page_keys_of_other_pages_are_escaped_in_every_nav(project, tmp_path):
    root = project({"gioi-thieu.md": "---\nsubtitle: \"<img src=y onerror=alert(2)>\"\n---\n\n# Giới thiệu\n"})
    assert errors_of(root) == []
    assert build(root, tmp_path / "out").returncode == 0
    for rel in ("index.html", "cam-ket/index.html", "gioi-thieu/index.html"):
        page = BeautifulSoup((tmp_path / "out" / rel).read_text(encoding="utf-8"), "html.parser")
        assert not page.find_all("img", src="y"), rel
        assert "<img src=y onerror=alert(2)>" in page.get_text(), rel


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://a.vn/\\\"><script>alert(9)</script>",
                                 "https://a.vn/x y", "data:text/html,x", "//evil.example/"])
def test_source_urls_must_be_whole_http_addresses(project, url):
    text = GOOD.replace("organizations: [ubnd-tp]\n", f"organizations: [ubnd-tp]\nsources:\n  - url: \"{url}\"\n")
    error = only_error(project, text)
    assert error.startswith(f"{REL}:10: sources[1].url: giá trị ") and "http:// hoặc https://" in error, error


# --- resource exhaustion --------------------------------------------------------------------------

BOMB = "".join(f'{a}: &{a} [{", ".join([f"*{p}"] * 9 if p else ["lol"] * 9)}]\n'
               for p, a in zip([""] + list("abcdefgh"), "abcdefghi"))


def test_alias_bomb_in_a_bulletin_and_a_registry(project):
    assert len(BOMB.encode()) < 1024
    text = GOOD.replace("organizations: [ubnd-tp]\n", "organizations: [ubnd-tp]\n" + BOMB)
    errors = errors_of(project({PATH: text, "data/topics.yml": BOMB}))
    message = ("(YAML): YAML không đọc được: bí danh (*tên) lặp lại quá nhiều giá trị: tối đa 1000 giá trị lặp lại "
               "trong một tệp")
    # the line of the anchor whose values would be repeated past the bound
    assert any(e.startswith(f"docs/data/topics.yml:1: {message}") for e in errors), errors
    assert any(e.startswith(f"{REL}:9: {message}") for e in errors), errors


@pytest.mark.parametrize("yaml_text, line, message", [
    ("x: &a [1, *a]\n", 9, "bí danh (*tên) tham chiếu đến chính mục chứa nó, tạo vòng lặp vô tận"),
    ("x: &a {b: *a}\n", 9, "bí danh (*tên) tham chiếu đến chính mục chứa nó, tạo vòng lặp vô tận"),
    ("x: " + "[" * 50000 + "]" * 50000 + "\n", 9, "lồng quá sâu: tối đa 10 cấp danh sách, ánh xạ lồng nhau"),
    ("x: " + "[" * 50000 + "\n", 9, "lồng quá sâu: tối đa 10 cấp danh sách, ánh xạ lồng nhau"),
    ("x:\n  " + "- " * 20000 + "a\n", 10, "lồng quá sâu"),
    ("x: " + "9" * 5000 + "\n", 9, "giá trị \"9999999999"),
    ("x: !!int abc\n", 9, "giá trị \"abc\" không đọc được"),
    ("x: !!python/object/apply:os.system ['id']\n", 9, "thẻ YAML \"tag:yaml.org,2002:python/object/apply:os.system\""),
])
def test_yaml_that_would_not_terminate_or_crash(project, yaml_text, line, message):
    text = GOOD.replace("organizations: [ubnd-tp]\n", "organizations: [ubnd-tp]\n" + yaml_text)
    error = only_error(project, text)
    assert error.startswith(f"{REL}:{line}: (YAML): YAML không đọc được: {message}"), error


@pytest.mark.parametrize("body, line, message", [
    ("[" * 40000, 15, "một đoạn dài 40000 ký tự, quá giới hạn 20000"),
    ("[" * 3000, 15, "một đoạn có 3000 dấu \"[\", quá giới hạn 50"),
    ("".join(("*w " if i % 2 else "_w ") for i in range(1000)) + "x" + "".join(
        (" w*" if i % 2 else " w_") for i in reversed(range(1000))), 15, "một đoạn có 2000 dấu \"*\" và \"_\""),
    ("Mở đầu.\n\n" + "- " * 1000 + "x", 17, "dòng thụt lề hoặc lồng danh sách, trích dẫn quá sâu"),
    ("Mở đầu.\n\n" + "> " * 30 + "x", 17, "dòng thụt lề hoặc lồng danh sách, trích dẫn quá sâu"),
    ("".join("    " * i + "- x\n" for i in range(30)), 26, "dòng thụt lề hoặc lồng danh sách"),
    ('<div markdown="1">\n' * 300 + "x\n" + "</div>\n" * 300, 35, "có 300 khối HTML với markdown=, quá giới hạn 20"),
])
def test_markdown_that_would_take_minutes_or_recurse(project, body, line, message):
    errors = errors_of(project({PATH: HEAD + "\n" + body + "\n"}))
    assert any(e.startswith(f"{REL}:{line}: (nội dung): {message}") for e in errors), errors[:3]


def test_largest_accepted_text_renders_fast_enough_to_build(project):
    """Right under every Markdown limit, the body still renders (no RecursionError)."""
    para = "[a](https://x.vn) " * guards.MAX_BRACKETS + "*b* " * (guards.MAX_EMPHASIS // 2 - 1)
    deep = "- " * guards.MAX_LINE_MARKERS + "x"
    body = "\n\n".join([para, deep, '<div markdown="1">\n' * 20 + "x\n" + "</div>\n" * 20])
    assert guards.markdown_problems(body, 1) == []
    markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "toc"])


def test_oversize_bulletin_and_registry(project):
    big = GOOD + ("Nội dung dài. " * 16000) + "\n"
    root = project({PATH: big})
    (root / "docs/data/people.yml").write_bytes(b"# x\n" * (guards.MAX_REGISTRY_BYTES // 4 + 1))
    errors = [e for e in errors_of(root) if e.startswith(("docs/data/people.yml", REL))]
    size = (root / "docs" / PATH).stat().st_size
    assert errors == [
        "docs/data/people.yml:1: (tệp): tệp danh mục nặng 2.049 KB, quá giới hạn 2.048 KB",
        f"{REL}:1: (tệp): tệp bản tin nặng {guards.size_label(size)}, quá giới hạn 200 KB; hãy bỏ phần không "
        "thuộc bản tin (ảnh nhúng, văn bản dán thừa) hoặc tách thành nhiều bản tin",
    ]


# --- what check.py approved and the build crashed on --------------------------------------------------

@pytest.mark.parametrize("old, new, line, field, message", [
    ("date: 2021-03-05", "date: 2021-03-05\npublished: 2021-03-06", 4, "published",
     "giá trị \"2021-03-06\" không hợp lệ: thời điểm phải có dạng YYYY-MM-DDTHH:MM:SS+07:00, có cả giờ và múi giờ"),
    ("date: 2021-03-05", "date: 2021-03-05\npublished: 2021-03-06T10:00:00", 4, "published",
     "giá trị \"2021-03-06T10:00:00\" không hợp lệ: thời điểm phải có dạng"),
    ("date: 2021-03-05", "date: 2021-03-05\npublished: 9999-03-06T10:00:00+07:00", 4, "published",
     "năm từ 1945 đến 2100"),
    ("date: 2021-03-05", "date: 0000", 3, "date", "giá trị 0 không hợp lệ: ngày phải có dạng YYYY-MM-DD, "
     "YYYY-MM hoặc YYYY (ví dụ 2020-02-12), năm từ 1945 đến 2100"),
    ("date: 2021-03-05", "date: 9999-12-31", 3, "date", "năm từ 1945 đến 2100"),
    ("date: 2021-03-05", "date: 1944", 3, "date", "năm từ 1945 đến 2100"),
    ("    owners: [ubnd-tp]", "    owners: [ubnd-tp]\n    due: 0", 13, "commitments[1].due", "năm từ 1945 đến 2100"),
    ("    owners: [ubnd-tp]", "    owners: [ubnd-tp]\n    due: 9999-01", 13, "commitments[1].due", "năm từ 1945"),
    ('title: "Hội nghị thử"', 'title: "Hội nghị \\ud800 thử"', 2, "title",
     "có ký tự không được phép U+D800 (nửa cặp thay thế UTF-16, không phải ký tự)"),
    ('title: "Hội nghị thử"', 'title: "Hội nghị \\x00 thử"', 2, "title", "có ký tự không được phép U+0000 (ký tự NUL)"),
    ('title: "Hội nghị thử"', 'title: "Hội nghị \\v thử"', 2, "title", "có ký tự không được phép U+000B"),
    ("kind: giao-ban", "kind: giao-ban\nstatus: [held]", 5, "status", "giá trị ['held'] không hợp lệ."),
    ("    owners: [ubnd-tp]", "    owners: [ubnd-tp]\n    status: {a: b}", 13, "commitments[1].status",
     "giá trị {'a': 'b'} không hợp lệ."),
    ("kind: giao-ban", "kind: giao-ban\nsession: [sang]", 5, "session", "giá trị ['sang'] không hợp lệ."),
])
def test_values_the_build_crashed_on_are_errors(project, old, new, line, field, message):
    error = only_error(project, GOOD.replace(old, new))
    assert error.startswith(f"{REL}:{line}: {field}: ") and message in error, error


@pytest.mark.parametrize("char, name", [("\x0b", "U+000B (ký tự ngắt dòng thủ công của Word (tab dọc))"),
                                        ("\x00", "U+0000 (ký tự NUL)"), ("\x1b", "U+001B (ký tự ESC)"),
                                        ("\x85", "U+0085 (ký tự điều khiển)"), ("\ufffe", "U+FFFE")])
def test_control_characters_from_word_in_front_matter_and_body(project, char, name):
    text = GOOD.replace("Hội nghị thử", f"Hội nghị{char}thử").replace("Nội dung.", f"Nội{char}dung.")
    errors = errors_of(project({PATH: text}))
    assert [e.split(" không được phép ")[0] for e in errors] == [f"{REL}:2: (ký tự): có ký tự",
                                                                 f"{REL}:15: (ký tự): có ký tự"]
    assert name in errors[0] and "xóa ký tự đó rồi gõ lại" in errors[0]


def test_registry_year_zero_and_control_character(project):
    # Registries are one file per entry (docs/data/<name>/<key>.yml) beside the contract's
    # one-mapping file, which still reads: both forms are checked the same way.
    org = (ROOT / "docs/data/organizations/ubnd-tp.yml").read_text(encoding="utf-8")
    org = org.replace("valid_until: 2025-06-30", "valid_until: 0000-06-30", 1)
    topics = "x-y:\n  name: \"a\\x07b\"\n"
    errors = errors_of(project({"data/organizations/ubnd-tp.yml": org, "data/topics.yml": topics}))
    assert len(errors) == 2, errors
    assert errors[0].startswith("docs/data/organizations/ubnd-tp.yml:")
    assert "valid_until: giá trị \"0000-06-30\" không hợp lệ" in errors[0] and "năm từ 1945 đến 2100" in errors[0]
    assert errors[1].startswith("docs/data/topics.yml:") and "x-y.name: có ký tự không được phép U+0007" in errors[1]


@pytest.mark.parametrize("registry, entry, field", [
    ("people", "  name: \"A\"\n  positions: 5\n", "moi-them.positions"),
    ("people", "  name: \"A\"\n  positions: [5, {title: x, from: 0}]\n", "moi-them.positions[1]"),
    ("people", "  name: \"A\"\n  aliases: 7\n", "moi-them.aliases"),
    ("organizations", "  name: \"A\"\n  aliases: {a: b}\n", "moi-them.aliases"),
    ("topics", "  name: [\"A\"]\n", "moi-them.name"),
    ("topics", "  - a\n", "moi-them"),
])
def test_registry_entries_of_the_wrong_type(project, registry, entry, field):
    # The contract's one-mapping file (read beside the one-file-per-entry folder) and an entry file.
    errors = errors_of(project({f"data/{registry}.yml": "moi-them:\n" + entry}))
    assert any(f": {field}: giá trị " in e and "không đúng kiểu" in e for e in errors), errors
    if not entry.startswith("  - "):
        as_file = "\n".join(line[2:] for line in entry.splitlines()) + "\n"
        errors = errors_of(project({f"data/{registry}/moi-them.yml": as_file}))
        assert any(f": {field.removeprefix('moi-them.')}: giá trị " in e and "không đúng kiểu" in e
                   for e in errors), errors


def test_file_names_with_control_characters(project):
    root = project({PATH: GOOD})
    folder = root / "docs/meetings/2021"
    (folder / "2021-03-06-hop.md\n").write_text(GOOD.replace("2021-03-05", "2021-03-06"), encoding="utf-8")
    (folder / "2021-03-07-hop\n.md").write_text(GOOD.replace("2021-03-05", "2021-03-07"), encoding="utf-8")
    errors = errors_of(root)
    assert errors == [
        "docs/meetings/2021/2021-03-06-hop.md\\n:1: (tệp): tên tệp hoặc thư mục có ký tự điều khiển (ví dụ dấu "
        "xuống dòng ở cuối tên); hãy đổi tên, chỉ dùng chữ thường không dấu, số và dấu gạch ngang",
        "docs/meetings/2021/2021-03-07-hop\\n.md:1: (tệp): tên tệp hoặc thư mục có ký tự điều khiển (ví dụ dấu "
        "xuống dòng ở cuối tên); hãy đổi tên, chỉ dùng chữ thường không dấu, số và dấu gạch ngang",
    ]


@pytest.mark.slow
def test_check_and_build_agree_and_neither_shows_a_traceback(project, tmp_path):
    """Many broken files at once: check.py and the build list the same problems, all of them."""
    root = project({
        PATH: GOOD.replace("kind: giao-ban", "kind: giao-ban\nstatus: [held]\npublished: 2021-03-06"),
        "meetings/2021/2021-03-08-bom.md": GOOD.replace("2021-03-05", "2021-03-08").replace(
            "organizations: [ubnd-tp]\n", "organizations: [ubnd-tp]\n" + BOMB).replace("viec-thu", "viec-bom"),
        "meetings/2021/2021-03-09-ngoac.md": GOOD.replace("2021-03-05", "2021-03-09").replace(
            "viec-thu", "viec-ngoac") + "[" * 40000 + "\n",
        "meetings/2021/.an/2021-03-10-an.md": GOOD,
        "meetings/2021/2021-03-11-cu.md.bak": GOOD,
        "meetings/2021/trang.html": "<script>alert(1)</script>",
    })
    (root / "docs/meetings/2021/2021-03-12-vt.md").write_text(GOOD.replace("thử", "th\x0bử"), encoding="utf-8")
    checked = check(root)
    built = build(root, tmp_path / "out")
    no_traceback(checked)
    no_traceback(built)
    assert checked.returncode == 1 and built.returncode != 0
    lines = error_lines(checked.stdout)
    assert lines == error_lines(built.stderr)
    files = {line.split(":", 1)[0] for line in lines}
    assert files == {REL, "docs/meetings/2021/2021-03-08-bom.md", "docs/meetings/2021/2021-03-09-ngoac.md",
                     "docs/meetings/2021/.an", "docs/meetings/2021/2021-03-11-cu.md.bak",
                     "docs/meetings/2021/trang.html", "docs/meetings/2021/2021-03-12-vt.md"}


# --- invalid outputs -----------------------------------------------------------------------------------

def test_output_escapers():
    assert xml_text("a\x00b\x0bc\x1bd\ud800e\ufffef\x85g\th\ni\rj") == "abcdefg\th\ni\rj"
    assert [csv_cell(v) for v in ("=1+1", "+84", "-2", "@SUM(A1)", "\tx", "\rx", "a=b", "", None, 3)] == [
        "'=1+1", "'+84", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "a=b", "", "", "3"]


@pytest.mark.slow
def test_formula_commitments_reach_the_csv_as_text_and_feeds_stay_valid(project, tmp_path):
    text = (GOOD.replace('text: "Làm một việc thử."', 'text: "=HYPERLINK(\\"https://evil.example\\",\\"Xem\\")"')
            .replace('title: "Hội nghị thử"', 'title: "@SUM(1+1) <b>&amp; ]]> tiêu đề"'))
    text += "\n- Ý một\n+ Ý hai\n"
    root = project({PATH: text})
    result = build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out/data/commitments.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["id"] == "viec-thu-2021")
    assert row["text"] == "'=HYPERLINK(\"https://evil.example\",\"Xem\")"
    assert row["meeting_title"] == "'@SUM(1+1) <b>&amp; ]]> tiêu đề"
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    feed = feedparser.parse((tmp_path / "out/feed.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].title == "@SUM(1+1) <b>&amp; ]]> tiêu đề"


# --- lost or hidden content ----------------------------------------------------------------------------

def test_hidden_and_foreign_files_under_meetings_are_errors(project):
    root = project({PATH: GOOD, "meetings/2021/.nhap/2021-03-06-an.md": GOOD, "meetings/.2021-03-07-an.md": GOOD,
                    "meetings/2021/2021-03-05-hoi-nghi-thu.md.bak": GOOD, "meetings/2021/bai.html": "<p>x</p>",
                    "meetings/2021/anh.jpg": "x"})
    errors = errors_of(root)
    hidden = "(tệp): tệp hoặc thư mục ẩn (tên bắt đầu bằng dấu chấm) trong docs/meetings/ sẽ không được đăng"
    foreign = "(tên tệp): tệp \"{}\" sẽ không được đăng: trong docs/meetings/ chỉ có bản tin, là tệp văn bản có đuôi .md"
    assert [e.split("; hãy")[0] if "ẩn" in e else e.split(" (chữ thường)")[0] for e in errors] == [
        f"docs/meetings/.2021-03-07-an.md:1: {hidden}",
        f"docs/meetings/2021/.nhap:1: {hidden}",
        f"{REL}.bak:1: " + foreign.format("2021-03-05-hoi-nghi-thu.md.bak"),
        "docs/meetings/2021/anh.jpg:1: " + foreign.format("anh.jpg"),
        "docs/meetings/2021/bai.html:1: " + foreign.format("bai.html"),
    ]


@pytest.mark.parametrize("body, expected", [
    ("Ghi chú: dòng đầu của bài ngay sau phần đầu\nvẫn là đoạn đầu.\n\nĐoạn hai.\n\n---\n"
     "Nguồn: Báo Thanh Hóa\n---\n\nĐoạn cuối.\n",
     "Ghi chú: dòng đầu của bài ngay sau phần đầu vẫn là đoạn đầu. Đoạn hai. Nguồn: Báo Thanh Hóa Đoạn cuối."),
    ("---\nĐoạn giữa hai đường kẻ, ngay đầu bài.\n---\n\nĐoạn cuối.\n",
     "Đoạn giữa hai đường kẻ, ngay đầu bài. Đoạn cuối."),
])
@pytest.mark.slow
def test_text_between_two_rules_and_key_value_lines_survive(project, tmp_path, body, expected):
    root = project({PATH: HEAD + body})
    assert errors_of(root) == []
    result = build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = " ".join(BeautifulSoup((tmp_path / "out" / PAGE).read_text(encoding="utf-8"), "html.parser")
                    .select_one(".bulletin-text").get_text(" ").split())
    assert text == expected


def test_same_file_name_in_two_folders(project):
    errors = errors_of(project({PATH: GOOD, "meetings/2022/2021-03-05-hoi-nghi-thu.md":
                                GOOD.replace("viec-thu-2021", "viec-khac-2021")}))
    assert errors == [
        "docs/meetings/2022/2021-03-05-hoi-nghi-thu.md:1: (tên tệp): tên tệp \"2021-03-05-hoi-nghi-thu.md\" đã dùng "
        f"cho {REL}; tên tệp là mã của hội nghị trong lịch và dữ liệu mở nên phải khác nhau trên toàn trang: hãy "
        "đổi tên một trong hai tệp"]


def test_two_reviews_of_one_commitment_in_one_bulletin(project):
    text = GOOD.replace("commitments:", """reviews:
  - commitment: camera-cong-cong-ba-phuong-2020
    status: done
  - commitment: camera-cong-cong-ba-phuong-2020
    status: not-done
commitments:""")
    assert only_error(project, text) == (
        f"{REL}:12: reviews[2].commitment: cam kết \"camera-cong-cong-ba-phuong-2020\" được rà soát hai lần trong "
        "bản tin này (lần đầu ở dòng 10); một hội nghị chỉ báo cáo một trạng thái cho mỗi cam kết: hãy gộp thành "
        "một mục")


# --- a failed build keeps the last good site -----------------------------------------------------------

@pytest.mark.slow
def test_failed_build_leaves_the_last_good_site(project, tmp_path):
    root = project({PATH: GOOD})
    out = tmp_path / "out"
    (tmp_path / ".out.new-4194305/x").mkdir(parents=True)  # left by an interrupted build (no such pid)
    assert build(root, out).returncode == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    index = (out / "index.html").read_bytes()
    (root / "docs" / PATH).write_text(GOOD.replace("date: 2021-03-05", "date: 2021-02-30"), encoding="utf-8")
    failed = build(root, out)
    assert failed.returncode != 0 and "date: giá trị \"2021-02-30\" không hợp lệ" in failed.stderr
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert (out / "index.html").read_bytes() == index
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "p0"]  # no half-built folder left


@pytest.mark.slow
def test_a_template_failure_also_keeps_the_last_good_site(project, tmp_path):
    root = project({PATH: GOOD})
    out = tmp_path / "out"
    assert build(root, out).returncode == 0
    index = (out / "index.html").read_bytes()
    (root / "overrides").unlink()  # a broken theme: the build fails while rendering
    (root / "overrides").mkdir()
    (root / "overrides/main.html").write_text("{% extends 'base.html' %}{% block content %}{{ 1/0 }}{% endblock %}")
    failed = build(root, out)
    assert failed.returncode != 0
    assert (out / "index.html").read_bytes() == index
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "p0"]


# --- attack strings in every field ----------------------------------------------------------------------

ATTACKS = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
           "{{ 7*7 }}{% raw %}", "]]></summary><x>", "=cmd|' /C calc'!A0", "\u202eđảo chiều", "' OR 1=1 --"]


@pytest.mark.slow
def test_attack_strings_in_every_text_field_are_shown_as_text(project, tmp_path):
    fields = {"title": 0, "location": 1, "author": 2, "date_note": 3}
    text = GOOD
    for name, index in fields.items():
        value = ATTACKS[index].replace('"', '\\"')
        text = text.replace("kind: giao-ban", f'kind: giao-ban\n{name}: "{value}"') if name != "title" else \
            text.replace('"Hội nghị thử"', f'"{value}"')
    text = text.replace('role: "Chủ tịch UBND thành phố"', f'role: "{ATTACKS[4]}"')
    text = text.replace('text: "Làm một việc thử."', f'text: "{ATTACKS[5]}"')
    root = project({PATH: text})
    assert errors_of(root) == []
    result = build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    for rel in (PAGE, "index.html", "cam-ket/index.html", "luu-tru/index.html"):
        page = BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")
        assert not page.find_all("img", src="x"), rel
        assert not [s for s in page.find_all("script") if "alert" in s.get_text() and not s.get("type")], rel
        assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)], rel
    page = (out / PAGE).read_text(encoding="utf-8")
    assert "49" not in BeautifulSoup(page, "html.parser").select_one("h1").get_text()
    assert not feedparser.parse((out / "feed.xml").read_bytes()).bozo


@pytest.mark.slow
@pytest.mark.browser
def test_attacks_run_nowhere_in_a_real_browser(browser, project, tmp_path):
    """Chromium opens the meeting page, the search results, the tracker and the archive: no dialog ever opens."""
    from playwright.sync_api import expect

    from conftest import watched_page
    from scripts.dev.screenshot import serve

    title = "Xử lý <img src=x onerror=alert(1)> rác thải \\\"><svg onload=alert(2)>"
    text = GOOD.replace('"Hội nghị thử"', f'"{title}"').replace(
        'text: "Làm một việc thử."', 'text: "Thu gom rác <img src=y onerror=alert(3)> ngay"')
    text += ("\nThu gom rác <img src=z onerror=alert(4)> và [bấm](javascript:alert(5)).\n"
             "{: onmouseover=\"alert(6)\" }\n\n<script>alert(7)</script>\n")
    root = project({PATH: text})
    out = tmp_path / "out"
    result = build(root, out)
    assert result.returncode == 0, result.stderr
    server = serve(str(out))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context, page = watched_page(browser, viewport={"width": 390, "height": 844})
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in (PAGE, "tim-kiem/?q=thu+gom+rac", "cam-ket/", "luu-tru/"):
            page.goto(f"{base}/{path}")
            if path.startswith("search"):
                expect(page.locator("[data-search-results] > li").first).to_be_visible()
                assert "<img src=x onerror=alert(1)>" in page.locator("[data-search-results]").inner_text()
            page.mouse.move(100, 300)
            for link in page.locator(".bulletin-text a").all():
                link.click(no_wait_after=True, timeout=2000)
            page.wait_for_timeout(200)
            assert page.evaluate("[...document.querySelectorAll('*')].filter("
                                 "e => [...e.attributes].some(a => a.name.startsWith('on'))).length") == 0, path
            assert page.evaluate("document.querySelectorAll('svg[onload], .bulletin-text script').length") == 0
    finally:
        context.close()
        server.shutdown()
    assert dialogs == [] and page.errors == []


# --- fuzzing the loader ---------------------------------------------------------------------------------

_FUZZ_ROOT: dict = {}
_INTERESTING = st.sampled_from(["\n", "---\n", ": ", "- ", "&a ", "*a", "[", "]", "{", "}", "\"", "'", "!!",
                                "\t", "\x00", "\x0b", "\ud800", "#", "|", ">", "%", "@", "`", "\\", "0000", "9999"])
_TEXT = st.one_of(st.text(max_size=20), _INTERESTING, st.text(alphabet=st.characters(codec="utf-8"), max_size=10))


def _fuzz_project(tmp_path_factory):
    if "root" not in _FUZZ_ROOT:
        from conftest import make_project
        _FUZZ_ROOT["root"] = make_project(tmp_path_factory.mktemp("fuzz") / "p", {PATH: GOOD})
    return _FUZZ_ROOT["root"]


def _assert_reported_or_loaded(root: Path, name: str = PATH):
    site, report = load_site(root / "docs")  # must not raise, whatever the file holds
    rel = "docs/" + name
    mine = [p for p in report.errors if p.path.startswith(rel) or p.path.startswith("docs/meetings/2021/")]
    loaded = [m for m in site.meetings if m.src_uri == name]
    assert mine or loaded, "a bulletin was neither loaded nor reported"
    for p in report.problems:
        assert isinstance(p.line, int) and p.line >= 1 and p.message
        assert "\n" not in p.format(), p
    for meeting in loaded if not mine else []:
        meeting.date.start, meeting.date.end, meeting.date.long_vi()  # usable dates
        if meeting.published is not None:
            assert meeting.published.tzinfo is not None


FUZZ = settings(max_examples=80, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, len(GOOD)), st.integers(0, 8), _TEXT), min_size=1, max_size=6))
def test_fuzz_mutated_front_matter(tmp_path_factory, edits):
    text = GOOD
    for position, cut, insert in edits:
        position = min(position, len(text))
        text = text[:position] + insert + text[position + cut:]
    root = _fuzz_project(tmp_path_factory)
    (root / "docs" / PATH).write_text(text, encoding="utf-8", errors="surrogatepass")
    _assert_reported_or_loaded(root)


@FUZZ
@given(data=st.binary(max_size=300), keep=st.integers(0, len(GOOD)))
def test_fuzz_random_bytes(tmp_path_factory, data, keep):
    root = _fuzz_project(tmp_path_factory)
    (root / "docs" / PATH).write_bytes(GOOD.encode()[:keep] + data)
    _assert_reported_or_loaded(root)


_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), _TEXT,
              st.sampled_from(["2021-03-05", "0000", "9999-12-31", "2021-02-30", "held", "done", "ubnd-tp",
                               "le-anh-xuan", "giao-ban", "2021-03-06T10:00:00", "https://a.vn/x"])),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.sampled_from(["id", "text", "owners", "status", "person", "url",
                                                                "commitment", "x"]), children, max_size=3)),
    max_leaves=8)
_FIELDS = ["title", "date", "time", "session", "kind", "status", "location", "chairs", "organizations", "topics",
           "published", "author", "sources", "commitments", "reviews", "description", "hide", "tags", "search"]


@FUZZ
@given(values=st.dictionaries(st.sampled_from(_FIELDS), _VALUES, min_size=1, max_size=4))
def test_fuzz_field_values_of_any_type(tmp_path_factory, values):
    """Any YAML value in any field (a status given as a list, a date as a mapping…)."""
    import yaml
    data = yaml.safe_load(GOOD.split("---\n")[1])
    data.update(values)
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n\nNội dung.\n"
    root = _fuzz_project(tmp_path_factory)
    (root / "docs" / PATH).write_text(text, encoding="utf-8", errors="surrogatepass")
    _assert_reported_or_loaded(root)


_REGISTRY_FIELDS = {"organizations": ["name", "short", "aliases", "kind", "parent", "valid_from", "valid_until",
                                       "successor", "url"],
                     "people": ["name", "aliases", "positions"], "topics": ["name", "aliases", "description"]}


@FUZZ
@given(registry=st.sampled_from(sorted(_REGISTRY_FIELDS)), data=st.data())
def test_fuzz_registry_entries_of_any_type(tmp_path_factory, registry, data):
    """A registry entry with any YAML value in any field is reported or loaded, never a traceback."""
    import yaml
    values = data.draw(st.dictionaries(st.sampled_from(_REGISTRY_FIELDS[registry] + ["from", "x"]), _VALUES,
                                       max_size=4))
    entry = data.draw(st.one_of(st.just(values), _VALUES))
    root = _fuzz_project(tmp_path_factory)
    path = root / "docs/data" / f"{registry}.yml"  # the one-mapping form, read beside the entry files
    path.write_text(yaml.safe_dump({"moi-them": entry}, allow_unicode=True), encoding="utf-8",
                    errors="surrogatepass")
    try:
        _site, report = load_site(root / "docs")
        assert all("\n" not in p.format() for p in report.problems)
    finally:
        path.unlink()


_MD = st.sampled_from(["[", "]", "(", ")", "*", "_", "**", "`", "<div markdown=\"1\">", "</div>", "\n", "\n\n",
                       "- ", "> ", "1. ", "    ", "#", "{: #x .y }", "![a](b)", "<b>", "</b>", "&#", "|", "---\n",
                       "x", "đ", " "])


@FUZZ
@given(parts=st.lists(_MD, max_size=400))
def test_fuzz_body_within_limits_renders(parts):
    """A body the loader accepts renders and sanitises without an exception."""
    body = "".join(parts)
    if guards.markdown_problems(body, 1):
        return
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "toc"])
    clean_html(html)


def test_staff_guide_lists_the_limits():
    guide = (ROOT / "docs/huong-dan/index.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Giới hạn"):]
    for figure in ("200 KB", "2.048 KB", str(guards.MAX_ALIAS_NODES), str(guards.MAX_YAML_DEPTH), "1945", "2100",
                   str(guards.MAX_PARAGRAPH_CHARS), str(guards.MAX_BRACKETS), "http", "mailto"):
        assert figure in section, figure
