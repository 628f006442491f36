"""What organisers use in the Wagtail admin: dates, attendees, check-in, messages."""
