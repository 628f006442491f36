"""iCalendar (RFC 5545): public series feeds, and a person's own booking calendars."""
