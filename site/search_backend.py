"""Wagtail's database search backend, with relevance ranking on SQLite that does not grow with
the square of the matches.

On SQLite, Wagtail's backend (django-modelsearch's ``SQLiteSearchQueryCompiler``) ranks results
with a correlated subquery: for every matching page it runs the full-text match again to find
that page's score. A word every gathering shares ("calm", "group") then costs matches × matches:
4.9 s for one search at 5,000 gatherings (issue 15). Upstream knows it is slow
(wagtail/django-modelsearch#85: "takes several minutes to complete, but it does complete").

Here the match runs once: the scores of all matching index entries in one query, the pages the
caller's queryset allows in another, then the requested slice is fetched by primary key in
rank order. Counting, filtering, faceting, indexing and everything on PostgreSQL (which ranks in
one pass already) stay Wagtail's own.
"""

from django.db import connection
from wagtail.search.backends.database import SearchBackend as database_backend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend's module
    """Wagtail's database backend for the configured database; on SQLite, the ranked one."""
    backend = database_backend(params)
    if connection.vendor == "sqlite":
        from hearth.search_sqlite import RankedSQLiteSearchBackend, SQLiteSearchBackend

        if type(backend) is SQLiteSearchBackend:
            return RankedSQLiteSearchBackend(params)
    return backend
