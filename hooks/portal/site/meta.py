"""What machines read in a page's head: Open Graph, Twitter cards and schema.org JSON-LD."""

from __future__ import annotations

from portal.content.model import Meeting, Organization
from portal.content.present import absolute, script_json, summary
from portal.contract import routes

SITE_CARD = "assets/previews/site.png"
EVENT_STATUS = {"held": "EventScheduled", "scheduled": "EventScheduled", "postponed": "EventPostponed",
                "cancelled": "EventCancelled"}


def preview_path(meeting: Meeting) -> str:
    """Site-relative path of a meeting's link-preview image; follows its stable URL."""
    return f"assets/previews/{meeting.src_uri[:-3]}.png"


def card_lines(meeting: Meeting) -> tuple[str, ...]:
    bodies = " · ".join(o.label for o in meeting.organizations)
    return tuple(x for x in (meeting.date.long_vi(), bodies) if x)


def preview_cards(portal, site_name: str, site_description: str) -> dict[str, tuple[str | None, tuple]]:
    """Every link-preview image of the site: path -> (the bulletin it shows, or None for the
    site's card; what ``portal.outputs.preview`` draws)."""
    cards = {SITE_CARD: (None, (site_name, site_description or "", ()))}
    for m in portal.meetings:
        cards[preview_path(m)] = (m.src_uri, (site_name, m.title, card_lines(m)))
    return cards


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


# What a page of each route says about itself to machines: the JSON-LD of its view and
# whether it is an article with an image of its own. A route not listed is a "website" page.
STRUCTURED_DATA = {"meeting": lambda view, site_url: event_ld(view, site_url),
                   "org": lambda view, site_url: organization_ld(view, site_url)}
ARTICLES = {"meeting"}
DESCRIPTION_LIMIT = 200


def head_texts(route: str | None, view, title: str | None, description: str | None,
               site_name: str, site_description: str) -> tuple[str, str]:
    """Title and description of a page's head: an article's own, else the page's, else the site's."""
    if route in ARTICLES:
        return view.title, summary(view, DESCRIPTION_LIMIT) or site_description
    return title or site_name, description or site_description


def page_head(*, route: str | None, view, title: str, description: str, canonical: str, site_url: str,
              site_name: str) -> dict:
    """Everything the head partial draws for a page of ``route`` showing ``view``: og/twitter
    properties and JSON-LD blocks."""
    article = view if route in ARTICLES else None
    image = absolute(site_url, preview_path(article) if article else SITE_CARD)
    og = {"og:type": "article" if article else "website", "og:site_name": site_name, "og:locale": "vi_VN",
          "og:title": title, "og:description": description, "og:url": canonical, "og:image": image,
          "og:image:width": "1200", "og:image:height": "630", "og:image:type": "image/png"}
    if article and article.published:
        og["article:published_time"] = article.published.isoformat()
    twitter = {"twitter:card": "summary_large_image", "twitter:title": title, "twitter:description": description,
               "twitter:image": image}
    structured = STRUCTURED_DATA.get(route)
    ld = [script_json(structured(view, site_url))] if structured and view is not None else []
    return {"og": og, "twitter": twitter, "json_ld": ld}


def feed_links(site_name: str, route: str | None, params: dict, number: int, view) -> list[dict]:
    """The feeds a page offers: the site's on every page, and its own where its route has feeds
    (first page of a list only)."""
    links = _feed_links(lambda: site_name, "home", {})
    if route and route != "home" and number == 1:
        links += _feed_links(lambda: view.label, route, params)
    return links


def _feed_links(label, route: str, params: dict) -> list[dict]:
    return [{"type": output.media_type, "title": f"{label()} ({output.label})", "href": url}
            for output, url in routes.BY_NAME[route].follow(**params) if output in routes.FEEDS]
