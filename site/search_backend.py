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

from django.db.models import F
from wagtail.search.backends.database import SearchBackend as database_backend
from wagtail.search.backends.database.sqlite.query import MatchExpression, normalize
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchResults,
)
from wagtail.search.query import MatchAll, Not
from wagtail.search.utils import get_descendants_content_types_pks


class RankedSQLiteSearchResults(SQLiteSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        query = normalize(compiler.query)
        if not compiler.order_by_relevance or isinstance(query, (MatchAll, Not)):
            return super()._do_search()
        config = compiler.get_config(self.backend)
        matches = SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(
                compiler.fields or compiler.FTS_TABLE_FIELDS,
                compiler.build_search_query(query, config=config),
            )
        ).filter(
            index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model)
        )
        scored = matches.annotate(
            score=compiler._build_rank_expression(compiler.get_search_vectors(), config)
        )
        scores = {}
        for object_id, score in scored.values_list(F("index_entry__object_id"), "score"):
            scores[str(object_id)] = min(score, scores.get(str(object_id), score))
        allowed = compiler.queryset.filter(
            pk__in=matches.values("index_entry__object_id")
        ).values_list("pk", flat=True)
        # Wagtail's order: best score first (BM25 is lower for a better match), then newest.
        ranked = sorted(allowed, key=lambda pk: (scores[str(pk)], -pk))
        chosen = ranked[self.start : self.stop]
        by_pk = {obj.pk: obj for obj in compiler.queryset.filter(pk__in=chosen).order_by()}
        results = [by_pk[pk] for pk in chosen if pk in by_pk]
        if self._score_field:
            for obj in results:
                setattr(obj, self._score_field, scores[str(obj.pk)])
        return results


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    results_class = RankedSQLiteSearchResults


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend's module
    """Wagtail's database backend for the configured database; on SQLite, the ranked one."""
    backend = database_backend(params)
    if type(backend) is SQLiteSearchBackend:
        return RankedSQLiteSearchBackend(params)
    return backend
