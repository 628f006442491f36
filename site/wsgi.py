"""WSGI entry point: `gunicorn hearth.wsgi` (DJANGO_SETTINGS_MODULE defaults to production).

The application warms up as it loads (hearth/warmup.py): with gunicorn's ``preload_app`` that
happens once, in the master, before the workers fork, so the first request is as fast as any.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings.production")

application = get_wsgi_application()

import gc  # noqa: E402

from hearth.warmup import warm_up  # noqa: E402 - needs the application's settings loaded

warm_up()
# What the app loaded stays for the process's life: out of the collector's sight, so collections
# in forked workers never write to (and so copy) the pages they share with the master (Python's
# gc.freeze documentation: call it right before fork).
gc.freeze()
