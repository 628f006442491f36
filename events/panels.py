"""Read-only editor panels for gatherings."""

import datetime as dt

from django.utils import timezone
from wagtail.admin.panels import Panel


class UpcomingDatesPanel(Panel):
    """The gathering's next stored dates, each linking to its change/cancel screen.

    A draft that is not live yet shows a preview of what its saved schedule will give.
    """

    PREVIEW_DAYS = 120
    LIMIT = 10

    def clone_kwargs(self):
        return super().clone_kwargs()

    @property
    def clean_name(self):
        return super().clean_name or "upcoming_dates"

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/panels/upcoming_dates.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            now = timezone.now()
            occurrences = []
            preview = []
            if page.pk:
                occurrences = list(
                    page.occurrences.upcoming(now)
                    .select_related("venue")
                    .order_by("start")[: self.panel.LIMIT]
                )
            if not occurrences and page.first_date and page.start_time:
                slots = page.slots(now, now + dt.timedelta(days=self.panel.PREVIEW_DAYS))
                preview = [slot.start.astimezone(page.tz) for slot in slots[: self.panel.LIMIT]]
            context.update(
                page=page,
                occurrences=occurrences,
                preview=preview,
                has_unpublished_changes=bool(page.pk and page.has_unpublished_changes),
            )
            return context
