"""Visitors' URLs: RSVPs under /rsvp/ and calendar feeds under /feeds/ (site/urls.py mounts them).

Manage links carry the booking's secret token. Feeds are stable .ics URLs outside Wagtail's page
router; ``mine/<secret>.ics`` is one person's bookings, at a secret and revocable URL shown only
on their booking page, never cached under a shared key nor linked from a public page.
"""

from django.urls import path

from events.public import feeds, views

rsvp_urlpatterns = (
    [
        path("<int:occurrence_id>/", views.book_view, name="book"),
        path("<int:occurrence_id>/outcome/", views.outcome_view, name="outcome"),
        path("manage/<str:token>/", views.manage_view, name="manage"),
        path("manage/<str:token>/cancel/", views.cancel_view, name="cancel"),
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
        path("mine/<str:secret>.ics", feeds.personal_feed, name="personal"),
    ],
    "feeds",
)
