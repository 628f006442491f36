"""Admin registration: the dates of gatherings ("Dates" in the menu)."""

import django_filters
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from events import organiser
from events.models import EventPage, Occurrence
from events.views import (
    OccurrenceEditView,
    OccurrenceHistoryView,
    OccurrenceIndexView,
    OccurrenceUsageView,
)


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
        return action in {"change", "view"} and organiser.manageable_events(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if action in {"add", "delete"}:
            return False
        if super().user_has_permission(user, action):
            return True
        return action in {"change", "view"} and organiser.can_manage_attendees(user, instance.event)

    def instances_user_has_permission_for(self, user, action):
        if super().user_has_permission(user, action):
            return Occurrence.objects.all()
        return organiser.manageable_occurrences(user)


register_permission_policy(Occurrence, OccurrencePermissionPolicy(Occurrence))


def _events_for(request):
    if request is None:
        return EventPage.objects.none()
    return organiser.manageable_events(request.user).order_by("title")


class OccurrenceFilterSet(WagtailFilterSet):
    # Only gatherings this user may edit appear in the filter (drafts' titles stay private).
    event = django_filters.ModelChoiceFilter(queryset=_events_for, label="Gathering")

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
        Column("where", label="Where", accessor=lambda o: _where(o)),
        Column("status", label="State", accessor="get_status_display"),
        Column(
            "is_exception",
            label="Changed by an organiser",
            accessor=lambda o: "Yes" if o.is_exception else "",
        ),
    ]
    filterset_class = OccurrenceFilterSet
    form_fields = ["venue", "note"]
    ordering = ["start"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(page_title="Dates", **kwargs)

    def get_urlpatterns(self):
        # No add or delete screens at all: dates come only from schedules (see the policy above).
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"add", "delete"}
        ]


@hooks.register("register_admin_viewset")
def register_occurrence_viewset():
    return OccurrenceViewSet()
