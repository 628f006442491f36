"""Template context for every page: the public address absolute links are built from."""

from django.conf import settings


def base_url(request):
    return {"base_url": settings.BASE_URL}


def language(request):
    """The switcher's links to the same page in the other languages (hearth/language.py):
    plain links, no JavaScript; and the home page's address in this one."""
    from hearth import language as languages

    return {
        "language_links": languages.choices(request.path),
        "home_url": languages.in_language("/"),
    }
