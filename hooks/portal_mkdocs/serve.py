"""What `mkdocs serve` keeps between rebuilds, so that a save shows in the browser quickly
(MkDocs glue).

MkDocs rebuilds the whole site on every save. The hooks module stays loaded between
rebuilds, and so does one ``ServeCache``, which keeps:

- each bulletin's read-and-check, by the file's bytes (``portal.content.loader.BulletinMemo``);
- the compiled templates (``TemplateCode``);
- without the build cache (``PORTAL_BUILD_CACHE=0``), each page's Markdown conversion, by
  its text and the set of files its links resolve against, and the sanitised HTML.

Pages themselves are reused by the build cache (build_cache.py), which serve shares with
``mkdocs build``: a page whose reads did not change is written as it was. Nothing here is
written to disk and nothing here outlives the server.
"""

from __future__ import annotations

import jinja2

from portal.content.loader import BulletinMemo
from portal_mkdocs.build_cache import digest


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

    # --- Markdown and sanitising ---------------------------------------------------

    def files_key(self, files) -> str:
        return digest(sorted(f.src_uri for f in files))

    def clean(self, html: str, clean_html) -> str:
        return self._clean.get(html, lambda: clean_html(html))

    def end_build(self) -> None:
        """Keep only what the last build used: the cache does not grow with edits."""
        self.markdown.end_build()
        self._clean.end_build()
