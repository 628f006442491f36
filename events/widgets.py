"""django-recurrence's widget, made to live inside Wagtail's page editor."""

from django import forms
from recurrence.forms import RecurrenceWidget as BaseRecurrenceWidget


class RecurrenceWidget(BaseRecurrenceWidget):
    """The recurrence widget without jQuery, styled for Wagtail, writing calendar dates.

    The stock media loads Django admin's jQuery ahead of Wagtail's scripts, which replaces
    Wagtail's jQuery and breaks the editor's date-time pickers (go-live, expiry). The widget
    itself never uses jQuery: only the package's init script does, so Hearth's own init script
    (events/static/events/js/recurrence-init.js) replaces it. That script also makes the dates
    an organiser picks reach the server as the calendar dates they picked, whatever the
    browser's time zone, and gives the widget native date inputs and keyboard-usable grids.
    """

    @property
    def media(self):
        return forms.Media(
            js=[
                "recurrence/js/recurrence.js",
                "recurrence/js/recurrence-widget.js",
                "events/js/recurrence-init.js",
            ],
            css={"all": ["events/css/recurrence-admin.css"]},
        )
