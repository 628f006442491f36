"""What visitors use: booking forms and pages, and the calendar feeds."""
