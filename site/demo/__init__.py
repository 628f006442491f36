"""The demo organisation: content tables, drawn images, and the loader the command runs."""
