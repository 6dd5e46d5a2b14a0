"""Open data, feeds and the Open Civic Data shape, built from the same views as the pages.

Every function here returns plain data or text; :func:`all_outputs` lists every file
with its site-relative path, so the hook only writes them. Counts always agree with the
pages because everything comes from one :class:`~portal.views.Portal`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from xml.etree import ElementTree as ET

from .ical import CalendarWriter
from .model import Meeting
from .pages import Urls
from .plaintext import first_paragraph
from .views import CommitmentView, Portal

TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh has had no DST since 1975
OCD_NAMESPACE = uuid.UUID("6f2c1c4e-3d0a-5b8e-9a51-7a0b2c1d9e11")  # fixed: OCD ids stay stable


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def summary(meeting: Meeting, limit: int = 300) -> str:
    """The bulletin's first paragraph as plain text, for feeds, descriptions and link previews."""
    return first_paragraph(meeting.body, limit)


def meeting_moment(meeting: Meeting) -> dt.datetime:
    """A timestamp for formats that need one: the meeting's time, else the start of its date period."""
    start = meeting.date.start
    hour, minute = (int(x) for x in meeting.time.split(":")) if meeting.time else (0, 0)
    return dt.datetime(start.year, start.month, start.day, hour, minute, tzinfo=TZ)


def start_iso(meeting: Meeting) -> str:
    """ISO 8601 start as precise as the bulletin: "2020-02-12T14:00:00+07:00", "2020-02-12" or "2018"."""
    if meeting.time and meeting.date.precision == "day":
        return meeting_moment(meeting).isoformat()
    return meeting.date.iso


def _date(value) -> str | None:
    return value.iso if value is not None else None


# --- JSON and CSV -------------------------------------------------------------------

def meeting_record(p: Portal, m: Meeting, site_url: str) -> dict:
    kind = p.kind(m.kind)
    return {
        "id": m.key,
        "url": absolute(site_url, m.url),
        "title": m.title,
        "date": m.date.iso,
        "date_precision": m.date.precision,
        "date_note": m.date_note,
        "time": m.time,
        "session": m.session,
        "start": start_iso(m),
        "status": p.status_of(m),
        "kind": m.kind,
        "kind_name": kind.name if kind else None,
        "location": m.location,
        "chairs": [{"person": c.person, "name": p.person(c.person).name if p.person(c.person) else None,
                    "role": c.role} for c in m.chairs],
        "organizations": list(m.organizations),
        "topics": list(m.topics),
        "published": m.published.isoformat() if m.published else None,
        "author": m.author,
        "summary": summary(m),
        "sources": [{"title": s.title, "url": s.url} for s in m.sources],
        "commitments": [c.id for c in m.commitments],
        "reviews": [{"commitment": r.commitment, "status": r.status, "note": r.note,
                     "evidence": [{"title": e.title, "url": e.url} for e in r.evidence]} for r in m.reviews],
    }


def commitment_record(p: Portal, v: CommitmentView, site_url: str) -> dict:
    c = v.commitment
    return {
        "id": c.id,
        "url": absolute(site_url, v.url),
        "text": c.text,
        "meeting": v.meeting.key,
        "meeting_title": v.meeting.title,
        "meeting_date": v.meeting.date.iso,
        "owners": list(c.owners),
        "partners": list(c.partners),
        "due": _date(c.due),
        "initial_status": c.status,
        "status": v.reported_status,
        "status_label": v.status_label,
        "overdue": v.overdue,
        "last_review_date": v.last_review.meeting.date.iso if v.last_review else None,
        "reviews": [{"meeting": r.meeting.key, "date": r.meeting.date.iso, "status": r.status, "note": r.note,
                     "evidence": [{"title": e.title, "url": e.url} for e in r.evidence]} for r in v.reviews],
    }


def _envelope(p: Portal, key: str, items: list) -> dict:
    return {"as_of": p.as_of.isoformat(), "count": len(items), key: items}


def meetings_json(p: Portal, site_url: str) -> dict:
    return _envelope(p, "meetings", [meeting_record(p, m, site_url) for m in p.meetings_newest])


def commitments_json(p: Portal, site_url: str) -> dict:
    return _envelope(p, "commitments", [commitment_record(p, v, site_url) for v in p.commitments])


CSV_COLUMNS = ["id", "text", "meeting", "meeting_title", "meeting_date", "owners", "owner_names", "partners",
               "due", "status", "status_label", "overdue", "last_review_date", "url"]


