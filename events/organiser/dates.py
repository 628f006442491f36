"""The "Dates" admin area: every date of the gatherings a user may edit; cancel or move one.

Dates come from schedules: people change or cancel them, never add or delete them. Whoever may
edit a gathering's page may change its dates; the model permission opens every gathering's dates.
"""

import django_filters
from django.contrib.admin.utils import quote
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import EditView, IndexView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from events.models import EventPage, Occurrence
from events.organiser.forms import OccurrenceChangeForm
from events.services import access, attendees


class OccurrenceIndexView(IndexView):
    """The dates listing, limited to the gatherings this user may edit."""

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        ).select_related("event", "venue", "event__venue")


class OwnGatheringMixin:
    """Only dates of gatherings this user may edit; others look like they do not exist."""

    def get_object(self, *args, **kwargs):
        occurrence = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", occurrence
        ):
            raise Http404(gettext("No such date."))
        return occurrence


class OccurrenceHistoryView(OwnGatheringMixin, HistoryView):
    pass


class OccurrenceUsageView(OwnGatheringMixin, UsageView):
    pass


class OccurrenceEditView(OwnGatheringMixin, EditView):
    """Cancel or move one date through the sync services rather than a plain model save.

    Returns to the gathering's editor, where the "Next dates" panel shows the change.
    """

    def get_form_class(self):
        return OccurrenceChangeForm

    def save_instance(self):
        occurrence = self.form.apply()
        # The services know nothing of requests; record who changed the date here.
        log(instance=occurrence, action="wagtail.edit", user=self.request.user)
        return occurrence

    def get_success_message(self, instance=None):
        instance = instance or self.object
        if instance.is_cancelled:
            text = f"{instance} is cancelled. Anyone booked will be told by e-mail."
        elif instance.is_moved:
            text = f"{instance} is saved: the changed time or place is shown to the public."
        else:
            return f"{instance} is saved."
        untold = attendees.without_email(instance)
        if untold:
            # Bookings taken by hand without an address hear nothing unless someone calls.
            people = "; ".join(f"{r.name} ({r.without_email_summary()})" for r in untold)
            text += f" Not told, as they have no e-mail: {people}."
        return text

    def get_success_buttons(self):
        return []

    def get_success_url(self):
        return reverse("wagtailadmin_pages:edit", args=[quote(self.object.event_id)])


class OccurrencePermissionPolicy(ModelPermissionPolicy):
    """Dates come from schedules: people change or cancel them, never add or delete them.

    Whoever may edit a gathering's page may change its dates (an organiser of that gathering);
    the model permission opens every gathering's dates (moderators, administrators).
    """

    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return False
        if super().user_has_permission(user, action):
            return True
        return action in {"change", "view"} and access.manageable_events(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if action in {"add", "delete"}:
            return False
        if super().user_has_permission(user, action):
            return True
        return action in {"change", "view"} and access.can_manage_attendees(user, instance.event)

    def instances_user_has_permission_for(self, user, action):
        if super().user_has_permission(user, action):
            return Occurrence.objects.all()
        return access.manageable_occurrences(user)


def _events_for(request):
    if request is None:
        return EventPage.objects.none()
    return access.manageable_events(request.user).order_by("title")


class OccurrenceFilterSet(WagtailFilterSet):
    # Only gatherings this user may edit appear in the filter (drafts' titles stay private).
    event = django_filters.ModelChoiceFilter(queryset=_events_for, label=_("Gathering"))

    class Meta:
        model = Occurrence
        fields = ["event", "status"]


def _where(occurrence):
    venue = occurrence.effective_venue
    return venue.title if venue else "Online"


class OccurrenceViewSet(ModelViewSet):
    model = Occurrence
    name = "occurrences"
    icon = "date"
    menu_label = "Dates"
    add_to_admin_menu = True
    menu_order = 210
    copy_view_enabled = False
    index_view_class = OccurrenceIndexView
    edit_view_class = OccurrenceEditView
    history_view_class = OccurrenceHistoryView
    usage_view_class = OccurrenceUsageView
    list_display = [
        "__str__",
        Column("where", label=_("Where"), accessor=lambda o: _where(o)),
        Column("status", label=_("State"), accessor="get_status_display"),
        Column(
            "is_exception",
            label=_("Changed by an organiser"),
            accessor=lambda o: "Yes" if o.is_exception else "",
        ),
    ]
    filterset_class = OccurrenceFilterSet
    form_fields = ["venue", "note"]
    ordering = ["start"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(page_title=_("Dates"), **kwargs)

    def get_urlpatterns(self):
        # No add or delete screens at all: dates come only from schedules (see the policy above).
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"add", "delete"}
        ]
