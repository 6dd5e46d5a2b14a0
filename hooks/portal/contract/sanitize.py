"""What may reach a reader: the HTML allow-list of page text, and escaping per output format.

One place for the allow-list (tags, attributes, URL schemes, classes and ids) applied to
every Markdown page's HTML after rendering (``portal_hooks.on_page_content``), whatever
Markdown produced it: raw HTML in the text, ``{: attribute lists }``, links and images.
Allowed: text formatting, headings, lists, tables, quotes, code, images and links whose
URL is relative or ``http``, ``https`` or ``mailto``. Never: scripts, styles, frames,
forms, event handler attributes (``on…``), ``javascript:`` or ``data:`` URLs.

And the escapers of the other outputs, each for its own format:

* :func:`xml_text` removes what XML 1.0 cannot carry (feeds, sitemaps, JSON-LD, calendars);
* :func:`csv_cell` neutralises a cell Excel would run as a formula (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
import re

import nh3

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var",
    "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "q", "dfn",
    "time", "span", "div", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "colgroup", "col", "thead",
    "tbody", "tfoot", "tr", "th", "td", "img", "figure", "figcaption", "a", "details", "summary",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type", "reversed"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "col": {"span"},
    "time": {"datetime"},
    "abbr": set(),
}
URL_SCHEMES = {"http", "https", "mailto"}
# Python-Markdown writes column alignment as style="text-align: …"; no other property passes.
STYLE_PROPERTIES = {"text-align"}
# Ids and classes: what Markdown and the syntax highlighter produce. An id starting with
# "_" or a class starting with "md-" could clobber Material's own elements (its
# configuration is read from an element by id) or dress text up as its interface.
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}\Z")
_CLASS = re.compile(r"^(?!md-)[A-Za-z][A-Za-z0-9_-]{0,59}\Z")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _ID.match(value) else None
    if attribute == "class":
        kept = [c for c in value.split() if _CLASS.match(c)]
        return " ".join(kept) or None
    return value


def clean_html(html: str) -> str:
    """The HTML of a page's text, keeping only the allow-list above."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     attribute_filter=_filter, strip_comments=True, link_rel=None,
                     clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "textarea"},
                     filter_style_properties=STYLE_PROPERTIES)


# --- other formats ---------------------------------------------------------------------------

# Not allowed anywhere in XML 1.0 (C0 controls but tab, newline and carriage return;
# lone surrogates; U+FFFE, U+FFFF). C1 controls are allowed by XML but are never text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML parser (or a calendar client) refuses.

    The loader already refuses such characters in content; this keeps every output
    well-formed whatever reaches it (a registry name, a future field).
    """
    return _NOT_XML.sub("", text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A CSV cell Excel and LibreOffice show as text, never evaluate (OWASP CSV injection).

    A cell that starts with ``= + - @``, a tab or a carriage return gets a leading
    apostrophe, which spreadsheets hide and treat as "this is text".
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_document(header, rows) -> str:
    """A whole CSV file as Excel reads Vietnamese: UTF-8 with a BOM, CRLF lines, the header as given
    and every cell through :func:`csv_cell` (the open data and the review sheets)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()
