"""``{% navigation "header" as links %}``: the editable header and footer links, ready to show."""

import functools
from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hearth import language, translations
from hearth.models import NavigationSettings

register = template.Library()

DEFAULTS = {
    "header": [
        (_("What’s on"), "/whats-on/"),
        (_("Calendar"), "/whats-on/calendar/"),
        (_("Venues"), "/venues/"),
    ],
    "footer": [
        (_("What’s on"), "/whats-on/"),
        (_("Venues"), "/venues/"),
        (_("Add our dates to your calendar"), "/whats-on/subscribe/"),
    ],
}


@dataclass
class NavLink:
    label: str
    url: str
    current: str = ""  # "page" when it is this page, "true" when this page is under it


# A label that is word for word one of Hearth's own ("Calendar") is shown in the visitor's
# language like the defaults; any other label is the organisation's and shown as written.
@functools.cache
def own_words():
    with translation.override(None):  # the words as written in the code
        return {str(label): label for items in DEFAULTS.values() for label, _url in items}


def _links(setting, where, request):
    stream = setting.header_links if where == "header" else setting.footer_links
    # Linked pages go by their title and address in the visitor's language where translated
    # (one query for the menu).
    translations.show_in_visitor_language(
        [block.value.get("page") for block in stream if block.value.get("page") is not None]
    )
    links = []
    for block in stream:
        value = block.value
        page = value.get("page")
        url = (value.get("path") or "").strip()
        if page is not None:
            if not page.live:
                continue
            url = page.get_url(request) or ""
        label = value.get("label") or (page.title if page is not None else "")
        label = own_words().get(label, label)
        if url and label:
            links.append(NavLink(label, _in_language(url)))
    return links or [NavLink(label, _in_language(url)) for label, url in DEFAULTS[where]]


def _in_language(url):
    """A link to a path of this site stays in the visitor's language (/pl/...)."""
    return language.in_language(url) if url.startswith("/") and not url.startswith("//") else url


def _mark_current(links, path):
    """This page's link is "page"; otherwise the link whose URL holds it most closely, "true"."""
    exact = [link for link in links if link.url == path]
    if exact:
        exact[0].current = "page"
        return links
    home = language.in_language("/")
    holders = [link for link in links if link.url != home and path.startswith(link.url)]
    if holders:
        max(holders, key=lambda link: len(link.url)).current = "true"
    return links


@register.simple_tag(takes_context=True)
def navigation(context, where):
    """The ``where`` ("header" or "footer") links of the request's site."""
    request = context.get("request")
    if request is None:
        return [NavLink(label, url) for label, url in DEFAULTS[where]]
    setting = NavigationSettings.for_request(request)
    links = _links(setting, where, request)
    if where == "header":
        links.append(NavLink(_("Search"), reverse("search")))
    return _mark_current(links, request.path)


@register.simple_tag(takes_context=True)
def contact_details(context):
    request = context.get("request")
    return NavigationSettings.for_request(request) if request is not None else None
