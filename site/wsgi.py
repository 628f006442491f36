"""WSGI entry point: `gunicorn hearth.wsgi` (DJANGO_SETTINGS_MODULE defaults to production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings.production")

application = get_wsgi_application()
