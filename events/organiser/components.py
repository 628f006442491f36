"""Organisers' pieces of the Wagtail admin: the Attendees menu item, the "this week" panel."""

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from events.services import access, attendees


class AttendeesMenuItem(MenuItem):
    """Shown only to users who organise at least one gathering."""

    def is_shown(self, request):
        return access.manageable_events(request.user).exists()


class EmailProblemsMenuItem(AttendeesMenuItem):
    """For the same people: organisers see their gatherings' failed e-mails, admins all."""


class ThisWeekPanel(Component):
    """The admin home page: this week's dates of the user's gatherings and how full they are."""

    name = "hearth_this_week"
    order = 50
    template_name = "events/admin/this_week_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"occurrences": attendees.upcoming_dates(self.user, days=7, limit=50)}
