"""Organisers' admin URLs (registered with Wagtail's admin in events/wagtail_hooks.py)."""

from django.urls import path

from events.organiser import views

urlpatterns = [
    path("attendees/", views.dates, name="events_dates"),
    path("attendees/<int:occurrence_id>/", views.attendee_list, name="events_attendees"),
    path("attendees/<int:occurrence_id>/change/", views.change, name="events_change"),
    path("attendees/<int:occurrence_id>/add/", views.add, name="events_add"),
    path("attendees/<int:occurrence_id>/attendees.csv", views.export, name="events_export"),
    path("attendees/<int:occurrence_id>/check-in/", views.checkin, name="events_checkin"),
    path("attendees/<int:occurrence_id>/message/", views.message, name="events_message"),
]
