"""django-recurrence's widget, made to live inside Wagtail's page editor."""

from django import forms
from django.templatetags.static import static
from recurrence.forms import RecurrenceWidget as BaseRecurrenceWidget


class RecurrenceWidget(BaseRecurrenceWidget):
    """The recurrence widget without its own copy of jQuery.

    The stock widget loads Django admin's jQuery ahead of Wagtail's scripts, which replaces
    Wagtail's jQuery and breaks the editor's date-time pickers. This media reuses Wagtail's jQuery
    (a small shim exposes it as ``django.jQuery``, the name the widget expects).
    """

    @property
    def media(self):
        return forms.Media(
            js=[
                static("events/js/recurrence-shim.js"),
                static("recurrence/js/recurrence.js"),
                static("recurrence/js/recurrence-widget.js"),
                static("events/js/recurrence-init.js"),
            ],
            css={
                "all": [
                    static("recurrence/css/recurrence.css"),
                    static("events/css/recurrence-admin.css"),
                ]
            },
        )
