"""Limits that keep hostile or broken content from crashing, hanging or leaking.

Every limit the portal enforces on content is declared here, once, with the reason
it has the value it has; the staff guide (``docs/huong-dan/``, "Giới hạn") and the
README list the same numbers. The checks return ``(line, field, message)`` tuples so
that :mod:`portal.loader` reports them like any other content error, in
``scripts/check.py`` exactly as in the build.

Measured on the 2-core development machine with Python-Markdown 3.x (the figures the
Markdown limits come from):

* a paragraph with N unclosed ``[`` costs N times its length: 200 of them in 40 KB
  took 2.2 s, 40 KB of nested brackets about a minute;
* 40,000 lines of raw HTML at a line start took 2.5 s per 200 KB, 200 KB of code fences 10 s
  (``scripts/dev/markdown_cost.py``: the other families it measures, unclosed HTML among
  them, are bounded by construction in ``portal_mkdocs.markdown_bounds``);
* 1,000 nested emphasis levels, 1,000 list markers on one line and 1,000 nested
  ``<div markdown>`` blocks end in ``RecursionError``; 300 of each render in < 0.1 s.
"""

from __future__ import annotations

import re
import unicodedata

# --- sizes ---------------------------------------------------------------------------
KB = 1024
MAX_BULLETIN_BYTES = 200 * KB  # the real bulletins are 5-10 KB; 20 MB froze the search page
MAX_REGISTRY_BYTES = 2048 * KB  # a registry grows by ~200 bytes per entry: room for 10,000 entries
MAX_PAGE_BYTES = 1024 * KB  # any other Markdown page under docs/ (the staff guide is ~40 KB)
# An article given to the importer (scripts/import_article.py, the editor's "Nhập bài"). Real
# articles are 3-20 KB of text; the importer reads about 45 KB a second, and its draft must fit
# in a bulletin anyway (a 4.3 MB paste took 94 s of CPU before this limit).
MAX_ARTICLE_BYTES = MAX_BULLETIN_BYTES

# --- YAML ------------------------------------------------------------------------------
MAX_YAML_DEPTH = 10  # the contract needs 5 (reviews[1].evidence[1].url); 10 leaves room
MAX_ALIAS_NODES = 1000  # values that anchors and aliases may repeat in one file, in total

# --- dates -------------------------------------------------------------------------------
MIN_YEAR, MAX_YEAR = 1945, 2100

# --- Markdown text of a bulletin --------------------------------------------------------------
MAX_PARAGRAPH_CHARS = 20000  # one block between blank lines (a table counts as one block)
MAX_BRACKETS = 50  # "[" in one block: links and images
MAX_EMPHASIS = 400  # "*" and "_" in one block: bold and italic markers
MAX_LINE_MARKERS = 20  # list and quote markers at the start of one line ("- - - x", "> > x")
MAX_INDENT = 40  # columns of indentation at the start of a line (a tab counts 4)
MAX_MARKDOWN_BLOCKS = 20  # raw HTML blocks whose content is Markdown (markdown="1")
# Lines starting with "<" (raw HTML at a line start: Python-Markdown copies the rest of the page
# for each block-level one, 40,000 "<hr>" lines in 200 KB took 2.5 s) and code fence lines
# (pymdown-extensions rebuilds the list of lines for each fence and highlights each block: 200 KB
# of fences took 10 s). Real bulletins have a handful of the first and none of the second.
MAX_HTML_LINES = 500
MAX_FENCE_LINES = 100  # "```" or "~~~" lines: 50 code blocks

# Characters that must never reach a page, a feed or a file: C0 and C1 controls other
# than tab and newline (a carriage return is turned into a newline before this check),
# lone surrogates, and the two non-characters XML forbids. Word leaves vertical tabs
# (manual line breaks) and NUL in pasted text.
_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[*+\-]|\d{1,9}[.)])(?=[ \t>]|$))+")
_MARKDOWN_ATTR = re.compile(r"markdown\s*=", re.I)  # the md_in_html attribute
_HTML_LINE = re.compile(r"^[ \t]*<", re.M)
_FENCE_LINE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})", re.M)


def size_label(limit: int) -> str:
    """``204800`` -> ``"200 KB"``, as the staff guide states it."""
    return f"{-(-limit // KB):,} KB".replace(",", ".")


def article_too_long(size: int, source: str) -> str | None:
    """The message refusing an article of ``size`` bytes, or None when it is within the limit."""
    if size <= MAX_ARTICLE_BYTES:
        return None
    return (f"{source}: bài viết dài {size_label(size)}, quá giới hạn {size_label(MAX_ARTICLE_BYTES)} của công cụ "
            "nhập bài; hãy chỉ dán nội dung của một bài (bỏ tin liên quan, bình luận, phần đầu và cuối trang), "
            "nếu bài thật sự dài hơn thì tách thành nhiều phần")


def char_name(ch: str) -> str:
    """How a forbidden character is named in a message: code point and, when known, its name."""
    code = f"U+{ord(ch):04X}"
    known = {"\x00": "ký tự NUL", "\x0b": "ký tự ngắt dòng thủ công của Word (tab dọc)",
             "\x0c": "ký tự ngắt trang", "\x1b": "ký tự ESC", "\x7f": "ký tự DEL"}
    if ch in known:
        return f"{code} ({known[ch]})"
    if "\ud800" <= ch <= "\udfff":
        return f"{code} (nửa cặp thay thế UTF-16, không phải ký tự)"
    return f"{code} ({unicodedata.name(ch, 'ký tự điều khiển')})"


