"""Admin registration: the dates of gatherings ("Dates" in the menu)."""

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from events.models import Occurrence
from events.views import OccurrenceEditView


class OccurrencePermissionPolicy(ModelPermissionPolicy):
    """Dates come from schedules: organisers change or cancel them, never add or delete them."""

    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Occurrence, OccurrencePermissionPolicy(Occurrence))


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
    edit_view_class = OccurrenceEditView
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
    list_filter = ["event", "status"]
    form_fields = ["venue", "note"]
    ordering = ["start"]

    def get_queryset(self, request):
        return Occurrence.objects.select_related("event", "venue", "event__venue")

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
