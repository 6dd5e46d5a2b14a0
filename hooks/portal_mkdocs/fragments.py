"""Pieces of HTML that many pages of one build share, drawn once (MkDocs glue)."""

from __future__ import annotations

import re

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.utils import normalize_url


class Fragments:
    """``{% call fragment(name, *key) %}…{% endcall %}``: the key must hold everything the
    piece shows that can differ between pages of the build (the rest, config, labels and
    the linked model, is fixed for the build). Used for Material's tabs and nav drawer
    (key: which items are active and their URLs relative to the page, ``nav_state``) and
    for a commitment's row in the lists (key: the commitment and the columns; its links
    start with the page's base_url, put in by ``rooted``). A new instance per build.

    ``reads`` (the build cache's recorder, ``build_cache.Reads``): what drawing a piece
    read is added to every page that shows it, not only to the first.
    """

    ROOT = "\x00root\x00"  # no text can hold it: the loader refuses control characters

    def __init__(self, reads=None) -> None:
        self.drawn: dict = {}
        self.reads = reads

    def _draw(self, key, make):
        found = self.drawn.get(key)
        if found is None:
            if self.reads is None:
                found = (make(), None)
            else:
                with self.reads.nested() as trace:
                    html = make()
                found = (html, trace)
            self.drawn[key] = found
        elif found[1] is not None and self.reads is not None:
            self.reads.merge(found[1])
        return found[0]

    def __call__(self, *key, caller):
        return self._draw(key, caller)

    def rooted(self, base_url, *key, caller):
        """A piece whose links start at the site's root: ``{% call(root) fragment.rooted(base_url, …) %}``
        draws it once with a stand-in for ``root`` and puts each page's base_url in its place."""
        return self._draw(key, lambda: caller(self.ROOT)).replace(self.ROOT, base_url)


class Late:
    """``{{ late("overdue") }}``, ``{{ late("total", tp.urls[0]) }}``: a figure filled in as each page
    is written (:meth:`fill`, on_post_page), from ``values()`` (``portal.site.pages.late_values``),
    made once per build when a page first needs it. What a page stores in the build cache holds
    the mark, so the figure is not one of the things the page read: a tracker page is reused
    when a bulletin only moves the counts. A clean build fills the same marks the same way."""

    MARK = "\x00late:"  # no text can hold it: the loader refuses control characters
    MARK_BYTES = MARK.encode("utf-8")
    PATTERN = re.compile("\x00late:([^\x00]*)\x00")

    def __init__(self, values) -> None:
        self._make, self._values = values, None

    def __call__(self, *parts) -> Markup:
        return Markup(self.MARK + "/".join(str(p) for p in parts) + "\x00")

    def fill(self, html: str, where: str) -> str:
        if self.MARK not in html:
            return html
        if self._values is None:
            self._values = self._make()
        values = self._values

        def value(match):
            found = values.get(match.group(1))
            if found is None:  # a template asking a figure nobody computes: never a blank or a guess
                raise PluginError(f"{where}: không có số liệu '{match.group(1)}' (portal.site.pages.late_values)")
            return found
        return self.PATTERN.sub(value, html)


def nav_state(nav, page) -> tuple:
    """What Material's tabs and drawer show of a page: active items and relative URLs."""
    home = normalize_url(nav.homepage.url, page) if nav.homepage else None
    return home, _nav_state(nav.items, page)


def _nav_state(items, page) -> tuple:
    return tuple((str(item.title), item.active, normalize_url(item.url, page) if getattr(item, "url", None) else None,
                  _nav_state(item.children, page) if item.children else ()) for item in items)
