"""Visitors' URLs: RSVPs under /rsvp/, calendar feeds under /feeds/, the anonymous feedback page
under /feedback/ (site/urls.py mounts them).

Manage links carry the booking's secret token. Feeds are stable .ics URLs outside Wagtail's page
router; ``mine/<secret>.ics`` is one person's bookings, at a secret and revocable URL shown only
on their booking page, never cached under a shared key nor linked from a public page.
"""

from django.urls import path, register_converter

from events.models import TOKEN_PATTERN
from events.public import feedback, feeds, views


class TokenConverter:
    """A manage token or feed secret: only the characters ``new_token`` uses (no NUL, no dot)."""

    regex = TOKEN_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

rsvp_urlpatterns = (
    [
        path("token/", views.token_view, name="token"),
        path("<int:occurrence_id>/", views.book_view, name="book"),
        path("<int:occurrence_id>/outcome/", views.outcome_view, name="outcome"),
        path("manage/<token:token>/", views.manage_view, name="manage"),
        path("manage/<token:token>/cancel/", views.cancel_view, name="cancel"),
        path("manage/<token:token>/accept/", views.accept_view, name="accept"),
        path("join/<int:event_id>/", views.join_view, name="join"),
        path("join/<int:event_id>/sent/", views.join_sent_view, name="join_sent"),
    ],
    "rsvp",
)

feed_urlpatterns = (
    [
        path("all.ics", feeds.all_feed, name="all"),
        path("category/<slug:slug>.ics", feeds.category_feed, name="category"),
        path("venue/<slug:slug>.ics", feeds.venue_feed, name="venue"),
        path("gathering/<slug:slug>.ics", feeds.gathering_feed, name="gathering"),
        path("gathering/<slug:slug>/<str:day>.ics", feeds.occurrence_feed, name="occurrence"),
        path("mine/<token:secret>.ics", feeds.personal_feed, name="personal"),
    ],
    "feeds",
)

feedback_urlpatterns = (
    [
        path("thanks/", feedback.thanks_view, name="thanks"),
        path("<str:token>/", feedback.answer_view, name="answer"),
    ],
    "feedback",
)
