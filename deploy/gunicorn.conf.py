"""gunicorn settings for a Hearth app server: `gunicorn -c deploy/gunicorn.conf.py`.

Both of gunicorn's logs go to stdout/stderr (the journal, under systemd) through
``hearth.logs.GunicornLogger``, which redacts manage tokens, personal feed secrets, search terms
and e-mail addresses from every line. The access log leaves out the Referer header (it can hold
another site's URL with someone's details in it). Command-line options override these.
"""

import os

wsgi_app = "hearth.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))

logger_class = "hearth.logs.GunicornLogger"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Address, time, request line (redacted), status, bytes, milliseconds, browser.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
