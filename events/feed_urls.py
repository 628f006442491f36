"""Calendar feeds under /feeds/: stable .ics URLs outside Wagtail's page router.

A personal feed of one person's bookings (at a secret, revocable URL) belongs here once RSVPs
exist; it must never be cached under a shared key nor linked from a public page.
"""

from django.urls import path

from events import feed_views

app_name = "feeds"
urlpatterns = [
    path("all.ics", feed_views.all_feed, name="all"),
    path("category/<slug:slug>.ics", feed_views.category_feed, name="category"),
    path("venue/<slug:slug>.ics", feed_views.venue_feed, name="venue"),
    path("gathering/<slug:slug>.ics", feed_views.gathering_feed, name="gathering"),
    path("gathering/<slug:slug>/<str:day>.ics", feed_views.occurrence_feed, name="occurrence"),
]
