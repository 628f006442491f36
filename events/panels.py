"""Read-only editor panels for gatherings."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from wagtail.admin.panels import Panel


class UpcomingDatesPanel(Panel):
    """The gathering's next stored dates, each linking to its "cancel or move" screen.

    Stored dates change only on publish, so a page that is not live yet shows a preview of what
    its saved schedule will give instead, and a draft with unpublished changes says so.
    """

    PREVIEW_DAYS = 120
    LIMIT = 10

    @property
    def clean_name(self):
        return super().clean_name or "next_dates"

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/panels/upcoming_dates.html"

        class Media:
            css = {"all": ["events/css/admin-panels.css"]}

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            now = timezone.now()
            occurrences = []
            preview = []
            show_attendance = bool(page.pk) and page.attendees_visible_to(self.request.user)
            if page.pk:
                queryset = page.occurrences.upcoming(now).select_related("venue", "event__venue")
                if show_attendance:
                    queryset = queryset.with_attendance()
                occurrences = list(queryset.order_by("start")[: self.panel.LIMIT])
            show_attendance = show_attendance and bool(occurrences)
            if not occurrences and page.first_date and page.start_time and page.duration:
                slots = page.slots(now, now + dt.timedelta(days=self.panel.PREVIEW_DAYS))
                preview = [slot.start.astimezone(page.tz) for slot in slots[: self.panel.LIMIT]]
            context.update(
                page=page,
                occurrences=occurrences,
                show_attendance=show_attendance,
                preview=preview,
                # People read times in the gathering's zone; name it only where it differs.
                zone_name=page.time_zone if page.time_zone != settings.TIME_ZONE else "",
                is_live=bool(page.pk and page.live),
                has_unpublished_changes=bool(page.pk and page.has_unpublished_changes),
            )
            return context
