"""Template context for every page: the public address absolute links are built from."""

from django.conf import settings


def base_url(request):
    return {"base_url": settings.BASE_URL}


def language(request):
    """The page's language for ``<html lang dir>``, and the switcher's links to the same page
    in the other languages (hearth/language.py): plain links, no JavaScript."""
    from django.utils import translation

    from hearth import language as languages

    code = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "html_lang": translation.to_locale(code).replace("_", "-"),
        "html_dir": "rtl" if translation.get_language_bidi() else "ltr",
        "language_links": languages.choices(request.path),
        "home_url": languages.in_language("/"),
    }
