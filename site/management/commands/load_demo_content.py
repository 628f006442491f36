"""``manage.py load_demo_content``: fill an empty Hearth with the demo organisation."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hearth.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Load Hearth's demo organisation (venues, gatherings, pages, images). Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even under production settings (a staging site, say).",
        )

    def handle(self, *args, allow_production=False, **options):
        if settings.HEARTH_PRODUCTION and not allow_production:
            raise CommandError(
                "These are production settings: the demo would add made-up gatherings, venues "
                "and an admin user to a real site. Add --allow-production if that is what you want."
            )
        DemoLoader(stdout=self.stdout, style=self.style).load(verbosity=options["verbosity"])
