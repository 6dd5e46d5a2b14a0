"""What the MkDocs events of the portal share (MkDocs glue): one ``Build`` per build, and
one ``Session`` per process, which is all ``mkdocs serve`` keeps between its rebuilds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from portal.content.views import Portal
from portal.contract.report import Report
from portal.site.pages import PageSpec
from portal_mkdocs.build_cache import BuildCache
from portal_mkdocs.folders import SiteSwap
from portal_mkdocs.fragments import Fragments, Late
from portal_mkdocs.markdown import SharedMarkdown
from portal_mkdocs.serve import ServeCache
from portal_mkdocs.writers import Background, Writers


@dataclass
class Session:
    """The process: ``mkdocs build`` (one build) or ``mkdocs serve`` (a build per save)."""

    command: str | None = None  # "build", "serve", or None when a caller runs build() itself
    dirty: bool = False
    serve: ServeCache | None = None  # mkdocs serve only
    preview_pool: object = None  # mkdocs serve keeps its drawers for the session
    memory: tuple[str, Path | None] | None = None  # serve's output folder, its folder in /dev/shm if any
    background: Background | None = None  # serve: the last build's writers, still placing
    last_index: dict | None = None  # serve: the build cache's index as the last build left it

    @property
    def serving(self) -> bool:
        return self.serve is not None


@dataclass
class Build:
    """One build, from on_config to on_post_build."""

    as_of: dt.date
    swap: SiteSwap | None = None  # mkdocs build: the fresh folder it writes into
    loaded: tuple | None = None  # (Site, Report) between on_pre_build and on_files
    portal: Portal | None = None  # None when the content has errors (serve shows them)
    problems: Report | None = None
    specs: dict[str, PageSpec] = field(default_factory=dict)  # generated pages by src_uri
    markdown: SharedMarkdown | None = None
    fragments: Fragments = field(default_factory=Fragments)
    late: Late = field(default_factory=lambda: Late(dict))  # figures filled in as pages are written
    writers: Writers | None = None
    cache: BuildCache | None = None  # the persistent build cache
    env: object = None  # Jinja environment, once MkDocs has made it (on_env)
    kept: list = field(default_factory=list)  # the files of the pages the build cache kept, written in on_env
    files: object = None
