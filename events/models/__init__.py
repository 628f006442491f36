"""The events app's models, one module per kind; ``events.models.X`` keeps working for all.

Snippets (categories, facilitators), pages (What's on, gatherings), stored occurrences,
RSVPs, requests to join, anonymous feedback and the outbox of e-mails to bookers. Django
finds every model through this package, so no migration moved with the modules.
"""

from events.models.enrolments import Enrolment, EnrolmentQuerySet
from events.models.feed_state import FeedGeneration
from events.models.feedback import (
    AGREEMENT,
    FACES,
    FEELINGS,
    FeedbackAnswer,
    FeedbackInvitation,
)
from events.models.join_requests import JoinRequest, JoinRequestQuerySet
from events.models.occurrences import Occurrence, OccurrenceQuerySet
from events.models.outbox import OutboundEmail, OutboundEmailQuerySet, new_message_id
from events.models.pages import AttendanceMode, EventIndexPage, EventPage, Intake
from events.models.rsvps import RSVP, TOKEN_PATTERN, RSVPQuerySet, is_token_shaped, new_token
from events.models.snippets import Category, Facilitator

__all__ = [
    "AGREEMENT",
    "FACES",
    "FEELINGS",
    "RSVP",
    "AttendanceMode",
    "Category",
    "Enrolment",
    "EnrolmentQuerySet",
    "EventIndexPage",
    "EventPage",
    "Facilitator",
    "FeedbackAnswer",
    "FeedbackInvitation",
    "FeedGeneration",
    "Intake",
    "JoinRequest",
    "JoinRequestQuerySet",
    "Occurrence",
    "OccurrenceQuerySet",
    "OutboundEmail",
    "OutboundEmailQuerySet",
    "RSVPQuerySet",
    "new_message_id",
    "TOKEN_PATTERN",
    "is_token_shaped",
    "new_token",
]
