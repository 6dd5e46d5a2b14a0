"""Raw HTML in Markdown at a cost bounded by the text's size (MkDocs glue, issue 18).

Python-Markdown finds raw HTML with ``html.parser`` run over the WHOLE page (its
``html_block`` preprocessor, and MkDocs' own pass collecting anchor ids), before the text
is split into paragraphs. Where an opener -- ``<`` and a letter, ``</x``, ``<!--``,
``<?``, ``<!x``, ``<![CDATA[`` -- never closes, the parser searches the rest of the page
for the close, fails, takes the one character ``<`` as text and tries again at the next
opener: n openers cost n times the page. 200 KB of ``<span a="`` took 89 s, of
``<http://a`` 91 s, of ``<!--`` 16 s (issue 18). The same holds for every opener whose
close is searched for in the rest of the page, so the bound is put on openers, not on
those three strings:

* :class:`HideOpeners` (before both passes, after fenced code is set aside) finds, in one
  pass over the page, every opener that cannot close and hides its ``<`` behind
  :data:`SENTINEL`, a character no content may hold. "Cannot close" is decided at a cost
  bounded per opener: a start tag must end within :data:`MAX_TAG_CHARS` characters, judged
  by the parser's own ``check_for_whole_start_tag`` on that window; an end tag, comment,
  processing instruction, declaration or CDATA section needs its closing string somewhere
  after it, found by a forward search that never goes back (each closing string is
  searched for at most once per position). The parsers then never meet an opener that
  makes them search in vain. Where the parser would itself have given up on that ``<``,
  it would have kept it as text: hiding it changes nothing but the time.
* :class:`ShowOpeners` (right after the raw HTML pass) puts the ``<`` back, in the
  remaining text and in what the pass set aside (HTML kept as it is, ``markdown="1"``
  blocks), so the rest of Python-Markdown sees exactly the text it would have seen.
* :class:`BoundedExtractor` replaces one step of the ``md_in_html`` parser that looked at
  the rest of the page for each comment inside an open inline tag (copying it, then one
  search per open tag): it now looks up, once per paragraph, where each tag's last end
  tag is.

What a reader sees changes only for HTML nobody writes on purpose: a start tag longer
than ``MAX_TAG_CHARS`` (its ``<`` shows as text), a comment closed only by ``--!>``.
``tests/test_markdown_cost.py`` checks that the time per KB stays flat on adversarial
input and that normal text converts to the same HTML; ``scripts/dev/markdown_cost.py``
measures each family at 200 KB.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import md_in_html
from markdown.htmlparser import htmlparser
from markdown.preprocessors import Preprocessor
from mkdocs.structure.pages import _HTMLHandler, _RawHTMLPreprocessor

# A start tag longer than this is text. Real tags: an <img> with a long URL and alt text,
# a <span> with a class, well under 500 characters. Checking a window costs up to its
# length per opener, so this is also the factor of the worst case (openers every few
# characters, each followed by a ">" just within the window).
MAX_TAG_CHARS = 1000

# Stands for a "<" that cannot open anything while the raw HTML passes run. BEL: a control
# character, refused by the loader in every page (guards.bad_chars_in_text), not
# whitespace for ``re`` (so tag and attribute patterns treat it like "<"), and used by
# neither Python-Markdown (STX/ETX) nor pymdown-extensions.
SENTINEL = "\x07"

_OPENER = re.compile(r"<(?:[a-zA-Z]|/[a-zA-Z]|!--|!\[([a-zA-Z][-_.a-zA-Z0-9]*)?|!|\?)")
# Marked sections whose close is "]]>" (``_markupbase``); others ("if", "endif" of Word) "]>".
_DOUBLE_BRACKET = {"temp", "cdata", "ignore", "include", "rcdata"}
# Closing strings, as the parsers search for them: Python-Markdown's comment close and the
# standard library's (MkDocs' pass uses the latter), the CDATA close of ``_markupbase``.
_CLOSES = {
    "comment_md": re.compile(r"--!?>"),
    "comment_std": re.compile(r"--\s*>"),
    "cdata": re.compile(r"]\s*]\s*>"),
    "ms": re.compile(r"]\s*>"),
    "pi": re.compile(r"\?>"),
    "gt": re.compile(">"),
}


class _Ahead:
    """The first match of a pattern at or after a position, for positions that only grow:
    each part of the text is searched at most once per pattern."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, tuple[int, int]] = {}  # name -> (searched from, match start or -1)

    def exists(self, name: str, start: int) -> bool:
        since, at = self.found.get(name, (-1, -2))
        if since != -1 and start >= since and (at == -1 or at >= start):
            return at != -1
        match = _CLOSES[name].search(self.text, start)
        at = match.start() if match else -1
        self.found[name] = (start, at)
        return at != -1


class _Probe(htmlparser.HTMLParser):
    """The parser Python-Markdown uses (its copy of ``html.parser``, as it patched it), used
    only to ask whether a start tag ends within a window."""

    def tag_ends(self, window: str) -> bool:
        self.rawdata = window
        return self.check_for_whole_start_tag(0) >= 0


