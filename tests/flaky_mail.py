"""An e-mail backend that fails its first N sends (like a mail server that is briefly down)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failures_left = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("mail server went away")
        return super().send_messages(messages)
