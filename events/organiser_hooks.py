"""Admin wiring for organisers' tools: URLs, menu, audit-log actions, dashboard panel.

Imported from EventsConfig.ready (wagtail_hooks.py holds the dates' viewset).
"""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from events import ics_import, organiser, organiser_views


@hooks.register("register_admin_urls")
def register_organiser_urls():
    return [
        path("attendees/", organiser_views.dates, name="events_dates"),
        path("attendees/<int:occurrence_id>/", organiser_views.attendees, name="events_attendees"),
        path("attendees/<int:occurrence_id>/change/", organiser_views.change, name="events_change"),
        path("attendees/<int:occurrence_id>/add/", organiser_views.add, name="events_add"),
        path(
            "attendees/<int:occurrence_id>/attendees.csv",
            organiser_views.export,
            name="events_export",
        ),
        path(
            "attendees/<int:occurrence_id>/check-in/",
            organiser_views.checkin,
            name="events_checkin",
        ),
        path(
            "attendees/<int:occurrence_id>/message/", organiser_views.message, name="events_message"
        ),
    ]


class AttendeesMenuItem(MenuItem):
    def is_shown(self, request):
        return organiser.manageable_events(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_attendees_menu_item():
    return AttendeesMenuItem("Attendees", reverse("events_dates"), icon_name="group", order=205)


@hooks.register("register_log_actions")
def register_attendee_log_actions(actions):
    actions.register_action(organiser.VIEWED, "View attendees", "Viewed the attendee list")
    actions.register_action(organiser.EXPORTED, "Export attendees", "Exported the attendee list")
    actions.register_action(organiser.MESSAGED, "Message attendees", "E-mailed the attendees")
    actions.register_action(organiser.CHANGED, "Change a booking", "Changed a booking")
    actions.register_action(
        ics_import.LOG_ACTION, "Import from a calendar", "Imported from a calendar (UID kept)"
    )


class ThisWeekPanel(Component):
    """The admin home page: this week's dates of the user's gatherings and how full they are."""

    name = "hearth_this_week"
    order = 50
    template_name = "events/admin/this_week_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"occurrences": organiser.upcoming_dates(self.user, days=7, limit=50)}


@hooks.register("construct_homepage_panels")
def add_this_week_panel(request, panels):
    panels.append(ThisWeekPanel(request.user))
