"""Admin views for gatherings' dates."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.views.generic.models import EditView
from wagtail.log_actions import log

from events.forms import OccurrenceChangeForm


class OccurrenceEditView(EditView):
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
