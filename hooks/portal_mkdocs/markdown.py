"""One Python-Markdown instance for every page of a build, and converted text reused
(MkDocs glue).

MkDocs 1.6's ``Page.render`` builds a new ``markdown.Markdown`` for each page: loading
the extensions (pymdownx.superfences deep-copies pymdownx.highlight's settings each
time) cost about a third of the Markdown time of a 2,000-bulletin build, more than
converting the text. MkDocs has no event to hand it a parser, so ``on_pre_page`` gives
each page a ``render`` that does what ``Page.render`` does (same extensions, same
MkDocs tree processors, bound to the page) on one instance that is ``reset()`` between
pages, which is how Python-Markdown is meant to be reused. The output is the same bytes
(``scripts/dev/site_diff.py`` compares whole sites).

With the build cache (build_cache.py), ``render`` first asks whether the whole page can
be written as it was (then nothing is converted), then whether this text was converted
before and its links still resolve the same way (then the sanitised HTML, table of
contents and warnings are taken from the cache).

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
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

from portal_mkdocs import markdown_bounds
from portal_mkdocs.build_cache import LookupFiles, digest

_mkdocs_pages_log = logging.getLogger("mkdocs.structure.pages")


class _Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[list] = []

    def emit(self, record) -> None:
        if record.levelno > logging.DEBUG:
            self.records.append([record.levelno, record.getMessage()])


class SharedMarkdown:
    """The build's one parser; ``attach(page)`` makes ``page.render`` use it."""

    def __init__(self, config, memo=None, files_key: str = "", cache=None, page_key=None, clean=None,
                 later=None) -> None:
        """``memo`` (mkdocs serve, serve.Generations): a page whose text and set of files are
        unchanged gets the previous conversion back instead of converting again.
        ``cache`` (build_cache.BuildCache), ``page_key(page)`` (what the page is, beside what it
        reads) and ``clean`` (the sanitiser): reuse across builds. ``later(page)``: a page whose
        text is converted only when it is drawn (``convert_now``), so that the converted text of
        every page is never held at once (a bulletin's page: nothing else reads its HTML)."""
        self.md = new_markdown(config["markdown_extensions"], config["mdx_configs"])
        self.memo, self.files_key = memo, files_key
        self.cache, self.page_key, self.clean, self.later = cache, page_key, clean, later

    def attach(self, page) -> None:
        page.render = functools.partial(self.render, page)

    def render(self, page, config, files) -> None:
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self.cache is not None:
            self._render_cached(page, config, files)
            return
        if self.memo is None:
            self._render(page, config, files)
            return
        key = (page.file.src_uri, page.markdown, self.files_key)
        result = self.memo.get(key, lambda: self._render(page, config, files))
        (page.content, page.toc, page._title_from_render, page.present_anchor_ids,
         links) = result
        if links is not None:
            page.links_to_anchors = links

    # --- with the build cache -------------------------------------------------------------

    def _render_cached(self, page, config, files) -> None:
        src = page.file.src_uri
        page.portal_base = base = self.page_key(page)
        entry = self.cache.page_hit(src, base)
        if entry is not None:
            # Written as it was: nothing to convert. What MkDocs checks after the pages
            # (anchors, links to anchors) and the warnings converting it gave come back.
            page.content = ""
            page.toc = get_toc([])
            page._title_from_render = entry.get("title")
            self._restore(page, entry, files)
            page.portal_clean = True
            if self.later is not None and self.later(page):
                page.markdown = ""  # not needed: the page is written as stored
            return
        if self.later is not None and self.later(page):
            page.content, page.toc, page._title_from_render = "", get_toc([]), None
            page.present_anchor_ids = set()
            page.portal_clean, page.portal_later = True, True
            page.markdown = ""  # made again from the bulletin when the page is drawn
            return
        self.convert_now(page, config, files)

    def convert_now(self, page, config, files) -> None:
        """The sanitised HTML, table of contents, anchors and warnings of the page's text."""
        src = page.file.src_uri
        key = digest(src, page.markdown)
        text = self.cache.text(key, files)
        if text is None:
            captured = _Captured()
            _mkdocs_pages_log.addHandler(captured)
            looking = LookupFiles(files)
            try:
                content, tokens, title, anchors, links = self._convert(page, config, looking)
            finally:
                _mkdocs_pages_log.removeHandler(captured)
            html = self.clean(content)
            text = {"html": html, "toc": tokens, "title": title, "anchors": sorted(anchors),
                    "links": _links_out(links), "log": captured.records,
                    "lookups": [[path, url] for path, url in sorted(looking.lookups.items())]}
            self.cache.keep_text(key, html, **{k: v for k, v in text.items() if k != "html"})
        else:
            for level, message in text.get("log") or []:
                _mkdocs_pages_log.log(level, message)
        page.content = text["html"]
        page.toc = get_toc(text.get("toc") or [])
        page._title_from_render = text.get("title")
        self._restore(page, text, files, replay=False)
        page.portal_clean = True
        page.portal_text = {k: text.get(k) for k in ("title", "anchors", "links", "log")}

    @staticmethod
    def _restore(page, entry, files, replay: bool = True) -> None:
        page.present_anchor_ids = set(entry.get("anchors") or [])
        if _mkdocs_pages_log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {}
            for src, anchors in (entry.get("links") or {}).items():
                target = files.get_file_from_path(src)
                if target is not None:
                    page.links_to_anchors[target] = dict(anchors)
        if replay:
            for level, message in entry.get("log") or []:
                _mkdocs_pages_log.log(level, message)

    def _convert(self, page, config, files) -> tuple:
        md = self.md
        md.reset()
        raw_html_ext = markdown_bounds.AnchorIds()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        content = md.convert(page.markdown)
        tokens = getattr(md, "toc_tokens", [])
        anchors = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        return content, tokens, extract_title_ext.title, anchors, relative_path_ext.links_to_anchors

    # --- without it ---------------------------------------------------------------------------

    def _render(self, page, config, files) -> tuple:
        # Registering under the same names replaces the previous page's processors (_convert).
        page.content, tokens, page._title_from_render, page.present_anchor_ids, to_anchors = \
            self._convert(page, config, files)
        page.toc = get_toc(tokens)
        links = None
        if _mkdocs_pages_log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = links = to_anchors
        return page.content, page.toc, page._title_from_render, page.present_anchor_ids, links


def new_markdown(extensions, configs) -> markdown.Markdown:
    """The parser of the site's pages: MkDocs' extensions, and raw HTML at a cost bounded by
    the text's size (markdown_bounds). Each page also registers MkDocs' processors."""
    md = markdown.Markdown(extensions=extensions, extension_configs=configs or {})
    markdown_bounds.bound(md)
    return md


def convert_text(md: markdown.Markdown, text: str) -> str:
    """``text`` converted as a page's text is, without the page's link processors (for the
    cost measurements: scripts/dev/markdown_cost.py, tests/test_markdown_cost.py)."""
    md.reset()
    markdown_bounds.AnchorIds()._register(md)
    return md.convert(text)


def _links_out(links: dict) -> dict:
    return {file.src_uri: dict(anchors) for file, anchors in (links or {}).items()}
