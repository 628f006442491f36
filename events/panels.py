"""Read-only editor panels for gatherings."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from wagtail.admin.panels import Panel

from events import schedule


class UpcomingDatesPanel(Panel):
    """The gathering's next stored dates, each linking to its "cancel or move" screen.

    Stored dates change only on publish, so a page that is not live yet shows a preview of what
    its saved schedule will give instead, and a draft with unpublished changes says so. Where the
    start time falls in an hour the clocks skip or repeat on some date, it says what happens then
    (a warning, never a refusal: RFC 5545's rule gives every such date a definite time).
    """

    PREVIEW_DAYS = 120
    LIMIT = 10
    # How far ahead the editor looks for start times the clocks skip or repeat.
    CLOCK_CHANGE_DAYS = 366

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
            # A translation shows its gathering's dates and follows its schedule
            # (hearth/translations.py): the panel shows those, for the people who run it.
            translation_of = None
            if page.pk and page.source.pk != page.pk:
                translation_of = page = page.source
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
            clock_changes = []
            if page.first_date and page.start_time and page.duration:
                if not occurrences:
                    slots = page.slots(now, now + dt.timedelta(days=self.panel.PREVIEW_DAYS))
                    preview = [s.start.astimezone(page.tz) for s in slots[: self.panel.LIMIT]]
                later = now + dt.timedelta(days=self.panel.CLOCK_CHANGE_DAYS)
                clock_changes = [
                    schedule.clock_change_words(change, page.start_time)
                    for change in page.clock_changes(now, later)
                ]
            context.update(
                translation_of=translation_of,
                clock_changes=clock_changes,
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
