"""Pseudonyms: a keyed hash of a booker's e-mail address, so reports can count people.

HMAC-SHA256 with ``HEARTH_PSEUDONYM_KEY`` over the normalised address (trimmed, lower-cased, the
same rule as booking). The same address always gives the same pseudonym under one key, so reports
can tell that someone came back after their name and address were erased. Without the key no one
can test an address against the stored values (a plain hash of an address is undone by hashing
a list of addresses); the site itself only ever compares them, never shows or reverses them.

A new key gives every address a new pseudonym: returning counts start afresh, and once the old
key is gone the old pseudonyms can no longer be matched to any address. Each booking stores the
short id of its key, so a report can say when its period spans a change of key.
"""

import hashlib
import hmac
import secrets

from django.conf import settings


def _key():
    configured = settings.HEARTH_PSEUDONYM_KEY
    if configured:
        return configured.encode()
    # Development and tests only: production settings refuse to start without their own key.
    return hmac.new(settings.SECRET_KEY.encode(), b"hearth.pseudonym-key", "sha256").digest()


def key_id():
    """A short, one-way label of the current key (8 hex digits)."""
    return hmac.new(_key(), b"hearth.pseudonym-key-id", hashlib.sha256).hexdigest()[:8]


def pseudonym(email):
    """The pseudonym of ``email`` under the current key; blank for a blank address."""
    normalised = (email or "").strip().lower()
    if not normalised:
        return ""
    return hmac.new(_key(), normalised.encode(), hashlib.sha256).hexdigest()


def new_key():
    """A fresh random key (256 bits) to put in HEARTH_PSEUDONYM_KEY."""
    return secrets.token_hex(32)
