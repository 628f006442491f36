"""Template context for every page: the public address absolute links are built from."""

from django.conf import settings


def base_url(request):
    return {"base_url": settings.BASE_URL}
