"""RSVP URLs under /rsvp/. Manage links carry the booking's secret token."""

from django.urls import path

from events import booking_views as views

app_name = "rsvp"
urlpatterns = [
    path("<int:occurrence_id>/", views.book_view, name="book"),
    path("<int:occurrence_id>/outcome/", views.outcome_view, name="outcome"),
    path("manage/<str:token>/", views.manage_view, name="manage"),
    path("manage/<str:token>/cancel/", views.cancel_view, name="cancel"),
]
