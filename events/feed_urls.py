"""Calendar feeds under /feeds/: stable .ics URLs outside Wagtail's page router.

``mine/<secret>.ics`` is one person's bookings, at a secret and revocable URL shown only on
their booking page; it is never cached under a shared key nor linked from a public page.
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
    path("mine/<str:secret>.ics", feed_views.personal_feed, name="personal"),
]
