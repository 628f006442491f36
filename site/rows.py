"""Pages read from the database without the work their constructors do for new pages.

A list of 100 dates builds a gathering and a venue page for each, and a month was most of its
time in their constructors: modelcluster's (it walks every field of the model, on every row,
to find child objects passed as arguments, which a row read from the database never has) and
Django's own handling of deferred columns (a look-up in a list, for each of a page's 60
columns). ``QuickRows.from_db`` builds the same instance as Django's ``Model.from_db`` does,
with Django's constructor alone and a set for the columns that were read.

Only for models whose own constructors (and their mixins') do nothing for a saved row: Wagtail's
``Page.__init__`` acts only when the page has no id yet.
"""

from django.db import models
from django.db.models.base import DEFERRED


class QuickRows:
    @classmethod
    def from_db(cls, db, field_names, values):
        fields = cls._meta.concrete_fields
        if len(values) != len(fields):
            read = set(field_names)
            remaining = iter(values)
            values = [next(remaining) if f.attname in read else DEFERRED for f in fields]
        row = cls.__new__(cls)
        models.Model.__init__(row, *values)
        row._state.adding = False
        row._state.db = db
        return row
