"""One Python-Markdown instance for every page of a build (MkDocs glue).

MkDocs 1.6's ``Page.render`` builds a new ``markdown.Markdown`` for each page: loading
the extensions (pymdownx.superfences deep-copies pymdownx.highlight's settings each
time) cost about a third of the Markdown time of a 2,000-bulletin build, more than
converting the text. MkDocs has no event to hand it a parser, so ``on_pre_page`` gives
each page a ``render`` that does what ``Page.render`` does (same extensions, same
MkDocs tree processors, bound to the page) on one instance that is ``reset()`` between
pages, which is how Python-Markdown is meant to be reused. The output is the same bytes
(``scripts/dev/site_diff.py`` compares whole sites).

This copies the body of ``mkdocs.structure.pages.Page.render`` of MkDocs 1.6.1, the last
1.x release (pinned in requirements.txt).
"""

from __future__ import annotations

import functools
import logging

import markdown
from mkdocs.structure.pages import (
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

_mkdocs_pages_log = logging.getLogger("mkdocs.structure.pages")


class SharedMarkdown:
    """The build's one parser; ``attach(page)`` makes ``page.render`` use it."""

    def __init__(self, config, memo=None, files_key: str = "") -> None:
        """``memo`` (mkdocs serve, portal_serve.Generations): a page whose text and set of
        files are unchanged gets the previous conversion back instead of converting again."""
        self.md = markdown.Markdown(extensions=config["markdown_extensions"],
                                    extension_configs=config["mdx_configs"] or {})
        self.memo, self.files_key = memo, files_key

    def attach(self, page) -> None:
        page.render = functools.partial(self.render, page)

    def render(self, page, config, files) -> None:
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self.memo is None:
            self._render(page, config, files)
            return
        key = (page.file.src_uri, page.markdown, self.files_key)
        result = self.memo.get(key, lambda: self._render(page, config, files))
        (page.content, page.toc, page._title_from_render, page.present_anchor_ids,
         links) = result
        if links is not None:
            page.links_to_anchors = links

    def _render(self, page, config, files) -> tuple:
        md = self.md
        md.reset()
        # Registering under the same names replaces the previous page's processors.
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        links = None
        if _mkdocs_pages_log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = links = relative_path_ext.links_to_anchors
        return page.content, page.toc, page._title_from_render, page.present_anchor_ids, links
