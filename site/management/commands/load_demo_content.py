"""``manage.py load_demo_content``: fill an empty Hearth with the demo organisation."""

from django.core.management.base import BaseCommand

from hearth.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Load Hearth's demo organisation (venues, gatherings, pages, images). Safe to re-run."

    def handle(self, *args, **options):
        DemoLoader(stdout=self.stdout, style=self.style).load(verbosity=options["verbosity"])
