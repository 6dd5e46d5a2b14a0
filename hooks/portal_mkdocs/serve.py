"""What `mkdocs serve` keeps between rebuilds, so that a save shows in the browser quickly
(MkDocs glue).

MkDocs rebuilds the whole site on every save. The hooks module stays loaded between
rebuilds, and so does one ``ServeCache``, which keeps:

- each bulletin's read-and-check, by the file's bytes (``portal.loader.BulletinMemo``);
- the compiled templates (``TemplateCode``);
- each page's Markdown conversion, by its text and the set of files its links resolve
  against, and the sanitised HTML, by the HTML;
- each page's finished HTML, by a key of everything the page shows. A meeting page shows
  its bulletin and the front matter of those of ``portal.views.meetings_shown_with``
  (reviews, reviewed commitments, previous and next of its kind); every other page shows
  lists drawn from all bulletins' front matter, never their text. Every key also holds the page's
  converted text (its links depend on which files exist) and what all pages show: the
  "as of" date, mkdocs.yml, the registries and the templates.
  An unchanged page is written from the cache and skips Markdown, context and templates.

Nothing is written to disk and nothing outlives the server. ``mkdocs build`` never uses
it. tests/test_build_cache.py edits bulletins between two rebuilds in one process and
compares every file with a clean build.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jinja2

from portal.content.loader import BulletinMemo
from portal.content.views import meetings_shown_with

CACHED_TEMPLATE = "portal/cached.html"


def _digest(*parts) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _tree_state(folder: Path) -> list:
    """(path, size, mtime) of every file under a folder: a template or registry edit shows here."""
    if not folder.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            stat = os.stat(os.path.join(dirpath, name))
            out.append((os.path.join(dirpath, name), stat.st_size, stat.st_mtime_ns))
    return out


class Generations:
    """A memo that keeps what the last build used: it does not grow with each save."""

    def __init__(self) -> None:
        self._last: dict = {}
        self._now: dict = {}

    def get(self, key, make):
        if key in self._now:
            return self._now[key]
        value = self._last[key] if key in self._last else make()
        self._now[key] = value
        return value

    def end_build(self) -> None:
        self._last, self._now = self._now, {}


class TemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept in memory between rebuilds (MkDocs makes a new Jinja
    environment for each): Jinja keys them by name and a checksum of the source, so an
    edited template is compiled again. Compiling Material's and ours took a second a save."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class ServeCache:
    def __init__(self) -> None:
        self.templates = TemplateCode()
        self.bulletins = BulletinMemo()
        self.markdown = Generations()
        self._clean = Generations()
        self._pages: dict[str, tuple[str, str]] = {}  # src_uri -> (key, html)
        self._keys: dict[str, str] = {}  # this build: src_uri -> key of a page to draw and keep
        self.hits: dict[str, str] = {}  # this build: src_uri -> HTML to write as is
        self.counts = (0, 0)

    # --- Markdown and sanitising ---------------------------------------------------

    def files_key(self, files) -> str:
        return _digest(sorted(f.src_uri for f in files))

    def clean(self, html: str, clean_html) -> str:
        return self._clean.get(html, lambda: clean_html(html))

    # --- pages -------------------------------------------------------------------------

    def plan(self, config, files, portal, as_of) -> None:
        """Before the pages are drawn: which can be written from the cache (``hits``)."""
        common = _digest(
            str(as_of), config.site_url, Path(config.config_file_path).read_bytes(),
            _tree_state(Path(config.docs_dir) / "data"),
            _tree_state(Path(config.theme.custom_dir)) if config.theme.custom_dir else [],
        )
        lists = _digest(common, [(m.src_uri, m.front_digest) for m in portal.meetings])
        self._keys, self.hits = {}, {}
        used = {}
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            meeting = portal.meeting_by_src(file.src_uri)
            if meeting is not None:
                # Its own file whole; of the others, only the front matter shows.
                key = _digest(common, file.src_uri, meeting.source_digest, page.content,
                              [(m.src_uri, m.front_digest) for m in meetings_shown_with(meeting)])
            else:
                key = _digest(lists, file.src_uri, page.markdown, page.content)
            old = self._pages.get(file.src_uri)
            if old is not None and old[0] == key:
                self.hits[file.src_uri] = old[1]
                used[file.src_uri] = old
                page.meta["template"] = CACHED_TEMPLATE
            else:
                self._keys[file.src_uri] = key
        self._pages = used  # pages gone from the site leave the cache
        self.counts = (len(self.hits), len(self._keys))

    def keep(self, page, html: str) -> None:
        key = self._keys.pop(page.file.src_uri, None)
        if key is not None:
            self._pages[page.file.src_uri] = (key, html)

    def end_build(self) -> None:
        """Keep only what the last build used: the cache does not grow with edits."""
        self._keys, self.hits = {}, {}
        self.markdown.end_build()
        self._clean.end_build()
