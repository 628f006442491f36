"""Logs never hold a secret link or personal data: one redaction for Django's and gunicorn's logs.

A manage link (``/rsvp/manage/<token>/``) cancels a booking and shows who booked what; a
personal feed (``/feeds/mine/<secret>.ics``) lists someone's bookings; a search term or an
e-mail address says who was looking for a grief group. ``redact`` replaces each with a marker,
wherever it stands in a line: request lines, "Not Found: ..." warnings, tracebacks, error mails.

Imported by the logging configuration before Django is set up, and by gunicorn's master
process: no Django models or settings here.
"""

import logging
import re

from django.utils.log import AdminEmailHandler
from gunicorn.glogging import Logger as _GunicornLogger

_PATTERNS = [
    # The secret part of manage links and personal feeds, also percent-encoded (a ?next=).
    (re.compile(r"(/rsvp/manage/)[^/\s?#\"'&]+", re.I), r"\1[token]"),
    (re.compile(r"(%2Frsvp%2Fmanage%2F)[^%/\s?#\"'&]+", re.I), r"\1[token]"),
    (re.compile(r"(/feeds/mine/)[^/\s?#\"'&]+", re.I), r"\1[secret].ics"),
    (re.compile(r"(%2Ffeeds%2Fmine%2F)[^%/\s?#\"'&]+", re.I), r"\1[secret].ics"),
    # What visitors and organisers search for, and any personal field sent in a query string.
    (
        re.compile(r"([?&;](?:q|query|search|email|name)=)[^&;\s#\"']*", re.I),
        r"\1[redacted]",
    ),
    # Anything that looks like an e-mail address, plain or percent-encoded.
    (re.compile(r"[\w.+%-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.I), "[e-mail]"),
    # Tokens shown as variables in tracebacks and error mails.
    (
        re.compile(r"\b((?:token|feed_secret|secret)['\"]?\s*[:=]\s*)['\"]?[\w-]{16,}['\"]?"),
        r"\1[redacted]",
    ),
]


def redact(text):
    """``text`` with manage tokens, feed secrets, search terms and e-mail addresses removed."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """A logging filter that redacts the whole formatted message and any traceback."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken log call must not break the request
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class RedactingAdminEmailHandler(AdminEmailHandler):
    """Django's error mail to ADMINS, with the request's paths and queries redacted too."""

    def send_mail(self, subject, message, *args, **kwargs):
        if kwargs.get("html_message"):
            kwargs["html_message"] = redact(kwargs["html_message"])
        super().send_mail(redact(subject), redact(message), *args, **kwargs)


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger (``logger_class`` in deploy/gunicorn.conf.py): both logs redacted."""

    def setup(self, cfg):
        super().setup(cfg)
        from hearth.observability import GunicornAccessFields

        # The access line is built from gunicorn's atoms first (redacted path, request id), then
        # the whole line is redacted again with the error log's rule.
        if not any(isinstance(f, GunicornAccessFields) for f in self.access_log.filters):
            self.access_log.addFilter(GunicornAccessFields())
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactSecrets) for f in log.filters):
                log.addFilter(RedactSecrets())
