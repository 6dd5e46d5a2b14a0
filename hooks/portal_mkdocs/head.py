"""A page's head and feed links (MkDocs glue): the policy is the domain's (portal.site.meta),
decided from the page's route and view; this reads what MkDocs knows of the page."""

from __future__ import annotations

from markupsafe import Markup

from portal.contract.text import nfc
from portal.site import meta


def _plain(value):
    """A page text as written: on_env has escaped it for Material (events._escape_page_texts)."""
    return value.unescape() if isinstance(value, Markup) else value


def head_and_feeds(page, config, route: str | None, view, params: dict, number: int) -> tuple[dict, list[dict]]:
    title, description = meta.head_texts(route, view, _plain(page.meta.get("title") or page.title),
                                         _plain(page.meta.get("description")),
                                         config.site_name, config.site_description)
    head = meta.page_head(route=route, view=view, title=nfc(str(title)), description=nfc(str(description)),
                          canonical=page.canonical_url or "", site_url=config.site_url or "",
                          site_name=config.site_name)
    return head, meta.feed_links(config.site_name, route, params, number, view)
