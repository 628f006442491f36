"""Admin views for gatherings' dates."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.views.generic.models import EditView

from events.forms import OccurrenceChangeForm


class OccurrenceEditView(EditView):
    """Change one date through the sync services rather than a plain model save."""

    def get_form_class(self):
        return OccurrenceChangeForm

    def save_instance(self):
        return self.form.apply()

    def get_success_message(self, instance=None):
        instance = instance or self.object
        if instance.is_cancelled:
            return f"{instance} is cancelled. Anyone booked will be told."
        return f"{instance} is saved."

    def get_success_url(self):
        return reverse("wagtailadmin_pages:edit", args=[quote(self.object.event_id)])
