"""Calendar feeds under /feeds/ (filled in by the feeds work)."""

app_name = "feeds"
urlpatterns = []
