"""Markdown's cost is bounded by the text's size (issue 18), and bounding it changes no output.

The families are scripts/dev/markdown_cost.py's: raw HTML openers that never close (the
parser used to search the rest of the page for each), comments inside open inline tags,
the same heading again and again, Markdown's own constructs within the loader's limits.
Time is the process's CPU time, compared between 20 KB and 80 KB of the same input: a
linear cost multiplies it by 4, the quadratic one did by 16; the bound allows for a loaded
2-core machine (ratio at most 8, and small times are floored).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.structure.pages import _RawHTMLPreprocessor

from portal_mkdocs import markdown_bounds
from portal_mkdocs.markdown import convert_text, new_markdown
from scripts.dev import markdown_cost

ROOT = Path(__file__).resolve().parents[1]
EXTENSIONS, CONFIGS = markdown_cost.EXTENSIONS, markdown_cost.CONFIGS
ACCEPTED = [name for name in markdown_cost.FAMILIES
            if not markdown_cost.refused(markdown_cost.family_text(name, 80 * 1024))]
FLOOR = 0.05  # seconds: below this, timer noise and warm-up dominate the ratio
MAX_RATIO = 8.0


@pytest.fixture(scope="module")
def bounded():
    return new_markdown(EXTENSIONS, CONFIGS)


@pytest.fixture(scope="module")
def plain():
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)

    def convert(text: str) -> str:
        md.reset()
        _RawHTMLPreprocessor()._register(md)
        return md.convert(text)
    return convert


def _cpu(md, text: str) -> float:
    start = time.process_time()
    convert_text(md, text)
    return time.process_time() - start


def _assert_linear(md, small: str, large: str, what: str) -> None:
    _cpu(md, small)  # warm up
    t_small = min(_cpu(md, small) for _ in range(2))
    t_large = _cpu(md, large)
    if t_large / max(t_small, FLOOR) > MAX_RATIO:  # once more before failing: a pause of a loaded machine
        t_large = min(t_large, _cpu(md, large))
    ratio = t_large / max(t_small, FLOOR)
    assert ratio <= MAX_RATIO, (f"{what}: {t_small:.3f} s at {len(small)} chars, {t_large:.3f} s at {len(large)} "
                                f"chars: {ratio:.1f}x for 4x the text")


def test_the_families_are_accepted_by_the_loader():
    """The measured inputs are ones staff could publish, not ones the loader refuses."""
    assert {"span_attr", "autolink", "comment", "tag_name", "end_tag", "pi", "cdata", "comment_gt",
            "odd_quotes", "inline_comments", "tag_dense", "headings", "backticks"} <= set(ACCEPTED)


@pytest.mark.slow
@pytest.mark.parametrize("family", ACCEPTED)
def test_time_per_kb_stays_flat(bounded, family):
    small = markdown_cost.family_text(family, 20 * 1024)
    large = markdown_cost.family_text(family, 80 * 1024)
    _assert_linear(bounded, small, large, family)


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(markdown_cost.FAMILIES)), min_size=2, max_size=5),
       st.sampled_from(["", "\n", "\n\n", " x "]))
def test_mixtures_of_families_stay_linear(bounded, names, glue):
    """Units of several families interleaved (one's opener may meet another's close)."""
    unit = glue.join(markdown_cost.FAMILIES[name][1] for name in names)
    chunk = unit * max(1, 1500 // len(unit)) + "\n\n"  # blocks the loader accepts
    small = chunk * max(1, 20 * 1024 // len(chunk))
    large = chunk * max(1, 80 * 1024 // len(chunk))
    if markdown_cost.refused(large):
        return
    _assert_linear(bounded, small, large, "+".join(names))


@pytest.mark.parametrize("family", sorted(markdown_cost.FAMILIES))
def test_hiding_openers_changes_no_output(bounded, plain, family):
    """Where the unbounded parser is still quick (2 KB), both give the same HTML."""
    text = markdown_cost.family_text(family, 2 * 1024)
    assert convert_text(bounded, text) == plain(text)


NORMAL = [
    'a <span class="x">b</span> <!-- note --> d',
    '<div markdown="1">\n*a* <b>x</b>\n</div>\n\ntext after',
    'code `<span a="` and <i>x</i> and `a < b`',
    '```\n<a "\n```\n\n<a href="https://x.vn/a?b=1&c=2">y</a> <https://z.vn> <a@b.vn>',
    '<![CDATA[ x ]]>\n\n<?php x ?>\n\n<!DOCTYPE html>\n\ny',
    'a < b > c <a title=">"> <b><!-- x --></b> 3 <4',
    '<p>para</p>\n<hr>\n\n<table><tr><td>x</td></tr></table>\n\n| a | b |\n|---|---|\n| <br> | 2 |',
    '<img src="x.png" alt="<b">\n\n## Tiêu đề {: #muc-1 }\n\n> trích <em>dẫn</em>',
    '<!-- dòng 1\n\ndòng 2 -->\n\nsau chú thích',
    '<span>mở <!-- chú thích --> vẫn mở</span> và <b>đậm <!-- x -->\n\nđoạn mới</b>',
    '<div>\n<div markdown="1">\n- a\n- b\n</div>\n</div>',
    '<script>if (a < b) { x("<div") }</script>\n\n<style>a<b{}</style>',
]


@pytest.mark.parametrize("text", NORMAL)
def test_normal_text_converts_the_same(bounded, plain, text):
    assert convert_text(bounded, text) == plain(text)


def test_the_sample_pages_convert_the_same(bounded, plain):
    pages = sorted((ROOT / "docs").rglob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert convert_text(bounded, text) == plain(text), page


def test_a_hidden_opener_is_put_back_everywhere(bounded):
    """In the text, in raw HTML set aside, in markdown="1" blocks and in attributes."""
    for text in ('<div>\n<b a="\n</div>', '<div markdown="1">\n<b a="\n</div>', 'x <b a="', '<i t="<b a=">x</i>'):
        assert markdown_bounds.SENTINEL not in convert_text(bounded, text)


def test_unknown_marked_sections_no_longer_stop_the_build(bounded):
    """The standard library raised AssertionError on these in MkDocs' anchor pass."""
    for text in ("<![foo]]> x", "a\n\n<![ x", "<![if x]> y <![endif]>"):
        convert_text(bounded, text)


