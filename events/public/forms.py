"""Forms for RSVPs and requests to join: only what is needed, plus a honeypot."""

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.models import RSVP
from hearth.text import multi_line, one_line

PRIVACY_NOTICE = _(
    "We use your name and e-mail address only for this booking: to hold your place, send you "
    "its details and a reminder, tell you if the date changes and, unless you untick the box, ask "
    "you one anonymous question the day after. Access needs are seen by the organisers only. "
    "Everything is erased a few weeks after the date."
)


def party_choices(max_party_size):
    return [
        (
            n,
            gettext("Just me")
            if n == 1
            else ngettext(
                "%(count)s person (me and %(more)s more)",
                "%(count)s people (me and %(more)s more)",
                n,
            )
            % {"count": n, "more": n - 1},
        )
        for n in range(1, max_party_size + 1)
    ]


class VisitorForm(forms.Form):
    """What every form a visitor sends has: a name on one line, and ``website``, a honeypot
    people never see or fill (a robot that fills it is answered as if it had succeeded)."""

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_name(self):
        name = " ".join(one_line(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(gettext("Please give a name, a first name is enough."))
        return name

    @property
    def is_bot(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class RSVPForm(VisitorForm):
    """Book a place on one date. ``website`` is a honeypot: people never see or fill it."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Any name you like; a first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send your booking and a link to change or cancel it here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    party_size = forms.TypedChoiceField(label=_("How many places"), coerce=int, initial=1)
    access_needs = forms.CharField(
        label=_("Access needs (optional)"),
        required=False,
        max_length=500,
        help_text=_("Anything that would help you take part. Only the organisers see this."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ask_feedback = forms.BooleanField(
        label=_("Ask me how it felt: one anonymous question by e-mail the day after"),
        required=False,
        initial=True,
    )
    every_week = forms.BooleanField(
        label=_("Book every week: keep me a place on each date until I stop"),
        required=False,
        help_text=_("You can skip any one date from your reminder or your booking page."),
    )
    privacy = forms.BooleanField(
        label=_("I agree to my details being used for this booking, as described above."),
        error_messages={"required": _("Please agree to the privacy notice to book.")},
    )

    privacy_notice = PRIVACY_NOTICE

    def __init__(self, *args, occurrence, every_week=False, **kwargs):
        # Ids unique per date, in case a page ever shows two forms.
        kwargs.setdefault("auto_id", f"rsvp-{occurrence.pk}-%s")
        super().__init__(*args, **kwargs)
        self.occurrence = occurrence
        self.fields["party_size"].choices = party_choices(occurrence.event.max_party_size)
        if not every_week:
            # Offered on open recurring gatherings only (regulars.takes_standing_bookings).
            del self.fields["every_week"]

    def clean_access_needs(self):
        return multi_line(self.cleaned_data["access_needs"])


JOIN_PRIVACY_NOTICE = _(
    "We pass your name, e-mail address and message to the people who run this group, only to "
    "answer you, and erase them a few months after your request."
)


class JoinRequestForm(VisitorForm):
    """Ask an ask-first or closed group for a place: a name, an address, an optional message.

    ``website`` is a honeypot, as on the booking form.
    """

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Any name you like; a first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The group's facilitator replies to you here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("A few words about you (optional)"),
        required=False,
        max_length=1000,
        help_text=_(
            "Anything you would like them to know, or a good time to call. "
            "Only the group's facilitator and organisers see it."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    privacy_notice = JOIN_PRIVACY_NOTICE

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("auto_id", f"join-{event.pk}-%s")
        super().__init__(*args, **kwargs)
        self.event = event


class PartySizeForm(forms.Form):
    party_size = forms.TypedChoiceField(label=_("How many places"), coerce=int)

    def __init__(self, *args, rsvp, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_size"].choices = party_choices(rsvp.occurrence.event.max_party_size)
        self.fields["party_size"].initial = rsvp.party_size


class DiscreetTitleForm(forms.ModelForm):
    class Meta:
        model = RSVP
        fields = ["discreet_title"]
        labels = {"discreet_title": "Name it in your e-mails and calendar as"}
        help_texts = {
            "discreet_title": 'For example "Tuesday evening group". Leave empty to use the '
            "gathering's own name."
        }


class FeedbackChoiceForm(forms.Form):
    wanted = forms.BooleanField(
        label=_("Ask me how it felt: one anonymous question by e-mail the day after"),
        required=False,
    )
