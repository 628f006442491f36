"""Forms organisers fill in about one date's attendees."""

from django import forms
from django.core.validators import MaxValueValidator


class HandBookingForm(forms.Form):
    """A booking taken by phone or in person."""

    name = forms.CharField(max_length=100)
    email = forms.EmailField(
        max_length=254, help_text="Their confirmation and cancel link go here."
    )
    party_size = forms.IntegerField(min_value=1, max_value=20, initial=1)
    access_needs = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, max_party_size=20, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["party_size"]
        field.max_value = max_party_size
        field.widget.attrs["max"] = max_party_size
        field.validators = [v for v in field.validators if not isinstance(v, MaxValueValidator)] + [
            MaxValueValidator(max_party_size)
        ]


class MessageForm(forms.Form):
    """A short note to everyone booked, e.g. "the lift is out of order"."""

    subject = forms.CharField(max_length=120)
    message = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    include_waiting = forms.BooleanField(
        required=False, label="Also send to people on the waiting list"
    )
