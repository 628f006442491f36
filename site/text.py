"""Text typed by organisers, made safe where it is typed: no control characters, no odd line breaks.

A title, note, name or description travels into pages, e-mail headers and bodies, calendar
feeds, CSV exports and JSON-LD. Control characters (NUL, escape, backspace, ...) mean nothing
in any of them and break some (PostgreSQL refuses NUL; a newline in a Subject header stops the
e-mail). The line and paragraph separators U+2028/U+2029 (and NEL, U+0085) are read as line
breaks by some parsers and not by others: a category description holding one took its calendar
feed down. So, before anything is saved:

- one-line fields (names, titles, short notes): every kind of line break or tab becomes a space,
  and spaces at either end go;
- multi-line fields (descriptions, notes typed in a text area): every kind of line break becomes
  a plain newline;
- in both, the remaining control characters, byte-order marks and non-characters are removed.

The functions are pure. ``NormalisedText`` applies them to a model's text fields in
``clean_fields``, which Wagtail's page, snippet and settings forms (and ``Page.save``) run.
This module is the one hearth module besides ``hearth.blocks`` that events/ and venues/ import.
"""

import re

from django.db import models

_LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
_ONE_LINE_BREAKS = re.compile(r"\r\n|[\t\n\r\x0b\x0c\x85\u2028\u2029]")
# C0 and C1 controls other than tab and line breaks, DEL, the byte-order mark, interlinear
# annotation marks, non-characters and lone surrogates (which no encoder will write).
_CONTROLS = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)


def one_line(value):
    """``value`` on one line: line breaks and tabs become spaces, control characters go, and
    so do spaces at either end."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub("", _ONE_LINE_BREAKS.sub(" ", value)).strip()


def multi_line(value):
    """``value`` with plain newlines for every kind of line break, and no control characters."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))


def normalise_text_fields(instance, *, exclude=(), multi_line_fields=()):
    """Apply ``one_line`` to the CharFields and ``multi_line`` to the TextFields of ``instance``.

    CharFields named in ``multi_line_fields`` (typed in a text area) keep their line breaks.
    """
    for field in instance._meta.concrete_fields:
        if field.name in exclude or not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        multi = isinstance(field, models.TextField) or field.name in multi_line_fields
        setattr(instance, field.attname, multi_line(value) if multi else one_line(value))


class NormalisedText:
    """Model mixin: text fields are normalised (see the module) before Django validates them."""

    #: CharFields that organisers type in a text area, so keep line breaks.
    multi_line_text_fields = ()

    def clean_fields(self, exclude=None):
        normalise_text_fields(
            self, exclude=exclude or (), multi_line_fields=self.multi_line_text_fields
        )
        super().clean_fields(exclude=exclude)

    def minimal_clean(self):
        """Wagtail's light check for saving a draft (pages only) normalises the text too."""
        normalise_text_fields(self, multi_line_fields=self.multi_line_text_fields)
        super().minimal_clean()
