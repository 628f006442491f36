"""The SQLite half of hearth/search_backend.py, imported only when the database is SQLite
(its full-text models exist only there)."""

from django.db.models import F
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