def commitments_csv(p: Portal, site_url: str) -> str:
    """UTF-8 with BOM (Excel reads Vietnamese correctly only then), one row per commitment."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for v in p.commitments:
        r = commitment_record(p, v, site_url)
        names = [p.org(k).name if p.org(k) else k for k in r["owners"]]
        writer.writerow([r["id"], r["text"], r["meeting"], r["meeting_title"], r["meeting_date"],
                         "; ".join(r["owners"]), "; ".join(names), "; ".join(r["partners"]), r["due"] or "",
                         r["status"] or "", r["status_label"], "yes" if r["overdue"] else "no",
                         r["last_review_date"] or "", r["url"]])
    return "\ufeff" + out.getvalue()


def organizations_json(p: Portal, site_url: str) -> dict:
    items = []
    for key, o in p.registries.organizations.items():
        v = p.org_view(key)
        items.append({"id": key, "url": absolute(site_url, Urls.org(key)), "name": o.name, "short": o.short,
                      "aliases": list(o.aliases), "kind": o.kind, "parent": o.parent,
                      "valid_from": _date(o.valid_from), "valid_until": _date(o.valid_until),
                      "successor": o.successor, "website": o.url, "meetings": len(v.meetings),
                      "commitments_owned": len(v.owned), "commitments_overdue": v.overdue_count,
                      "status_counts": {s.key: s.count for s in v.breakdown}})
    return _envelope(p, "organizations", items)


def people_json(p: Portal, site_url: str) -> dict:
    items = [{"id": key, "url": absolute(site_url, Urls.person(key)), "name": person.name,
              "aliases": list(person.aliases),
              "positions": [{"title": pos.title, "organization": pos.organization, "from": _date(pos.start),
                             "until": _date(pos.until)} for pos in person.positions],
              "meetings_chaired": [m.key for m, _ in p.person_view(key).chaired]}
             for key, person in p.registries.people.items()]
    return _envelope(p, "people", items)


def topics_json(p: Portal, site_url: str) -> dict:
    items = [{"id": key, "url": absolute(site_url, Urls.topic(key)), "name": t.name, "aliases": list(t.aliases),
              "description": t.description, "meetings": [m.key for m in p.topic_view(key).meetings]}
             for key, t in p.registries.topics.items()]
    return _envelope(p, "topics", items)


# --- Open Civic Data ------------------------------------------------------------------

OCD_STATUS = {"held": "passed", "scheduled": "confirmed", "postponed": "tentative", "cancelled": "cancelled"}


def ocd_events(p: Portal, site_url: str) -> dict:
    """Meetings as Open Civic Data Events; commitments become agenda items (see README)."""
    events = []
    for m in p.meetings_newest:
        url = absolute(site_url, m.url)
        participants = [{"name": p.org(k).name if p.org(k) else k, "type": "organization", "entity_id": k,
                         "note": "host" if i == 0 else "participant"} for i, k in enumerate(m.organizations)]
        participants += [{"name": p.person(c.person).name if p.person(c.person) else c.person, "type": "person",
                          "entity_id": c.person, "note": "chair" + (f": {c.role}" if c.role else "")}
                         for c in m.chairs]
        agenda = [{"description": c.text, "order": str(i), "subjects": [],
                   "notes": [f"commitment:{c.id}", f"owners:{','.join(c.owners)}"],
                   "related_entities": [{"name": p.org(k).name if p.org(k) else k, "entity_type": "organization",
                                         "entity_id": k, "note": "owner"} for k in c.owners]}
                  for i, c in enumerate(m.commitments, 1)]
        events.append({
            "_type": "event",
            "id": f"ocd-event/{uuid.uuid5(OCD_NAMESPACE, m.key)}",
            "name": m.title,
            "description": summary(m),
            "classification": (p.kind(m.kind).name if p.kind(m.kind) else m.kind),
            "start_date": start_iso(m),
            "end_date": "",
            "all_day": not bool(m.time),
            "timezone": "Asia/Ho_Chi_Minh",
            "status": OCD_STATUS[p.status_of(m)],
            "location": {"name": m.location or "", "note": "", "coordinates": None},
            "participants": participants,
            "agenda": agenda,
            "media": [],
            "documents": [],
            "links": [{"url": url, "note": "Trang bản tin"}],
            "sources": [{"url": s.url, "note": s.title or ""} for s in m.sources] or [{"url": url, "note": "Bản tin"}],
            "extras": {"meeting_id": m.key, "date_precision": m.date.precision},
        })
    return _envelope(p, "events", events)


# --- feeds ------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50  # latest entries per feed, as feed readers expect; the full record is in data/*.json


def _feed_entries(p: Portal, meetings: list[Meeting], site_url: str):
    for m in meetings:
        url = absolute(site_url, m.url)
        published = m.published or meeting_moment(m)
        yield m, url, published, f"{m.date.long_vi()}. {summary(m)}".strip()


def atom_feed(p: Portal, meetings: list[Meeting], title: str, feed_path: str, page_path: str,
              site_url: str) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = absolute(site_url, feed_path)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=absolute(site_url, feed_path))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=absolute(site_url, page_path))
    entries = list(_feed_entries(p, meetings, site_url))
    updated = max((e[2] for e in entries), default=dt.datetime(p.as_of.year, p.as_of.month, p.as_of.day, tzinfo=TZ))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated.isoformat()
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Thành phố Thanh Hóa"
    for m, url, published, text in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = m.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = published.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = published.isoformat()
        if m.author:
            a = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(a, f"{{{ATOM}}}name").text = m.author
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="text").text = text
        kind = p.kind(m.kind)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=m.kind, label=kind.name if kind else m.kind)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def json_feed(p: Portal, meetings: list[Meeting], title: str, feed_path: str, page_path: str,
              site_url: str) -> dict:
    items = []
    for m, url, published, text in _feed_entries(p, meetings, site_url):
        item = {"id": url, "url": url, "title": m.title, "content_text": text, "summary": summary(m),
                "date_published": published.isoformat(), "language": "vi",
                "tags": [m.kind, *m.topics],
                "_portal": {"meeting_date": m.date.iso, "published": m.published.isoformat() if m.published else None,
                            "status": p.status_of(m)}}
        if m.author:
            item["authors"] = [{"name": m.author}]
        items.append(item)
    return {"version": "https://jsonfeed.org/version/1.1", "title": title, "language": "vi",
            "home_page_url": absolute(site_url, page_path), "feed_url": absolute(site_url, feed_path),
            "items": items}


# --- everything ---------------------------------------------------------------------------

def _json(data) -> str:
    # Compact: json's C encoder is used only without indent (5x faster on large exports).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def feed_targets(p: Portal) -> list[tuple[str, str, list[Meeting]]]:
    """(folder, feed title, meetings newest first) for the site, each body and each topic."""
    targets = [("", "Hội nghị phối hợp thành phố Thanh Hóa", p.meetings_newest)]
    targets += [(Urls.org(k), f"Hội nghị có {o.label} tham dự", p.org_view(k).meetings)
                for k, o in p.registries.organizations.items()]
    targets += [(Urls.topic(k), f"Hội nghị về {t.name.lower()}", p.topic_view(k).meetings)
                for k, t in p.registries.topics.items()]
    return targets


def all_outputs(p: Portal, site_url: str) -> dict[str, str]:
    """Site-relative path -> file text, for every data file, feed and calendar."""
    out = {
        "data/meetings.json": _json(meetings_json(p, site_url)),
        "data/commitments.json": _json(commitments_json(p, site_url)),
        "data/commitments.csv": commitments_csv(p, site_url),
        "data/organizations.json": _json(organizations_json(p, site_url)),
        "data/people.json": _json(people_json(p, site_url)),
        "data/topics.json": _json(topics_json(p, site_url)),
        "data/ocd-events.json": _json(ocd_events(p, site_url)),
    }
    calendars = CalendarWriter(p, site_url)
    out["meetings.ics"] = calendars.calendar(p.meetings_newest, "Hội nghị phối hợp thành phố Thanh Hóa")
    for folder, title, meetings in feed_targets(p):
        latest = meetings[:FEED_SIZE]
        out[f"{folder}feed.xml"] = atom_feed(p, latest, title, f"{folder}feed.xml", folder, site_url)
        out[f"{folder}feed.json"] = _json(json_feed(p, latest, title, f"{folder}feed.json", folder, site_url))
    for key, o in p.registries.organizations.items():
        out[f"{Urls.org(key)}meetings.ics"] = calendars.calendar(p.org_view(key).meetings,
                                                                 f"Hội nghị có {o.label} tham dự")
    out["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"
    return out




SITEMAP_CHUNK = 10000
_SM = "http://www.sitemaps.org/schemas/sitemap/0.9"


def split_sitemap(site_dir, site_url: str) -> None:
    """Turn MkDocs' sitemap.xml into a sitemap index over files of at most 10,000 URLs.

    Material's script fetches sitemap.xml whenever a page has a <link rel="alternate">
    (our feeds): at 10,000 bulletins the flat sitemap is 48 KB gzip, fetched twice on
    every page view. The index is a few hundred bytes, and large sites need one anyway.
    """
    import gzip as _gzip
    from pathlib import Path

    site = Path(site_dir)
    path = site / "sitemap.xml"
    if not path.exists():
        return
    root = ET.fromstring(path.read_bytes())
    urls = root.findall(f"{{{_SM}}}url")
    ET.register_namespace("", _SM)
    index = ET.Element(f"{{{_SM}}}sitemapindex")
    (site / "sitemaps").mkdir(exist_ok=True)
    for n, start in enumerate(range(0, max(len(urls), 1), SITEMAP_CHUNK), 1):
        chunk = ET.Element(f"{{{_SM}}}urlset")
        chunk.extend(urls[start:start + SITEMAP_CHUNK])
        ET.indent(chunk)
        (site / f"sitemaps/sitemap-{n}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(chunk, encoding="unicode") + "\n", encoding="utf-8")
        entry = ET.SubElement(index, f"{{{_SM}}}sitemap")
        ET.SubElement(entry, f"{{{_SM}}}loc").text = absolute(site_url, f"sitemaps/sitemap-{n}.xml")
        lastmods = [u.findtext(f"{{{_SM}}}lastmod") for u in urls[start:start + SITEMAP_CHUNK]]
        if any(lastmods):
            ET.SubElement(entry, f"{{{_SM}}}lastmod").text = max(x for x in lastmods if x)
    ET.indent(index)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(index, encoding="unicode") + "\n"
    path.write_text(text, encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(_gzip.compress(text.encode("utf-8"), mtime=0))
