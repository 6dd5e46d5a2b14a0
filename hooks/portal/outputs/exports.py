"""Open data, feeds and the Open Civic Data shape, built from the linked model.

Every function here returns plain data or text; :func:`all_outputs` lists every file
with its site-relative path, so the hook only writes them. The data files' records
are declared in :mod:`portal.fields`. Counts always agree with the pages because
everything comes from one :class:`~portal.views.Portal`.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from portal.contract import routes
from portal.outputs.fields import EXPORTS, Ctx
from portal.outputs.made import Made, fresh
from portal.content.model import TZ, Meeting
from portal.content.present import absolute, summary
from portal.contract.sanitize import csv_document, xml_text
from portal.content.views import Portal

OCD_NAMESPACE = uuid.UUID("6f2c1c4e-3d0a-5b8e-9a51-7a0b2c1d9e11")  # fixed: OCD ids stay stable


# --- JSON and CSV -------------------------------------------------------------------

def data_files(p: Portal, site_url: str) -> dict[str, str]:
    """Every data file of :data:`portal.fields.EXPORTS`: JSON, and CSV where declared."""
    return dict(iter_data_files(p, site_url))


def iter_data_files(p: Portal, site_url: str, made: Made = fresh):
    ctx = Ctx(site_url, made)
    for export in EXPORTS:
        items = export.items(p)
        records = [export.record.to_json(item, ctx) for item in items]
        yield export.path, _json({"as_of": p.as_of.isoformat(), "count": len(records), export.key: records})
        del records
        if export.csv:
            yield export.csv, _csv(export.record, items, ctx)


def _csv(record, items, ctx: Ctx) -> str:
    """One row per item (sanitize.csv_document: UTF-8 with BOM, formulas as text)."""
    return csv_document(record.csv_header(), (record.csv_row(item, ctx) for item in items))


# --- Open Civic Data ------------------------------------------------------------------

OCD_STATUS = {"held": "passed", "scheduled": "confirmed", "postponed": "tentative", "cancelled": "cancelled"}


def ocd_events(p: Portal, site_url: str, made: Made = fresh) -> dict:
    """Meetings as Open Civic Data Events; commitments become agenda items (see README)."""
    events, ctx = [], Ctx(site_url, made)
    for m in p.meetings_newest:
        url = absolute(site_url, m.url)
        participants = [{"name": o.name, "type": "organization", "entity_id": o.key,
                         "note": "host" if i == 0 else "participant"} for i, o in enumerate(m.organizations)]
        participants += [{"name": c.person.name, "type": "person", "entity_id": c.person.key,
                          "note": "chair" + (f": {c.role}" if c.role else "")} for c in m.chairs]
        agenda = [{"description": c.text, "order": str(i), "subjects": [],
                   "notes": [f"commitment:{c.id}", f"owners:{','.join(o.key for o in c.owners)}"],
                   "related_entities": [{"name": o.name, "entity_type": "organization", "entity_id": o.key,
                                         "note": "owner"} for o in c.owners]}
                  for i, c in enumerate(m.commitments, 1)]
        events.append({
            "_type": "event",
            "id": f"ocd-event/{uuid.uuid5(OCD_NAMESPACE, m.key)}",
            "name": m.title,
            "description": ctx.summary(m),
            "classification": m.kind.name,
            "start_date": m.start_iso,
            "end_date": "",
            "all_day": not bool(m.time),
            "timezone": "Asia/Ho_Chi_Minh",
            "status": OCD_STATUS[m.status],
            "location": {"name": m.location or "", "note": "", "coordinates": None},
            "participants": participants,
            "agenda": agenda,
            "media": [],
            "documents": [],
            "links": [{"url": url, "note": "Trang bản tin"}],
            "sources": [{"url": s.url, "note": s.title or ""} for s in m.sources] or [{"url": url, "note": "Bản tin"}],
            "extras": {"meeting_id": m.key, "date_precision": m.date.precision},
        })
    return {"as_of": p.as_of.isoformat(), "count": len(events), "events": events}


# --- feeds ------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50  # latest entries per feed, as feed readers expect; the full record is in data/*.json


@dataclass
class FeedEntry:
    """One entry of a feed, whatever it reports (a bulletin, a change)."""

    id: str
    url: str
    title: str
    published: dt.datetime
    summary: str
    author: str | None = None
    category: tuple[str, str] | None = None  # (term, label)
    tags: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # JSON Feed's _portal


def meeting_entries(meetings: list[Meeting], site_url: str) -> list[FeedEntry]:
    out = []
    for m in meetings:
        url = absolute(site_url, m.url)
        out.append(FeedEntry(url, url, m.title, m.published or m.moment, f"{m.date.long_vi()}. {summary(m)}".strip(),
                             m.author, (m.kind_key, m.kind.name), [m.kind_key, *m.topic_keys],
                             {"meeting_date": m.date.iso, "published": m.published.isoformat() if m.published else None,
                              "status": m.status}))
    return out


def atom(entries: list[FeedEntry], title: str, feed_path: str, page_path: str, site_url: str,
         updated: dt.datetime, author_name: str) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = absolute(site_url, feed_path)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=absolute(site_url, feed_path))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=absolute(site_url, page_path))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated.isoformat()
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = author_name
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = e.id
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=e.url)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = e.published.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = e.published.isoformat()
        if e.author:
            a = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(a, f"{{{ATOM}}}name").text = e.author
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="text").text = e.summary
        if e.category:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=e.category[0], label=e.category[1])
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + xml_text(ET.tostring(feed, encoding="unicode")) + "\n"


def json_feed_of(entries: list[FeedEntry], title: str, feed_path: str, page_path: str, site_url: str) -> dict:
    items = []
    for e in entries:
        item = {"id": e.id, "url": e.url, "title": e.title, "content_text": e.summary, "summary": e.summary,
                "date_published": e.published.isoformat(), "language": "vi", "tags": e.tags, "_portal": e.extra}
        if e.author:
            item["authors"] = [{"name": e.author}]
        items.append(item)
    return {"version": "https://jsonfeed.org/version/1.1", "title": title, "language": "vi",
            "home_page_url": absolute(site_url, page_path), "feed_url": absolute(site_url, feed_path),
            "items": items}


def feed_files(route: routes.Route, params: dict, entries: list[FeedEntry], title: str, site_url: str,
               as_of: dt.date, author_name: str, made: Made = fresh) -> dict[str, str]:
    """The route's feeds (Atom and JSON Feed) beside the page at these parameters. ``made``: see
    :mod:`portal.outputs.made` (a feed is kept by its entries and titles)."""
    folder, out = route.url(**params), {}
    # The newest entry's time; the as-of date only for a feed with no entry, so that the same
    # entries give the same feed whatever the day.
    updated = max((e.published for e in entries), default=dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=TZ))
    for output, path in route.follow(**params):
        inputs = (path, folder, entries, title, site_url, updated, author_name)
        if output is routes.FEEDS[0]:
            out[path] = made("atom", inputs, lambda: atom(entries, title, path, folder, site_url, updated, author_name))
        elif output is routes.FEEDS[1]:
            out[path] = made("json-feed", inputs, lambda: _json(json_feed_of(entries, title, path, folder, site_url)))
    return out


# --- everything ---------------------------------------------------------------------------

def _json(data) -> str:
    # Compact: json's C encoder is used only without indent (5x faster on large exports).
    return xml_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"))) + "\n"


def all_outputs(p: Portal, site_url: str) -> dict[str, str]:
    """Site-relative path -> file text, for every data file (feeds and calendars: portal.site.follow)."""
    return dict(iter_outputs(p, site_url))


def iter_outputs(p: Portal, site_url: str, made: Made = fresh):
    """(path, text) of :func:`all_outputs`, each made when the one before is written. ``made``: the
    bulletins' summaries kept by their text (:mod:`portal.outputs.made`)."""
    yield from iter_data_files(p, site_url, made)
    yield "data/ocd-events.json", _json(ocd_events(p, site_url, made))
    yield "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"


