"""What machines read in a page's head: Open Graph, Twitter cards and schema.org JSON-LD."""

from __future__ import annotations

import json

from markupsafe import Markup

from .exports import absolute, start_iso, summary
from .model import Meeting, Organization
from .sanitize import xml_text
from .views import Portal

SITE_CARD = "assets/previews/site.png"
EVENT_STATUS = {"held": "EventScheduled", "scheduled": "EventScheduled", "postponed": "EventPostponed",
                "cancelled": "EventCancelled"}


def preview_path(meeting: Meeting) -> str:
    """Site-relative path of a meeting's link-preview image; follows its stable URL."""
    return f"assets/previews/{meeting.src_uri[:-3]}.png"


def card_lines(p: Portal, meeting: Meeting) -> tuple[str, ...]:
    bodies = " · ".join(p.org(k).label if p.org(k) else k for k in meeting.organizations)
    return tuple(x for x in (meeting.date.long_vi(), bodies) if x)


def json_ld(data: dict) -> Markup:
    """JSON for a <script> element: <, > and & as \\u escapes, so no value can end the script."""
    text = xml_text(json.dumps(data, ensure_ascii=False, indent=1))  # no lone surrogate or C1 control
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _org_ld(p: Portal, org: Organization, site_url: str) -> dict:
    from .pages import Urls

    data = {"@type": "GovernmentOrganization", "name": org.name, "url": absolute(site_url, Urls.org(org.key))}
    if org.short or org.aliases:
        data["alternateName"] = list(dict.fromkeys([x for x in [org.short, *org.aliases] if x]))
    return data


def event_ld(p: Portal, m: Meeting, site_url: str) -> dict:
    url = absolute(site_url, m.url)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": m.title,
        "startDate": start_iso(m),
        "eventStatus": f"https://schema.org/{EVENT_STATUS[p.status_of(m)]}",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": m.location or "Thành phố Thanh Hóa",
                     "address": {"@type": "PostalAddress", "addressLocality": "Thanh Hóa", "addressCountry": "VN"}},
        "url": url,
        "description": summary(m),
        "image": absolute(site_url, preview_path(m)),
        "inLanguage": "vi",
    }
    # The first body listed is the host: "UBND thành phố Thanh Hóa tổ chức Hội nghị …".
    hosts = [p.org(k) for k in m.organizations[:1] if p.org(k)]
    if hosts:
        data["organizer"] = _org_ld(p, hosts[0], site_url)
    attendees = [_org_ld(p, p.org(k), site_url) for k in m.organizations[1:] if p.org(k)]
    attendees += [{"@type": "Person", "name": p.person(c.person).name, "jobTitle": c.role}
                  for c in m.chairs if p.person(c.person)]
    if attendees:
        data["attendee"] = attendees
    return data


def organization_ld(p: Portal, org: Organization, site_url: str) -> dict:
    data = {"@context": "https://schema.org", **_org_ld(p, org, site_url)}
    if org.parent and p.org(org.parent):
        data["parentOrganization"] = _org_ld(p, p.org(org.parent), site_url)
    if org.valid_from:
        data["foundingDate"] = org.valid_from.iso
    if org.valid_until:
        data["dissolutionDate"] = org.valid_until.iso
    if org.url:
        data["sameAs"] = org.url
    return data


def page_head(p: Portal, *, title: str, description: str, canonical: str, site_url: str, site_name: str,
              meeting: Meeting | None = None, org: Organization | None = None) -> dict:
    """Everything the head partial draws: og/twitter properties and JSON-LD blocks."""
    image = absolute(site_url, preview_path(meeting) if meeting else SITE_CARD)
    og = {"og:type": "article" if meeting else "website", "og:site_name": site_name, "og:locale": "vi_VN",
          "og:title": title, "og:description": description, "og:url": canonical, "og:image": image,
          "og:image:width": "1200", "og:image:height": "630", "og:image:type": "image/png"}
    if meeting and meeting.published:
        og["article:published_time"] = meeting.published.isoformat()
    twitter = {"twitter:card": "summary_large_image", "twitter:title": title, "twitter:description": description,
               "twitter:image": image}
    ld = []
    if meeting:
        ld.append(json_ld(event_ld(p, meeting, site_url)))
    if org:
        ld.append(json_ld(organization_ld(p, org, site_url)))
    return {"og": og, "twitter": twitter, "json_ld": ld}
