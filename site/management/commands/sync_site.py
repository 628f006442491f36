"""``manage.py sync_site``: set Wagtail's default Site from BASE_URL (migrate does it too)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from hearth.public_address import UnusableBaseURL, sync_default_site


class Command(BaseCommand):
    help = "Set the hostname and port of Wagtail's default Site from BASE_URL."
    requires_system_checks = []  # it fixes what the Site check reports

    def handle(self, *args, **options):
        try:
            site, changed = sync_default_site()
        except UnusableBaseURL as error:
            raise CommandError(str(error)) from error
        except DatabaseError:
            self.stdout.write("No Site table yet: `migrate` will set the Site from BASE_URL.")
            return
        if site is None:
            self.stdout.write("No default Site yet: `migrate` or the demo content creates one.")
        elif changed:
            self.stdout.write(f"Default Site is now {site.root_url}.")
        else:
            self.stdout.write(f"Default Site already matches BASE_URL: {site.root_url}.")
