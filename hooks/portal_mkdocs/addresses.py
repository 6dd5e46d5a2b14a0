"""Glue: bulletins are published at their route's address, not at their file's path.

The files stay where the contract puts them (``docs/meetings/YYYY/<name>.md``); MkDocs would
publish them at ``meetings/YYYY/<name>/``. The route table (``routes.url_of_source``) gives
the address residents see (``hoi-nghi/YYYY/<name>/``); this sets each file's destination to
it before MkDocs reads the files, so links between pages, the nav and the sitemap follow.
"""

from __future__ import annotations

from portal.contract import routes


def publish_at_routes(files) -> None:
    """Set the destination of every page whose route publishes it elsewhere than its source path."""
    for file in files.documentation_pages(inclusion=lambda level: True):
        url = routes.url_of_source(file.src_uri)
        if file.src_uri.endswith(".md") and url != _mkdocs_url(file.src_uri):
            file.dest_uri = url + "index.html"
            file.url = url


def _mkdocs_url(src: str) -> str:
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[:-3] + "/"
