"""Admin views for gatherings' dates."""

from django.contrib.admin.utils import quote
from django.http import Http404
from django.urls import reverse
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import EditView, IndexView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.log_actions import log

from events.forms import OccurrenceChangeForm


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
            raise Http404("No such date.")
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
            return f"{instance} is cancelled. Anyone booked will be told."
        if instance.is_moved:
            return f"{instance} is saved: the changed time or place is shown to the public."
        return f"{instance} is saved."

    def get_success_buttons(self):
        return []

    def get_success_url(self):
        return reverse("wagtailadmin_pages:edit", args=[quote(self.object.event_id)])
