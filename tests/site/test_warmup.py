"""Cold start (hearth/warmup.py): the app warms up at load, without touching the database."""

from django.template import engines

from hearth.warmup import _templates, warm_up


def test_warm_up_compiles_every_template_without_touching_the_database():
    warm_up()  # no django_db mark: a query would fail the test
    loader = engines["django"].engine.template_loaders[0]
    cached = set(getattr(loader, "get_template_cache", {}))
    assert "base.html" in cached and "events/occurrence_page.html" in cached
    assert len(list(_templates())) > 30
