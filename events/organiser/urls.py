"""Organisers' admin URLs (registered with Wagtail's admin in events/wagtail_hooks.py)."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from wagtail.admin.localization import get_localized_response

from events.organiser import reports, views

_schedule_widget_catalog = JavaScriptCatalog.as_view(packages=["recurrence"])


def schedule_widget_catalog(request):
    """django-recurrence's own wording for its widget (rule, weekly, until...), in the
    organiser's admin language as Wagtail's catalogue is. The package looks for the view it
    needs under a name Django no longer has, so without this the widget is English only."""
    return get_localized_response(_schedule_widget_catalog, request)


urlpatterns = [
    path("schedule-widget/jsi18n/", schedule_widget_catalog, name="events_schedule_widget_catalog"),
    path("attendees/", views.dates, name="events_dates"),
    path("attendees/<int:occurrence_id>/", views.attendee_list, name="events_attendees"),
    path("attendees/<int:occurrence_id>/change/", views.change, name="events_change"),
    path("attendees/<int:occurrence_id>/add/", views.add, name="events_add"),
    path("attendees/<int:occurrence_id>/attendees.csv", views.export, name="events_export"),
    path("attendees/<int:occurrence_id>/check-in/", views.checkin, name="events_checkin"),
    path("attendees/<int:occurrence_id>/walk-ins/", views.walk_in, name="events_walk_in"),
    path("attendees/<int:occurrence_id>/message/", views.message, name="events_message"),
    path("email-problems/", views.email_problem_list, name="events_email_problems"),
    path("email-problems/<int:email_id>/resend/", views.resend_email, name="events_email_resend"),
    path("reports/attendance/", reports.attendance, name="events_report_attendance"),
    path(
        "reports/attendance/export.csv",
        reports.export,
        {"fmt": "csv"},
        name="events_report_attendance_csv",
    ),
    path(
        "reports/attendance/export.xlsx",
        reports.export,
        {"fmt": "xlsx"},
        name="events_report_attendance_xlsx",
    ),
    path("reports/feedback/", reports.feedback, name="events_report_feedback"),
    path("reports/feedback/<int:event_id>/", reports.comments, name="events_report_comments"),
]
