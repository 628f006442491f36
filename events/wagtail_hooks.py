"""Every Wagtail hook of the events app: admin URLs and menus, dates, log actions, panels."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from events.listing import group_by_day
from events.models import EventPage, Occurrence
from events.organiser import urls as organiser_urls
from events.organiser.components import AttendeesMenuItem, ThisWeekPanel
from events.organiser.dates import OccurrencePermissionPolicy, OccurrenceViewSet
from events.services import attendees, ics_import

VENUE_DATES_LIMIT = 40

register_permission_policy(Occurrence, OccurrencePermissionPolicy(Occurrence))


@hooks.register("register_admin_viewset")
def register_occurrence_viewset():
    return OccurrenceViewSet()


@hooks.register("register_admin_urls")
def register_organiser_urls():
    return [path("", include(organiser_urls))]


@hooks.register("register_admin_menu_item")
def register_attendees_menu_item():
    return AttendeesMenuItem("Attendees", reverse("events_dates"), icon_name="group", order=205)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(attendees.VIEWED, "View attendees", "Viewed the attendee list")
    actions.register_action(attendees.EXPORTED, "Export attendees", "Exported the attendee list")
    actions.register_action(attendees.MESSAGED, "Message attendees", "E-mailed the attendees")
    actions.register_action(attendees.CHANGED, "Change a booking", "Changed a booking")
    actions.register_action(
        ics_import.LOG_ACTION, "Import from a calendar", "Imported from a calendar (UID kept)"
    )


@hooks.register("construct_venue_page_context")
def add_dates_to_venue_page(venue, request, context):
    """A venue's page lists the dates held there and the gatherings usually there."""
    occurrences = Occurrence.objects.public().upcoming().at_venue(venue).with_related()
    context["days"] = group_by_day(list(occurrences.order_by("start")[:VENUE_DATES_LIMIT]))
    context["gatherings"] = list(
        EventPage.objects.live().filter(venue=venue).select_related("category").order_by("title")
    )


@hooks.register("construct_homepage_panels")
def add_this_week_panel(request, panels):
    panels.append(ThisWeekPanel(request.user))
