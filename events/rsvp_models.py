"""RSVP models (filled in by the RSVP work). Imported at the end of events/models.py."""

__all__ = []