CHAR_HELP = ("chỉ được dùng chữ, số, dấu câu, dấu cách, tab và xuống dòng; thường do dán từ Word: "
             "xóa ký tự đó rồi gõ lại")


def bad_chars_in_text(text: str, first_line: int = 1):
    """``(line, message)`` for every line of ``text`` holding a forbidden character."""
    found = {}
    for match in _BAD_CHAR.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        found.setdefault(line, match.group())
    for line, ch in found.items():
        yield line, f"có ký tự không được phép {char_name(ch)}; {CHAR_HELP}"


def bad_chars_in_value(value, path=()):
    """``(path, message)`` for every key or string in loaded YAML holding a forbidden character.

    YAML escapes ("\\x00", "\\ud800") produce such characters from plain text, so the
    file check alone does not find them.
    """
    if isinstance(value, str):
        match = _BAD_CHAR.search(value)
        if match:
            yield path, f"có ký tự không được phép {char_name(match.group())}; {CHAR_HELP}"
    elif isinstance(value, dict):
        for key, child in value.items():
            if isinstance(key, str) and _BAD_CHAR.search(key):
                yield path + (key,), f"tên trường có ký tự không được phép {char_name(_BAD_CHAR.search(key).group())}"
                continue
            yield from bad_chars_in_value(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from bad_chars_in_value(child, path + (index,))


def _blocks(body: str, first_line: int):
    """``(first line, text)`` of each run of non-blank lines."""
    lines, start = [], None
    for number, text in enumerate(body.split("\n"), start=first_line):
        if text.strip():
            if start is None:
                start = number
            lines.append(text)
        elif lines:
            yield start, "\n".join(lines)
            lines, start = [], None
    if lines:
        yield start, "\n".join(lines)


def markdown_problems(body: str, first_line: int):
    """``(line, message)`` for Markdown that would take Python-Markdown minutes or crash it.

    Bounds, not a parser: each limit is far above what a bulletin needs (see the
    measurements in this module's docstring).
    """
    problems = []
    for line, block in _blocks(body, first_line):
        if len(block) > MAX_PARAGRAPH_CHARS:
            problems.append((line, f"một đoạn dài {len(block)} ký tự, quá giới hạn {MAX_PARAGRAPH_CHARS}; "
                                   "hãy tách thành nhiều đoạn bằng một dòng trống"))
        brackets = block.count("[")
        if brackets > MAX_BRACKETS:
            problems.append((line, f"một đoạn có {brackets} dấu \"[\", quá giới hạn {MAX_BRACKETS}; "
                                   "hãy tách đoạn hoặc viết \\[ cho dấu ngoặc vuông thường"))
        emphasis = block.count("*") + block.count("_")
        if emphasis > MAX_EMPHASIS:
            problems.append((line, f"một đoạn có {emphasis} dấu \"*\" và \"_\", quá giới hạn {MAX_EMPHASIS}; "
                                   "hãy tách đoạn hoặc bớt chữ đậm, chữ nghiêng"))
    for number, text in enumerate(body.split("\n"), start=first_line):
        indent = len(text) - len(text.lstrip(" \t"))
        columns = len(text[:indent].expandtabs(4))
        markers = _LINE_MARKERS.match(text)
        count = len(re.findall(r"[>*+\-]|\d{1,9}[.)]", markers.group())) if markers else 0
        if columns > MAX_INDENT or count > MAX_LINE_MARKERS:
            problems.append((number, f"dòng thụt lề hoặc lồng danh sách, trích dẫn quá sâu (tối đa {MAX_INDENT} "
                                     f"cột thụt lề và {MAX_LINE_MARKERS} dấu \"-\", \">\" ở đầu dòng)"))
    for pattern, limit, what, advice in (
            (_HTML_LINE, MAX_HTML_LINES, "dòng bắt đầu bằng \"<\" (HTML)",
             "hãy viết bằng Markdown thay cho HTML (một dòng trống giữa hai đoạn, *** cho đường kẻ ngang)"),
            (_FENCE_LINE, MAX_FENCE_LINES, "dòng rào khối mã (``` hoặc ~~~)",
             "hãy bỏ các dòng ``` hoặc ~~~ thừa (bản tin không cần khối mã)")):
        found = [m.start() for m in pattern.finditer(body)]
        if len(found) > limit:
            line = first_line + body.count("\n", 0, found[limit])
            problems.append((line, f"có {len(found)} {what}, quá giới hạn {limit} trong một tệp; {advice}"))
    blocks = list(_MARKDOWN_ATTR.finditer(body))
    if len(blocks) > MAX_MARKDOWN_BLOCKS:
        line = first_line + body.count("\n", 0, blocks[MAX_MARKDOWN_BLOCKS].start())
        problems.append((line, f"có {len(blocks)} khối HTML với markdown=, quá giới hạn {MAX_MARKDOWN_BLOCKS}"))
    return problems
