"""The gathering editor's form: lengths in hours and minutes, and addresses that forgive autosave.

Wagtail autosaves a new page as a draft while the organiser is still typing. Someone who gives
up on that page and starts again with the same title then met "The slug … is already in use",
about a draft they never knowingly saved. When the clash is with a never-published draft of the
same person, the new page takes the next free address ("-2") instead, and the editor says so
(events/wagtail_hooks.py turns ``slug_notice`` into a message with a link to the older draft).
"""

from django import forms
from django.db import models
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.compare import FieldComparison, register_comparison_class
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from events.schedule import (
    LONGEST_SESSION,
    SHORTEST_SESSION,
    hours_and_minutes,
    parse_hours_and_minutes,
)

__all__ = ["EventPageForm", "HoursAndMinutesField", "HoursAndMinutesInput", "SlugNotice"]


class HoursAndMinutesInput(forms.TextInput):
    """A text box showing a length as "1 h 30 min"."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        if hasattr(value, "total_seconds"):
            return hours_and_minutes(value)
        return super().format_value(value)


class HoursAndMinutesField(forms.Field):
    """A session's length, typed as people say it ("1 h 30 min", "90 min", "1:30")."""

    widget = HoursAndMinutesInput
    default_error_messages = {
        "range": "A session lasts between 5 minutes and 24 hours.",
    }

    def prepare_value(self, value):
        return hours_and_minutes(value) if hasattr(value, "total_seconds") else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "total_seconds"):
            return value
        try:
            return parse_hours_and_minutes(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value is not None and not SHORTEST_SESSION <= value <= LONGEST_SESSION:
            raise forms.ValidationError(self.error_messages["range"], code="range")


class DurationComparison(FieldComparison):
    """Page history compares lengths as "1 h 30 min", as the editor shows them."""

    def htmlvalue(self, val):
        return escape(hours_and_minutes(val)) if val is not None else ""

    def htmldiff(self):
        self.val_a, self.val_b = (
            hours_and_minutes(v) if v is not None else "" for v in (self.val_a, self.val_b)
        )
        return super().htmldiff()


register_comparison_class(models.DurationField, comparison_class=DurationComparison)


class SlugNotice:
    """What the form did about a clashing address, for the editor's message."""

    def __init__(self, *, wanted, given, draft):
        self.wanted = wanted
        self.given = given
        self.draft = draft

    def __str__(self):
        return gettext(
            "You already have an unpublished draft called “{title}” at the address “{wanted}” "
            "(probably saved automatically while you typed), so this gathering’s address is "
            "“{given}”. To carry on with that draft instead, open it and delete this one."
        ).format(title=self.draft.title, wanted=self.wanted, given=self.given)


def abandoned_draft(*, slug, parent, page, user):
    """The sibling at ``slug`` that is ``user``'s own never-published draft, or None."""
    if parent is None or user is None or not user.is_authenticated:
        return None
    siblings = parent.get_children()
    if page.pk:
        siblings = siblings.not_page(page)
    return (
        siblings.filter(slug=slug, live=False, first_published_at__isnull=True, owner=user)
        .specific()
        .first()
    )


def free_slug(slug, parent, page):
    """``slug``, or ``slug-2``, ``slug-3``… whichever is free under ``parent``."""
    candidate, suffix = slug, 1
    while not Page._slug_is_available(candidate, parent, page):
        suffix += 1
        candidate = f"{slug}-{suffix}"
    return candidate


class EventPageForm(WagtailAdminPageForm):
    """The gathering editor: hours and minutes for the length; a forgiving address."""

    duration = HoursAndMinutesField(
        label=_("Duration"),
        help_text=_("How long each session lasts, e.g. “1 h 30 min” or “45 min”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.slug_notice = None

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        page = self.instance
        # Only a page that was never published changes address silently: a published page's
        # address is in people's bookmarks and calendars. (A page being created is not live
        # yet, whatever its ``live`` default says.)
        published = page.pk and (page.live or page.first_published_at is not None)
        if not slug or published:
            return slug
        draft = abandoned_draft(slug=slug, parent=self.parent_page, page=page, user=self.for_user)
        if draft is None:
            return slug
        given = free_slug(slug, self.parent_page, page)
        self.slug_notice = SlugNotice(wanted=slug, given=given, draft=draft)
        page.slug_notice = self.slug_notice
        return given

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.errors and cleaned.get("slug") is None:
            wanted = self.data.get("slug", "")
            other = self.parent_page and self.parent_page.get_children().filter(slug=wanted)
            other = other.first() if other else None
            if other is not None:
                message = (
                    gettext(
                        "Another page here already uses the address “{wanted}” (“{title}”, "
                        "published). Give this one a different address, e.g. “{free}”."
                    )
                    if other.live
                    else gettext(
                        "Another page here already uses the address “{wanted}” (“{title}”, "
                        "a draft). Give this one a different address, e.g. “{free}”."
                    )
                )
                free = free_slug(wanted, self.parent_page, self.instance)
                self.errors["slug"] = self.error_class(
                    [message.format(wanted=wanted, title=other.title, free=free)]
                )
        return cleaned

    def get_field_updates_for_resave(self):
        """After an autosave, put the address actually given into the still-open editor."""
        updates = list(super().get_field_updates_for_resave())
        if self.slug_notice is not None:
            updates.append(("slug", self.slug_notice.given))
        return updates
