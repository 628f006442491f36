"""Organisers' forms: cancel or move one date; a booking taken by hand; a message to attendees."""

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, RegexValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.dates_text import date_text, time_text
from events.models import Occurrence
from events.schedule import GAP, clock_change_at, next_instant, to_utc
from events.services import dates
from hearth.text import multi_line, one_line
from venues.models import VenuePage


class OccurrenceChangeForm(forms.ModelForm):
    """Cancel one date, or move it to another day, time or venue, in the gathering's own zone.

    Saving goes through events/services/dates.py so that the change is kept across schedule
    edits and attendees are told.
    """

    ACTION_CHOICES = [
        ("keep", "Going ahead, at the date, time and place below"),
        ("cancel", "Cancelled"),
        ("restore", "Back to the usual schedule (undo changes to this date)"),
    ]
    LONGEST_OVERNIGHT = dt.timedelta(hours=8)

    action = forms.ChoiceField(
        label=_("This date is"),
        choices=ACTION_CHOICES,
        widget=forms.RadioSelect,
        initial="keep",
    )
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Starts"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label=_("Ends"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    venue = forms.ModelChoiceField(
        queryset=VenuePage.objects.order_by("title"),
        required=False,
        empty_label=_("The usual venue"),
        help_text=_("Only if this date is somewhere else."),
    )
    note = forms.CharField(
        label=_("Message for the public"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the website and sent to anyone booked. Needed when cancelling."),
    )

    field_order = ["action", "date", "start_time", "end_time", "venue", "note"]

    class Media:
        js = ["events/js/occurrence-form.js"]

    class Meta:
        model = Occurrence
        fields = ["venue", "note"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        occurrence = self.instance
        start, end = occurrence.local_start, occurrence.local_end
        self.fields["date"].initial = start.date()
        self.fields["start_time"].initial = start.time().replace(second=0, microsecond=0)
        self.fields["end_time"].initial = end.time().replace(second=0, microsecond=0)
        self.fields["action"].initial = "cancel" if occurrence.is_cancelled else "keep"
        zone = occurrence.event.time_zone
        self.fields["date"].help_text = gettext("Times are local to {zone}.").format(
            zone=zone.replace("_", " ")
        )

    def clean_note(self):
        # Shown on the site, in e-mails and in feeds: no control characters or odd line breaks.
        return multi_line(self.cleaned_data.get("note") or "")

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "cancel" and not (cleaned.get("note") or "").strip():
            self.add_error(
                "note", gettext("Say briefly why this date is cancelled; people will see it.")
            )
        if action != "keep":
            return cleaned
        for name in ("date", "start_time", "end_time"):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, gettext("Needed when the date goes ahead."))
        day, start_time, end_time = (cleaned.get(k) for k in ("date", "start_time", "end_time"))
        if day and start_time and end_time:
            tz = self.instance.event.tz
            local_start = dt.datetime.combine(day, start_time)
            if clock_change_at(local_start, tz) == GAP:
                self.add_error(
                    "start_time",
                    gettext(
                        "There is no {time} on {day} here: the clocks go forward that night. "
                        "Choose a time outside the skipped hour."
                    ).format(time=time_text(start_time), day=date_text(day, "day_month_year")),
                )
                return cleaned
            # A start in the repeated autumn hour is the first of the two, as for schedules
            # (RFC 5545); the end is the next time the clock shows it (on that night "01:30"
            # after a start at the first 01:30 is the second; a session may run past midnight).
            start = to_utc(local_start, tz)
            end = next_instant(day, end_time, tz, after=start)
            if end - start > self.LONGEST_OVERNIGHT and end.astimezone(tz).date() > day:
                # A longer "overnight" is a typo for an end before the start.
                self.add_error("end_time", gettext("The end is before the start."))
                return cleaned
            cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def apply(self):
        """Carry out the chosen change through the date services; returns the occurrence."""
        occurrence = self.instance
        action = self.cleaned_data["action"]
        note = (self.cleaned_data.get("note") or "").strip()
        if action == "cancel":
            return dates.cancel_occurrence(occurrence, reason=note)
        if action == "restore":
            return dates.restore_occurrence(occurrence)
        original = Occurrence.objects.get(pk=occurrence.pk)
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        venue = self.cleaned_data.get("venue")
        unchanged = (
            start == original.start
            and end == original.end
            and venue == original.venue
            and note == original.note
            and not original.is_cancelled
        )
        if unchanged:
            return original
        return dates.move_occurrence(original, start=start, end=end, venue=venue, note=note)

    def save(self, commit=True):
        return self.apply()


class HandBookingForm(forms.Form):
    """A booking taken by phone or in person; someone without e-mail gives a phone or a note."""

    name = forms.CharField(max_length=100)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("Their confirmation and cancel link go here. Leave empty if they have none."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()./-]{4,38}$",
                _("Use digits and spaces, with + for a country code, e.g. 0113 496 0000."),
            )
        ],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_("Only organisers see it. It is erased with the booking."),
    )
    contact_note = forms.CharField(
        label=_("Or a note"),
        max_length=200,
        required=False,
        help_text=_(
            "How to reach them, e.g. “through her daughter Ruth”, or “no contact: "
            "comes every week”."
        ),
    )
    party_size = forms.IntegerField(min_value=1, max_value=20, initial=1)
    access_needs = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    NO_WAY_TO_REACH = (
        "Give an e-mail address, or without one a phone number or a note on how to reach "
        "them (a note can say there is no way to)."
    )

    def __init__(self, *args, max_party_size=20, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["party_size"]
        field.max_value = max_party_size
        field.widget.attrs["max"] = max_party_size
        field.validators = [v for v in field.validators if not isinstance(v, MaxValueValidator)] + [
            MaxValueValidator(max_party_size)
        ]

    def clean_name(self):
        return one_line(self.cleaned_data["name"]).strip()

    def clean_access_needs(self):
        return multi_line(self.cleaned_data["access_needs"])

    def clean(self):
        cleaned = super().clean()
        reachable = any(cleaned.get(name) for name in ("email", "phone", "contact_note"))
        if not reachable and not {"email", "phone", "contact_note"} & set(self.errors):
            raise forms.ValidationError(self.NO_WAY_TO_REACH, code="unreachable")
        return cleaned


class MessageForm(forms.Form):
    """A short note to everyone booked, e.g. "the lift is out of order"."""

    subject = forms.CharField(max_length=120)
    message = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    include_waiting = forms.BooleanField(
        required=False, label=_("Also send to people on the waiting list")
    )

    def clean_subject(self):
        # A line break in a Subject header would stop the e-mail.
        return one_line(self.cleaned_data["subject"]).strip()

    def clean_message(self):
        return multi_line(self.cleaned_data["message"])
