"""Singular and plural find the same things: "walks" finds the walking group."""

import datetime as dt

import pytest
import time_machine

from events.listing import word_forms, word_stem
from tests.factories import make_event_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("walks", "walk"),
        ("walking", "walk"),
        ("walked", "walk"),
        ("walk", "walk"),
        ("classes", "class"),
        ("stories", "story"),
        ("groups", "group"),
        ("meditations", "meditation"),
        ("yoga", "yoga"),
        ("bus", "bus"),
        ("need", "need"),
    ],
)
def test_a_word_is_reduced_to_a_plain_stem(word, stem):
    assert word_stem(word) == stem


def test_a_word_is_searched_in_its_common_forms():
    assert {"walk", "walks", "walking", "walked"} <= set(word_forms("walks"))


@time_machine.travel(dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC), tick=False)
def test_walks_finds_what_walk_finds_in_whats_on_and_in_search(client):
    make_event_page(title="Sunday walking group", summary="A gentle walk in the park.")
    make_event_page(title="Evening meditation", summary="Sitting quietly.")

    for word in ["walk", "walks", "walking"]:
        listing = client.get("/whats-on/", {"q": word}).content.decode()
        assert "Sunday walking group" in listing, word
        assert "Evening meditation" not in listing, word
        search = client.get("/search/", {"q": word}).content.decode()
        assert "1 result for" in search, word
        assert "Sunday walking group" in search, word
    assert "1 result for" in client.get("/search/", {"q": "meditations"}).content.decode()
