"""django-recurrence's widget, made to live inside Wagtail's page editor."""

from django import forms
from django.urls import reverse
from django.utils.formats import get_format
from recurrence.forms import RecurrenceWidget as BaseRecurrenceWidget


def recurrence_date_format(django_format):
    """Django's date format ("j M Y") in django-recurrence's JavaScript notation ("%j %M %Y").

    Both use PHP's letters; the script wants each one after a %. Backslash-escaped letters are
    literal text in Django's notation and stay so here (a bare letter is literal to the script).
    """
    out, escaped = [], False
    for char in django_format:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char.isalpha():
            out.append("%" + char)
        else:
            out.append(char)
    return "".join(out)


class RecurrenceWidget(BaseRecurrenceWidget):
    """The recurrence widget without jQuery, styled for Wagtail, writing calendar dates.

    The stock media loads Django admin's jQuery ahead of Wagtail's scripts, which replaces
    Wagtail's jQuery and breaks the editor's date-time pickers (go-live, expiry). The widget
    itself never uses jQuery: only the package's init script does, so Hearth's own init script
    (events/static/events/js/recurrence-init.js) replaces it. That script also makes the dates
    an organiser picks reach the server as the calendar dates they picked, whatever the
    browser's time zone, and gives the widget native date inputs and keyboard-usable grids.

    The package writes dates in US order ("Thursday, July 8, 2027", "until 2027-07-08") whatever
    the language; the site's own date format goes to the script in data attributes instead, so
    an en-GB site reads "Thursday 8 July 2027" and "until 8 Jul 2027".
    """

    def get_context(self, name, value, attrs):
        short = get_format("DATE_FORMAT")
        # Dates with a weekday name the month in full, as the "Next dates" panel does.
        long = "l " + "".join("F" if c in "MNb" else c for c in short)
        attrs = {
            **(attrs or {}),
            "data-date-format": recurrence_date_format(short),
            "data-long-date-format": recurrence_date_format(long),
        }
        return super().get_context(name, value, attrs)

    @property
    def media(self):
        return forms.Media(
            js=[
                # The widget's words in the organiser's language, before the widget reads them.
                reverse("events_schedule_widget_catalog"),
                "recurrence/js/recurrence.js",
                "recurrence/js/recurrence-widget.js",
                "events/js/recurrence-init.js",
            ],
            css={"all": ["events/css/recurrence-admin.css"]},
        )
