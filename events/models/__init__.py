"""The events app's models, one module per kind; ``events.models.X`` keeps working for all.

Snippets (categories, facilitators), pages (What's on, gatherings), stored occurrences, RSVPs
and requests to join. Django finds every model through this package, so no migration moved with
the modules.
"""

from events.models.join_requests import JoinRequest, JoinRequestQuerySet
from events.models.occurrences import Occurrence, OccurrenceQuerySet
from events.models.pages import AttendanceMode, EventIndexPage, EventPage, Intake
from events.models.rsvps import RSVP, RSVPQuerySet, new_token
from events.models.snippets import Category, Facilitator

__all__ = [
    "RSVP",
    "AttendanceMode",
    "Category",
    "EventIndexPage",
    "EventPage",
    "Facilitator",
    "Intake",
    "JoinRequest",
    "JoinRequestQuerySet",
    "Occurrence",
    "OccurrenceQuerySet",
    "RSVPQuerySet",
    "new_token",
]
