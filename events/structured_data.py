"""schema.org JSON-LD for dates, so search engines show them with their status. Pure."""

import json

STATUS_SCHEDULED = "https://schema.org/EventScheduled"
STATUS_CANCELLED = "https://schema.org/EventCancelled"
STATUS_RESCHEDULED = "https://schema.org/EventRescheduled"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
MIXED = "https://schema.org/MixedEventAttendanceMode"


def place_json(venue, url=""):
    if venue is None:
        return {"@type": "VirtualLocation", "url": url}
    place = {
        "@type": "Place",
        "name": venue.title,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(
                venue.address_lines[:-1] if venue.postcode else venue.address_lines
            ),
            "postalCode": venue.postcode,
        },
    }
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return place


def occurrence_json(occurrence, *, url, image_url=""):
    """A schema.org Event for one date, with its status and where it happens."""
    event = occurrence.event
    status = STATUS_SCHEDULED
    if occurrence.is_cancelled:
        status = STATUS_CANCELLED
    elif occurrence.is_moved:
        status = STATUS_RESCHEDULED
    # The call's own link is for people who booked: a VirtualLocation points at the page.
    venue = None if event.is_online_only else occurrence.effective_venue
    if venue is None:
        mode, location = ONLINE, place_json(None, url)
    elif event.offers_online:
        mode, location = MIXED, [place_json(venue), place_json(None, url)]
    else:
        mode, location = OFFLINE, place_json(venue)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": occurrence.local_start.isoformat(),
        "endDate": occurrence.local_end.isoformat(),
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "location": location,
        "url": url,
        "isAccessibleForFree": event.cost.strip().lower() == "free",
    }
    if occurrence.is_moved and occurrence.start != occurrence.original_start:
        data["previousStartDate"] = occurrence.local_original_start.isoformat()
    if image_url:
        data["image"] = [image_url]
    return data


def json_ld(data):
    """JSON for a <script type="application/ld+json">, safe against closing the script early."""
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
