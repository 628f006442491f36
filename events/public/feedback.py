"""The anonymous feedback page at /feedback/<token>/: one question, answered once, no login.

A face link in the e-mail only opens the page with that face chosen: mail scanners follow links,
so nothing is recorded until the person presses Send (a POST). The page never names the person or
the gathering (a discreet booker's browser history stays discreet), and is never cached.
"""

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from events.models import AGREEMENT, FEELINGS
from events.services import feedback

# The y of the mouth's control point: below 27 it frowns, 27 is a straight line, above smiles.
MOUTHS = {1: 16, 2: 22, 3: 27, 4: 31, 5: 38}


class FeedbackForm(forms.Form):
    feeling = forms.TypedChoiceField(
        label=_("How did you feel after the session?"),
        choices=FEELINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a face.")},
    )
    less_alone = forms.TypedChoiceField(
        label=_("“I feel less alone.”"),
        help_text=_("How much do you agree? You can leave this out."),
        choices=[("", _("Rather not say")), *AGREEMENT],
        initial="",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell us? (optional)"),
        help_text=_("Please leave out names, yours or anyone else's: the organisers read these."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def faces(self):
        """The feeling choices for the big buttons, each with the curve of its drawn mouth.

        The page draws the faces in SVG rather than as emoji: not every phone's font has them.
        """
        chosen = str(self["feeling"].value() or "")
        return [
            {
                "value": value,
                "label": label,
                "mouth": MOUTHS[value],
                "checked": str(value) == chosen,
            }
            for value, label in FEELINGS
        ]


def _private(response):
    # The token is in the path: keep it out of Referer headers and search engines.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _chosen(value):
    return value if value in {str(v) for v, _label in FEELINGS} else None


@sensitive_post_parameters("comment")  # kept out of error reports
@never_cache
@require_http_methods(["GET", "POST"])
def answer_view(request, token):
    try:
        invitation = feedback.open_invitation(token)
    except feedback.FeedbackLinkGone:
        return _gone(request)
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                feedback.answer(token=token, **form.cleaned_data)
            except feedback.FeedbackLinkGone:
                return _gone(request)
            return redirect("feedback:thanks")
        status = 400
    else:
        form = FeedbackForm(initial={"feeling": _chosen(request.GET.get("feeling"))})
    occurrence = invitation.occurrence
    context = {"form": form, "local_start": occurrence.local_start}
    return _private(render(request, "events/feedback/answer.html", context, status=status))


def _gone(request):
    context = {"message": feedback.FeedbackLinkGone.message}
    return _private(render(request, "events/feedback/gone.html", context, status=404))


@never_cache
def thanks_view(request):
    return _private(render(request, "events/feedback/thanks.html"))
