"""Presentation helpers shared by pages, feeds, exports and page metadata.

Plain functions over the linked model, no I/O: absolute URLs, the first-paragraph
summary of a bulletin, JSON that is safe inside a ``<script>`` element.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from portal.content.model import Meeting
from portal.content.plaintext import first_paragraph
from portal.contract.sanitize import xml_text


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def summary(meeting: Meeting, limit: int = 300) -> str:
    """The bulletin's first paragraph as plain text, for feeds, descriptions and link previews."""
    return first_paragraph(meeting.body, limit)


def script_json(data, indent: int | None = 1) -> Markup:
    """JSON for a <script> element: <, > and & as \\u escapes, so no value can end the script."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))
    text = xml_text(text)  # no lone surrogate or C1 control
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
