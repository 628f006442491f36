"""Forms for RSVPs: only what is needed (a name, an address, a party size), plus a honeypot."""

from django import forms

from events.models import RSVP

PRIVACY_NOTICE = (
    "We use your name and e-mail address only for this booking: to hold your place, send you "
    "its details and a reminder, and tell you if the date changes. Access needs are seen by the "
    "organisers only. Everything is erased a few weeks after the date."
)


def party_choices(max_party_size):
    return [
        (n, "Just me" if n == 1 else f"{n} people (me and {n - 1} more)")
        for n in range(1, max_party_size + 1)
    ]


class RSVPForm(forms.Form):
    """Book a place on one date. ``website`` is a honeypot: people never see or fill it."""

    name = forms.CharField(
        max_length=100,
        help_text="Any name you like; a first name is enough.",
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="We send your booking and a link to change or cancel it here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    party_size = forms.TypedChoiceField(label="How many places", coerce=int, initial=1)
    access_needs = forms.CharField(
        label="Access needs (optional)",
        required=False,
        max_length=500,
        help_text="Anything that would help you take part. Only the organisers see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    privacy = forms.BooleanField(
        label="I agree to my details being used for this booking, as described above.",
        error_messages={"required": "Please agree to the privacy notice to book."},
    )
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    privacy_notice = PRIVACY_NOTICE

    def __init__(self, *args, occurrence, **kwargs):
        # Ids unique per date, in case a page ever shows two forms.
        kwargs.setdefault("auto_id", f"rsvp-{occurrence.pk}-%s")
        super().__init__(*args, **kwargs)
        self.occurrence = occurrence
        self.fields["party_size"].choices = party_choices(occurrence.event.max_party_size)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Please give a name, a first name is enough.")
        return name

    @property
    def is_bot(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class PartySizeForm(forms.Form):
    party_size = forms.TypedChoiceField(label="How many places", coerce=int)

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
