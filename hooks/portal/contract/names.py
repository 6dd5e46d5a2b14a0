"""Where a bulletin lives: the one file-name rule every tool shares.

``docs/meetings/YYYY/YYYY-MM-DD-<slug>.md`` (``YYYY-<slug>.md`` when only the year
is known), the slug being the title folded to ASCII, cut at a word boundary to at
most :data:`SLUG_WORDS` words and :data:`SLUG_CHARS` characters. The loader's
hint, the importer, the new-bulletin helper and the editor all call
:func:`bulletin_src_uri`.
"""

from __future__ import annotations

from portal.contract.dates import PartialDate
from portal.contract.text import slugify

MEETINGS_DIR = "meetings"
SLUG_WORDS = 8
SLUG_CHARS = 60
FALLBACK_SLUG = "ban-tin"


def title_slug(title: str | None) -> str:
    """``"Hội nghị giao ban quý I năm 2024"`` -> ``"hoi-nghi-giao-ban-quy-i-nam-2024"``."""
    out: list[str] = []
    for word in slugify(title or "").split("-"):
        if not word:
            continue
        if len(out) == SLUG_WORDS or len("-".join(out + [word])) > SLUG_CHARS:
            break
        out.append(word)
    return "-".join(out) or FALLBACK_SLUG


def date_prefix(date: PartialDate) -> str:
    return date.iso if date.precision == "day" else str(date.year)


def bulletin_src_uri(date: PartialDate, title: str | None) -> str:
    """Path under ``docs/``: ``meetings/2020/2020-02-12-giao-ban-ub-mttq.md``."""
    return f"{MEETINGS_DIR}/{date.year}/{date_prefix(date)}-{title_slug(title)}.md"
