"""The one place iCalendar text and UIDs are made, for public feeds and private calendars alike.

Every TEXT value Hearth writes (titles, notes, names, places, descriptions) goes through
``plain_text`` or ``one_line``; every UID is built by the functions here, on one domain
(``HEARTH_FEED_UID_DOMAIN``, else the host of ``BASE_URL``), so the same date or booking keeps
the same UID in every calendar it reaches.
"""

import datetime as dt
import re
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import vText

UTC = dt.UTC
# Control characters are not allowed in TEXT values (RFC 5545 3.3.11); line and paragraph
# separators are read as line breaks by some parsers, so they become real (escaped) newlines.
_NEWLINES = re.compile(r"\r\n|[\r\n\u0085\u2028\u2029]")
# Control characters, and the byte-order mark, which parsers strip wherever it stands.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff]")


def plain_text(value):
    """``value`` as safe plain text: normalised newlines, no control characters.

    icalendar (7.x) writes a literal backslash-N as an escaped line break, so one is made a line
    break here too: the feed then says exactly what this function promised (and it stays one
    property either way).
    """
    text = str(value or "").replace("\\N", "\n")
    return _CONTROLS.sub("", _NEWLINES.sub("\n", text))


def one_line(value):
    """``value`` as safe text on one line (calendar names: icalendar refuses line breaks)."""
    return " ".join(plain_text(value).split())


def text_value(value, *, single_line=False):
    """``value`` made safe (``plain_text`` or ``one_line``) as an iCalendar TEXT value.

    For properties icalendar does not know as TEXT (NAME, X-WR-CALNAME, X-WR-CALDESC): it would
    write them raw, leaving commas and semicolons unescaped and failing on a line break.
    """
    return vText(one_line(value) if single_line else plain_text(value))


def uid_domain():
    """The host-independent part of every UID: stable across requests, hosts and deploys."""
    configured = getattr(settings, "HEARTH_FEED_UID_DOMAIN", "")
    if configured:
        return configured
    return urlsplit(settings.BASE_URL).hostname or "hearth.invalid"


def series_uid(event):
    return f"gathering-{event.pk}@{uid_domain()}"


def occurrence_uid(occurrence):
    day = occurrence.date_slug.replace("-", "")
    return f"gathering-{occurrence.event_id}-{day}@{uid_domain()}"


def booking_uid(rsvp):
    """A booking's own UID: the same in its e-mail attachments and in the personal feed."""
    return f"rsvp-{rsvp.pk}@{uid_domain()}"
