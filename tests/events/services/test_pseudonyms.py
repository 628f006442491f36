"""Pseudonyms: one per address under one key, kept through erasure, new under a new key."""

import datetime as dt
import hashlib
import os
import subprocess
import sys
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from events.models import RSVP
from events.services import privacy, pseudonyms
from tests.factories import make_event_page, make_rsvp

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)


def test_the_same_address_however_typed_gives_the_same_pseudonym(settings):
    settings.HEARTH_PSEUDONYM_KEY = "a-key"
    assert pseudonyms.pseudonym(" Ana@Example.org ") == pseudonyms.pseudonym("ana@example.org")
    assert pseudonyms.pseudonym("ana@example.org") != pseudonyms.pseudonym("bo@example.org")
    assert pseudonyms.pseudonym("") == ""


def test_a_pseudonym_cannot_be_found_by_hashing_a_list_of_addresses(settings):
    settings.HEARTH_PSEUDONYM_KEY = "a-key"
    value = pseudonyms.pseudonym("ana@example.org")
    assert value not in {
        hashlib.new(name, b"ana@example.org").hexdigest() for name in ("sha256", "sha1", "md5")
    }
    settings.HEARTH_PSEUDONYM_KEY = "another-key"
    assert pseudonyms.pseudonym("ana@example.org") != value


def test_the_key_id_names_the_key_without_giving_it_away(settings):
    settings.HEARTH_PSEUDONYM_KEY = "a-key"
    first = pseudonyms.key_id()
    settings.HEARTH_PSEUDONYM_KEY = "another-key"
    assert len(first) == 8 and pseudonyms.key_id() != first
    assert first not in "a-key"


@pytest.mark.django_db
def test_a_booking_keeps_its_pseudonym_when_its_personal_data_is_erased(settings):
    settings.HEARTH_PSEUDONYM_KEY = "a-key"
    with time_machine.travel(NOW, tick=False):
        occurrence = make_event_page().occurrences.order_by("start").first()
        rsvp = make_rsvp(occurrence, name="Ana", email="Ana@Example.org")
        assert rsvp.pseudonym == pseudonyms.pseudonym("ana@example.org")
        assert rsvp.pseudonym_key == pseudonyms.key_id()

        privacy.erase_personal_data(occurrence=occurrence)

    erased = RSVP.objects.get(pk=rsvp.pk)
    assert (erased.name, erased.email, erased.access_needs) == ("", "", "")
    assert erased.pseudonym == rsvp.pseudonym


def test_rotate_command_prints_a_new_key_and_what_changing_it_does():
    out = StringIO()
    call_command("rotate_pseudonym_key", stdout=out)
    text = out.getvalue()
    new_key = [line.strip() for line in text.splitlines() if len(line.strip()) == 64][0]
    assert int(new_key, 16)
    assert "returning people are counted afresh" in text
    assert f"Current key id: {pseudonyms.key_id()}" in text


def test_production_refuses_to_start_without_its_own_pseudonym_key():
    env = {k: v for k, v in os.environ.items() if k != "HEARTH_PSEUDONYM_KEY"}
    env["SECRET_KEY"] = "x" * 50
    run = [sys.executable, "-c", "import hearth.settings.production"]

    refused = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    started = subprocess.run(
        run, env={**env, "HEARTH_PSEUDONYM_KEY": "k" * 64}, capture_output=True, check=False
    )

    assert refused.returncode != 0 and "Set HEARTH_PSEUDONYM_KEY" in refused.stderr
    assert started.returncode == 0