def hide_openers(text: str) -> str:
    """``text`` with the ``<`` of every opener that cannot close replaced by :data:`SENTINEL`.

    One pass; the work per opener is bounded by ``MAX_TAG_CHARS`` or shared (see
    :class:`_Ahead`), so the whole costs at most a constant times the length of ``text``.
    """
    if SENTINEL in text:  # refused by the loader; never mistaken for a hidden "<"
        text = text.replace(SENTINEL, "\ufffd")
    ahead = _Ahead(text)
    probe = _Probe()  # one per call: a preview may convert in two threads
    out: list[str] = []
    last = 0
    for match in _OPENER.finditer(text):
        i, opener = match.start(), match.group()
        after = match.end()
        if opener == "<!--":
            closes = ahead.exists("comment_md", after) and ahead.exists("comment_std", after)
        elif opener.startswith("<!["):
            name = (match.group(1) or "").lower()
            closes = ahead.exists("cdata" if name in _DOUBLE_BRACKET else "ms", after)
        elif opener == "<?":
            closes = ahead.exists("pi", after)
        elif opener == "<!" or opener.startswith("</"):
            closes = ahead.exists("gt", after)
        else:  # "<" and a letter: a start tag, which ends with a ">" within the window
            closes = (ahead.exists("gt", after) and ahead.found["gt"][1] < i + MAX_TAG_CHARS
                      and probe.tag_ends(text[i:i + MAX_TAG_CHARS]))
        if not closes:
            out.append(text[last:i])
            out.append(SENTINEL)
            last = i + 1
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def show_openers(text: str) -> str:
    return text.replace(SENTINEL, "<") if SENTINEL in text else text


def _show_in_element(element: etree.Element) -> None:
    for node in element.iter():
        if node.text:
            node.text = show_openers(node.text)
        if node.tail:
            node.tail = show_openers(node.tail)
        for key, value in list(node.attrib.items()):
            if isinstance(value, str) and SENTINEL in value:
                node.attrib[key] = show_openers(value)


class HideOpeners(Preprocessor):
    """Before the raw HTML passes (priority 22: after fenced code, before MkDocs' 21 and
    Python-Markdown's 20)."""

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash
        self.md.portal_stash_mark = (len(stash.rawHtmlBlocks), len(stash.tag_data))
        text = "\n".join(lines)
        hidden = hide_openers(text)
        return lines if hidden is text else hidden.split("\n")


class ShowOpeners(Preprocessor):
    """After the raw HTML pass (priority 19): the text as the pass would have left it."""

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash
        blocks, tags = getattr(self.md, "portal_stash_mark", (0, 0))
        for index in range(blocks, len(stash.rawHtmlBlocks)):
            block = stash.rawHtmlBlocks[index]
            if isinstance(block, str):
                stash.rawHtmlBlocks[index] = show_openers(block)
            else:
                _show_in_element(block)
        for data in stash.tag_data[tags:]:
            attrs = data.get("attrs") or {}
            for key, value in list(attrs.items()):
                if isinstance(value, str):
                    attrs[key] = show_openers(value)
        return [show_openers(line) for line in lines]


_INNER_BLANK = re.compile(r"\n[ \t]*\n")
_END_TAG = re.compile(r"(?=</\s*([^\s>]+)\s*>)")


class BoundedExtractor(md_in_html.HTMLExtractorExtra):
    """``md_in_html``'s parser, with ``inline_close_follows`` answered from one look at the
    paragraph instead of a copy of the rest of the page and one search per open tag."""

    def reset(self):
        self._paragraph: tuple[int, int, dict[str, int]] = (-1, -1, {})
        super().reset()

    def _last_end_tags(self, start: int) -> tuple[int, dict[str, int]]:
        """End of the paragraph holding ``start`` and, per tag name (lower case), where its
        last end tag in ``[start, end)`` starts. Reused while ``start`` stays inside."""
        begun, end, last = self._paragraph
        if begun <= start < end:  # no blank line in [begun, end): the same paragraph
            return end, last
        blank = _INNER_BLANK.search(self.rawdata, start)
        end = blank.start() if blank else len(self.rawdata)
        last = {}
        for match in _END_TAG.finditer(self.rawdata, start, end):
            last[match.group(1).lower()] = match.start()
        self._paragraph = (start, end, last)
        return end, last

    def inline_close_follows(self, text: str) -> bool:
        if not self.inline_stack:
            return False
        start = self.line_offset + self.offset + len(text)
        _end, last = self._last_end_tags(start)
        return any(last.get(tag.lower(), -1) >= start for tag in set(self.inline_stack))


class BoundedHtmlBlock(md_in_html.HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        parser = BoundedExtractor(self.md)
        parser.feed(source)
        parser.close()
        return "".join(parser.cleandoc).split("\n")


def bound(md: markdown.Markdown) -> None:
    """Register the bounded raw HTML pass on ``md`` (built with ``md_in_html``)."""
    if "html_block" in md.preprocessors and isinstance(md.preprocessors["html_block"],
                                                      md_in_html.HtmlBlockPreprocessor):
        md.preprocessors.register(BoundedHtmlBlock(md), "html_block", 20)
    md.preprocessors.register(HideOpeners(md), "portal_hide_openers", 22)
    md.preprocessors.register(ShowOpeners(md), "portal_show_openers", 19)


class _AnchorHandler(_HTMLHandler):
    """MkDocs' pass collecting the ids of raw HTML, without the standard library's
    ``AssertionError`` on a marked section it does not know (``<![foo]]>``, ``<![ x``),
    which stopped the build: such a section is a bogus comment, as Python-Markdown reads it."""

    def parse_marked_section(self, i, report=1):
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i)


class AnchorIds(_RawHTMLPreprocessor):
    """MkDocs' ``_RawHTMLPreprocessor`` (registered per page as "mkdocs_raw_html", 21) on the
    hidden text, with ids holding a hidden ``<`` put back."""

    def run(self, lines: list[str]) -> list[str]:
        parser = _AnchorHandler()
        parser.feed("\n".join(lines))
        parser.close()
        self.present_anchor_ids = {show_openers(value) if isinstance(value, str) else value
                                   for value in parser.present_anchor_ids}
        return lines
