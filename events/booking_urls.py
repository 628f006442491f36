"""RSVP URLs under /rsvp/ (filled in by the RSVP work)."""

app_name = "rsvp"
urlpatterns = []
