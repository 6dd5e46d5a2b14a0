"""Plain text from a bulletin's Markdown: for search excerpts, summaries, descriptions.

One function, :func:`paragraphs`, strips the Markdown a bulletin may hold (headings,
emphasis, links, images, code, lists, quotes, tables, attribute lists, raw HTML) and
says what each paragraph is, so callers can skip headings and photo captions. A careful
line-based stripper rather than a full render: it runs over every bulletin of the
archive for the search index, and it never guesses at text it cannot read (it keeps it).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from portal.contract.text import fold

_ATTR_LIST_LINE = re.compile(r"^\s*\{:?[^{}]*\}\s*$")
_ATTR_LIST_TAIL = re.compile(r"\s*\{:[^{}]*\}\s*$")
_CAPTION = re.compile(r"^\s*\{:?[^{}]*\.photo-caption\b[^{}]*\}\s*$")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.S)
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


@dataclass(frozen=True)
class Paragraph:
    kind: str  # "heading", "caption" or "text"
    text: str


_ESCAPED = re.compile("[\ue000-\ue07f]")


def _inline(text: str) -> str:
    # Escaped characters are set aside first (as private-use characters), so "\*" is never emphasis.
    text = _ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)
    text = _IMAGE.sub(" ", text)  # a photo is not text; its caption is a paragraph of its own
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _CODE.sub(lambda m: m.group(2).strip(), text)
    for pattern in (_STRONG, _STRIKE):
        text = pattern.sub(lambda m: m.group(m.lastindex), text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDER.sub(r"\1", text)
    text = _ESCAPED.sub(lambda m: chr(ord(m.group()) - 0xE000), text)
    return " ".join(html.unescape(text).split())


def paragraphs(markdown: str) -> list[Paragraph]:
    """The bulletin's paragraphs as plain text, each with its kind."""
    return list(iter_paragraphs(markdown))


def iter_paragraphs(markdown: str):
    """:func:`paragraphs` one at a time, so a caller wanting the first needs not read the rest."""
    out: list[Paragraph] = []
    block: list[str] = []
    kind = "text"

    def flush():
        nonlocal block, kind
        text = _inline(" ".join(block))
        if text:
            out.append(Paragraph(kind, text))
        block, kind = [], "text"

    in_fence = False
    for line in markdown.splitlines():
        if out:
            yield from out
            out.clear()
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            if line.strip():
                block.append(line.strip())
            continue
        if not line.strip():
            flush()
            continue
        if _CAPTION.match(line):
            kind = "caption"
            flush()
            continue
        if _SETEXT.match(line) and block:
            kind = "heading"
            flush()
            continue
        if _ATTR_LIST_LINE.match(line) or _REF_DEF.match(line) or _RULE.match(line) or _TABLE_SEP.match(line):
            continue
        heading = _ATX.match(line)
        if heading:
            flush()
            block, kind = [_ATTR_LIST_TAIL.sub("", heading.group(2))], "heading"
            flush()
            continue
        line = _QUOTE.sub("", line)
        if _LIST.match(line):
            flush()
            line = _LIST.sub("", line)
        if line.lstrip().startswith("|") or line.rstrip().endswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        block.append(_ATTR_LIST_TAIL.sub("", line))
    flush()
    yield from out


def plain_text(markdown: str) -> str:
    """Every paragraph as plain text, one a line."""
    return "\n".join(p.text for p in paragraphs(markdown))


def first_paragraph(markdown: str, limit: int = 300) -> str:
    """The first paragraph of running text (no heading, no caption), cut at a word."""
    text = _first_text(markdown)
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


@lru_cache(maxsize=4096)
def _first_text(markdown: str) -> str:
    # A bulletin's summary is wanted by its page, its head, the feeds it is in and the
    # data files: about seven times a build. Strings keep their hash, so a hit is cheap.
    for para in iter_paragraphs(markdown):
        if para.kind == "text":
            return para.text
    return ""


def _same_title(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", fold(s)).split())
    return norm(a) == norm(b)


def drop_repeated_title(markdown: str, title: str) -> str:
    """The body without a first heading that repeats the page's title (the page prints it as h1).

    Only a heading that is the body's first content and reads the same as the title
    (ignoring case, tone marks and punctuation) goes; any other heading stays.
    """
    lines = markdown.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        heading = _ATX.match(line)
        if heading and len(heading.group(1)) == 1 and _same_title(_inline(_ATTR_LIST_TAIL.sub("", heading.group(2))), title):
            rest = lines[i + 1:]
            if rest and _ATTR_LIST_LINE.match(rest[0]):
                rest = rest[1:]
            return "".join(lines[:i] + rest)
        if i + 1 < len(lines) and re.match(r"^\s{0,3}=+\s*$", lines[i + 1]) and _same_title(_inline(line), title):
            return "".join(lines[:i] + lines[i + 2:])
        return markdown
    return markdown
