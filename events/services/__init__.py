"""The rules of the domain, as plain functions with keyword arguments and no request.

``dates`` (stored dates follow schedules; cancel or move one date), ``booking`` (seats, waiting
lists, reminders), ``privacy`` (erasure, personal feed secrets), ``attendees`` (organisers'
work on one date), ``access`` (who may see what; the organisation's roles) and ``ics_import``.
Each change that touches seats locks the occurrence row, re-checks, writes, and sends e-mail
only after the commit.
"""