SITEMAP_CHUNK = 10000
_SM = "http://www.sitemaps.org/schemas/sitemap/0.9"


def split_sitemap(sitemap_xml: bytes, site_url: str) -> dict[str, bytes]:
    """MkDocs' sitemap.xml as a sitemap index over files of at most 10,000 URLs: path -> bytes.

    Material's script fetches sitemap.xml whenever a page has a <link rel="alternate">
    (our feeds): at 10,000 bulletins the flat sitemap is 48 KB gzip, fetched twice on
    every page view. The index is a few hundred bytes, and large sites need one anyway.
    """
    import gzip

    root = ET.fromstring(sitemap_xml)
    urls = root.findall(f"{{{_SM}}}url")
    ET.register_namespace("", _SM)
    index = ET.Element(f"{{{_SM}}}sitemapindex")
    out: dict[str, bytes] = {}
    for n, start in enumerate(range(0, max(len(urls), 1), SITEMAP_CHUNK), 1):
        chunk = ET.Element(f"{{{_SM}}}urlset")
        chunk.extend(urls[start:start + SITEMAP_CHUNK])
        ET.indent(chunk)
        out[f"sitemaps/sitemap-{n}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(chunk, encoding="unicode") + "\n").encode()
        entry = ET.SubElement(index, f"{{{_SM}}}sitemap")
        ET.SubElement(entry, f"{{{_SM}}}loc").text = absolute(site_url, f"sitemaps/sitemap-{n}.xml")
        lastmods = [u.findtext(f"{{{_SM}}}lastmod") for u in urls[start:start + SITEMAP_CHUNK]]
        if any(lastmods):
            ET.SubElement(entry, f"{{{_SM}}}lastmod").text = max(x for x in lastmods if x)
    ET.indent(index)
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(index, encoding="unicode") + "\n").encode()
    out["sitemap.xml"] = text
    out["sitemap.xml.gz"] = gzip.compress(text, mtime=0)
    return out
