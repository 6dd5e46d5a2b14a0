"""What machines read in a page's head: Open Graph, Twitter cards and schema.org JSON-LD."""

from __future__ import annotations

from portal.content.model import Meeting, Organization
from portal.content.present import absolute, script_json, summary

SITE_CARD = "assets/previews/site.png"
EVENT_STATUS = {"held": "EventScheduled", "scheduled": "EventScheduled", "postponed": "EventPostponed",
                "cancelled": "EventCancelled"}


def preview_path(meeting: Meeting) -> str:
    """Site-relative path of a meeting's link-preview image; follows its stable URL."""
    return f"assets/previews/{meeting.src_uri[:-3]}.png"


def card_lines(meeting: Meeting) -> tuple[str, ...]:
    bodies = " · ".join(o.label for o in meeting.organizations)
    return tuple(x for x in (meeting.date.long_vi(), bodies) if x)


def _org_ld(org: Organization, site_url: str) -> dict:
    data = {"@type": "GovernmentOrganization", "name": org.name, "url": absolute(site_url, org.url)}
    if org.short or org.aliases:
        data["alternateName"] = list(dict.fromkeys([x for x in [org.short, *org.aliases] if x]))
    return data


def _place_ld(m: Meeting) -> dict:
    """Where a meeting was: the bulletin's location, in the host body's locality and its province."""
    place = m.host.locality if m.host else None
    units = []
    while place is not None and place not in units:
        units.append(place)
        place = place.parent
    address = {"@type": "PostalAddress", "addressCountry": "VN"}
    if units:
        address["addressLocality"] = units[0].name
        if len(units) > 1:
            address["addressRegion"] = units[-1].name
    return {"@type": "Place", "name": m.location or (units[0].name if units else "Việt Nam"), "address": address}


def event_ld(m: Meeting, site_url: str) -> dict:
    url = absolute(site_url, m.url)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": m.title,
        "startDate": m.start_iso,
        "eventStatus": f"https://schema.org/{EVENT_STATUS[m.status]}",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _place_ld(m),
        "url": url,
        "description": summary(m),
        "image": absolute(site_url, preview_path(m)),
        "inLanguage": "vi",
    }
    if m.host:
        data["organizer"] = _org_ld(m.host, site_url)
    attendees = [_org_ld(o, site_url) for o in m.organizations[1:]]
    attendees += [{"@type": "Person", "name": c.person.name, "jobTitle": c.role} for c in m.chairs if c.person]
    if attendees:
        data["attendee"] = attendees
    return data


def organization_ld(org: Organization, site_url: str) -> dict:
    data = {"@context": "https://schema.org", **_org_ld(org, site_url)}
    if org.parent:
        data["parentOrganization"] = _org_ld(org.parent, site_url)
    if org.valid_from:
        data["foundingDate"] = org.valid_from.iso
    if org.valid_until:
        data["dissolutionDate"] = org.valid_until.iso
    if org.website:
        data["sameAs"] = org.website
    return data


def page_head(*, title: str, description: str, canonical: str, site_url: str, site_name: str,
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
        ld.append(script_json(event_ld(meeting, site_url)))
    if org:
        ld.append(script_json(organization_ld(org, site_url)))
    return {"og": og, "twitter": twitter, "json_ld": ld}
