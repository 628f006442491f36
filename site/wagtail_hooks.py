"""The site's own admin hooks: the two-step sign-in pages and their place in the account menu."""

from django.urls import path, reverse
from django.utils.translation import gettext
from wagtail import hooks

from hearth import two_factor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor.setup_view, name="hearth_two_factor_setup"),
        path("two-factor/verify/", two_factor.verify_view, name="hearth_two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    on = two_factor.has_two_factor(request.user)
    return {
        "url": reverse("hearth_two_factor_setup"),
        "label": gettext("Two-step sign-in"),
        "help_text": gettext("On: new backup codes, or a new phone.")
        if on
        else gettext("Recommended: a code from your phone after your password."),
    }
