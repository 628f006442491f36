"""Which responses the front cache may share (hearth/frontcache.py): only a cookieless GET's
response that sets no cookie and chose no lifetime of its own."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.views.decorators.cache import never_cache

from hearth.frontcache import FrontCacheMiddleware

factory = RequestFactory()


def respond(request, response=None):
    return FrontCacheMiddleware(lambda r: response or HttpResponse("page"))(request)


@override_settings(HEARTH_FRONT_CACHE_SECONDS=300)
def test_an_anonymous_cookieless_page_is_public_for_the_cache_and_revalidated_by_browsers():
    assert respond(factory.get("/"))["Cache-Control"] == "public, max-age=0, s-maxage=300"


def test_a_not_found_page_is_shared_briefly():
    response = respond(factory.get("/nowhere/"), HttpResponse(status=404))
    assert "s-maxage=60" in response["Cache-Control"]


@pytest.mark.parametrize(
    "request_",
    [
        factory.get("/", HTTP_COOKIE="sessionid=abc"),
        factory.get("/", HTTP_COOKIE="csrftoken=abc"),
        factory.get("/", HTTP_AUTHORIZATION="Basic eDp5"),
        factory.post("/"),
    ],
    ids=["session", "any-cookie", "authorization", "post"],
)
def test_a_request_with_cookies_or_credentials_gets_a_private_answer(request_):
    assert respond(request_)["Cache-Control"] == "private"


def test_a_response_that_sets_a_cookie_is_private():
    response = HttpResponse("page with a token")
    response.set_cookie("csrftoken", "abc")
    assert respond(factory.get("/"), response)["Cache-Control"] == "private"


def test_a_views_own_cache_control_is_left_alone():
    own = never_cache(lambda request: HttpResponse("manage"))(factory.get("/"))
    assert "no-store" in respond(factory.get("/"), own)["Cache-Control"]
    feed = HttpResponse("feed")
    feed["Cache-Control"] = "public, max-age=900"
    assert respond(factory.get("/"), feed)["Cache-Control"] == "public, max-age=900"


def test_an_error_is_never_shared():
    assert respond(factory.get("/"), HttpResponse(status=500))["Cache-Control"] == "private"
