"""Every Wagtail hook of the events app: admin URLs and menus, dates, log actions, panels, and
the editor's notes about drafts that autosave left behind."""

import datetime as dt

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.permissions import register_permission_policy

from events.dates_text import date_at_time_text
from events.listing import group_by_day
from events.models import EventPage, Occurrence
from events.organiser import join_requests as join_request_views
from events.organiser import urls as organiser_urls
from events.organiser.components import AttendeesMenuItem, EmailProblemsMenuItem, ThisWeekPanel
from events.organiser.dates import OccurrencePermissionPolicy, OccurrenceViewSet
from events.organiser.reports import ReportsMenuItem
from events.services import attendees, email_problems, ics_import, join_requests
from hearth import translations

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
    return AttendeesMenuItem(_("Attendees"), reverse("events_dates"), icon_name="group", order=205)


@hooks.register("register_admin_menu_item")
def register_email_problems_menu_item():
    return EmailProblemsMenuItem(
        _("E-mail problems"), reverse("events_email_problems"), icon_name="warning", order=207
    )


@hooks.register("register_admin_urls")
def register_join_request_urls():
    return [path("", include(join_request_views.urlpatterns))]


@hooks.register("register_admin_menu_item")
def register_join_requests_menu_item():
    return join_request_views.JoinRequestsMenuItem(
        _("Requests to join"),
        reverse("events_join_request_overview"),
        icon_name="mail",
        order=206,
    )


@hooks.register("register_reports_menu_item")
def register_attendance_report_menu_item():
    return ReportsMenuItem(
        _("Attendance"), reverse("events_report_attendance"), icon_name="group", order=50
    )


@hooks.register("register_reports_menu_item")
def register_feedback_report_menu_item():
    return ReportsMenuItem(
        _("Feedback"), reverse("events_report_feedback"), icon_name="comment", order=51
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(attendees.VIEWED, "View attendees", "Viewed the attendee list")
    actions.register_action(attendees.EXPORTED, "Export attendees", "Exported the attendee list")
    actions.register_action(attendees.MESSAGED, "Message attendees", "E-mailed the attendees")
    actions.register_action(attendees.CHANGED, "Change a booking", "Changed a booking")
    actions.register_action(email_problems.RESENT, "Resend an e-mail", "Sent a failed e-mail again")
    actions.register_action(
        ics_import.LOG_ACTION, "Import from a calendar", "Imported from a calendar (UID kept)"
    )
    actions.register_action(
        join_requests.VIEWED, "View requests to join", "Viewed requests to join"
    )
    actions.register_action(
        join_requests.OFFERED, "Offer a place", "Offered a place to someone who asked to join"
    )
    actions.register_action(
        join_requests.REPLIED, "Reply to a request", "Replied to a request to join"
    )
    actions.register_action(join_requests.CLOSED, "Close a request", "Closed a request to join")


@hooks.register("construct_venue_page_context")
def add_dates_to_venue_page(venue, request, context):
    """A venue's page lists the dates held there and the gatherings usually there."""
    venue = translations.source_of(venue)  # a translation shows its source's dates
    occurrences = (
        Occurrence.objects.public()
        .upcoming()
        .at_venue(venue)
        .with_related()
        .with_seats_taken()
        .in_visitor_language()
    )
    context["days"] = group_by_day(list(occurrences.order_by("start")[:VENUE_DATES_LIMIT]))
    context["gatherings"] = translations.listed(
        EventPage.objects.live().filter(venue=venue).select_related("category").order_by("title")
    )


@hooks.register("construct_homepage_panels")
def add_this_week_panel(request, panels):
    panels.append(ThisWeekPanel(request.user))


RECENT_DRAFT_DAYS = 7


@hooks.register("before_create_page")
def mention_unfinished_drafts(request, parent_page, page_class):
    """Opening "add a gathering" says when this person already started one here and left it.

    Autosave keeps what was typed as a draft, which people who gave up on a page do not expect.
    """
    if request.method != "GET" or page_class is not EventPage:
        return None
    since = timezone.now() - dt.timedelta(days=RECENT_DRAFT_DAYS)
    drafts = (
        EventPage.objects.child_of(parent_page)
        .filter(owner=request.user, live=False, first_published_at__isnull=True)
        .filter(latest_revision_created_at__gte=since)
        .order_by("-latest_revision_created_at")[:3]
    )
    for draft in drafts:
        when = timezone.localtime(draft.latest_revision_created_at)
        messages.info(
            request,
            gettext(
                "You started “{title}” here on {when} and it was saved as an unpublished draft. "
                "Carry on with it, or start a new gathering below."
            ).format(title=draft.title, when=date_at_time_text(when, "day_short_month")),
            buttons=[
                messages.button(
                    reverse("wagtailadmin_pages:edit", args=[draft.pk]), gettext("Open it")
                )
            ],
        )
    return None


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def explain_a_changed_address(request, page):
    """Say so when the editor gave this page a free address because a draft held the one asked."""
    notice = getattr(page, "slug_notice", None)
    if notice is not None:
        messages.warning(
            request,
            str(notice),
            buttons=[
                messages.button(
                    reverse("wagtailadmin_pages:edit", args=[notice.draft.pk]),
                    gettext("Open the earlier draft"),
                )
            ],
        )
    return None