def test_the_sentinel_in_content_is_not_taken_for_a_hidden_opener(bounded):
    html = convert_text(bounded, "a \x07b <b")
    assert "<b" not in html.replace("&lt;b", "") and "\x07" not in html


def test_the_measuring_script_runs():
    result = subprocess.run([sys.executable, "scripts/dev/markdown_cost.py", "--kb", "1", "2", "--only", "span_attr",
                             "comment", "table"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "span_attr" in result.stdout and "comment" in result.stdout and "worst:" in result.stdout


@pytest.mark.parametrize("line, limit", [("<hr>", "MAX_HTML_LINES"), ("  <div>x</div>", "MAX_HTML_LINES"),
                                         ("```", "MAX_FENCE_LINES"), ("> ~~~~", "MAX_FENCE_LINES")])
def test_lines_costing_per_occurrence_are_limited(line, limit):
    """What costs a copy of the page (raw HTML at a line start) or a rebuilt list of lines and a
    highlighter (code fences) per occurrence is counted, with the line where the limit is passed."""
    from portal.contract import guards

    count = getattr(guards, limit)
    assert guards.markdown_problems("\n\n".join([line] * count), 1) == []
    problems = guards.markdown_problems("\n\n".join([line] * (count + 1)), 10)
    assert len(problems) == 1
    assert problems[0][0] == 10 + 2 * count and f"quá giới hạn {count}" in problems[0][1]


@pytest.mark.slow
def test_a_hostile_bulletin_builds_quickly_and_shows_its_text(project, tmp_path):
    """Through the real build: 190 KB of the slow families in one bulletin (minutes before issue
    18) builds in seconds, the unclosed openers are shown as text, nothing hidden leaks out, and
    the marked section that made MkDocs raise builds."""
    import resource

    from tests.conftest import build
    from tests.test_hostile import HEAD, PAGE, PATH

    families = ["span_attr", "autolink", "tag_name", "comment", "mail", "end_tag", "pi", "odd_quotes",
                "inline_comments", "tag_dense", "comment_gt", "cdata"]
    body = "\n\n".join(markdown_cost.family_text(name, 190 * 1024 // len(families)) for name in families)
    body += "\n\nx <![foo]]> y\n\nCuối bài.\n"
    assert markdown_cost.refused(body) == ""
    root = project({PATH: HEAD + "\n" + body})
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = build(root, tmp_path / "out")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr[-3000:]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert cpu < 90, f"the build took {cpu:.0f} s of CPU"  # unbounded: over 5 minutes for "<a" alone
    html = (tmp_path / "out" / PAGE).read_text(encoding="utf-8")
    assert "x &lt;span a=" in html and "x &lt;http://a" in html and "Cuối bài." in html
    assert markdown_sentinel_free(html)


def markdown_sentinel_free(html: str) -> bool:
    return markdown_bounds.SENTINEL not in html and "&#7;" not in html


def test_other_pages_get_the_markdown_bounds_of_a_bulletin(tmp_path):
    """A page that is not a bulletin (about, staff guide) is converted by the same parser: the
    same limits, reported by the loader with the page's path and line."""
    import shutil

    from portal.content.loader import load_site

    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "docs" / "gioi-thieu.md").write_text("# Giới thiệu\n\n" + "[a" * 60 + "\n\n" + "```\n" * 120,
                                                      encoding="utf-8")
    _site, report = load_site(tmp_path / "docs")
    mine = [(p.line, p.message) for p in report.errors if p.path == "docs/gioi-thieu.md"]
    assert len(mine) == 2 and mine[0][0] == 3 and "60 dấu \"[\"" in mine[0][1]
    assert "120 dòng rào khối mã" in mine[1][1] and mine[1][0] == 5 + 100
