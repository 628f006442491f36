"""manage.py import_ics <file or URL> --parent <What's on page id or slug> [--publish]"""

import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from events.models import EventIndexPage
from events.services.ics_import import ImportRefused, import_gatherings, read_calendar

MAX_BYTES = 10 * 1024 * 1024
BAR_WIDTH = 24


class Command(BaseCommand):
    help = (
        "Import the gatherings of an iCalendar file or URL (e.g. a Google Calendar export) as "
        "draft gatherings under a What's on page. Running it again updates the same pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Path to an .ics file, or an http(s)/webcal URL.")
        parser.add_argument(
            "--parent", required=True, help="The What's on page (EventIndexPage): id or slug."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the gatherings at once (and record their cancelled and moved dates).",
        )

    def handle(self, *args, source, parent, publish, **options):
        index = self._parent(parent)
        data = self._read(source)
        try:
            result = read_calendar(data)
        except ImportRefused as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        self.stdout.write(
            f"Importing {len(result.gatherings)} gatherings from "
            f"“{result.name or source}” under “{index.title}”…"
        )
        try:
            counts = import_gatherings(
                result, index, publish=publish, progress=self._progress(len(result.gatherings))
            )
        except ImportRefused as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        self._summary(result, counts, publish)

    def _parent(self, value):
        pages = EventIndexPage.objects.all()
        page = pages.filter(pk=int(value)).first() if value.isdigit() else None
        page = page or pages.filter(slug=value).first()
        if page is None:
            raise CommandError(f"No What's on page (EventIndexPage) has the id or slug “{value}”.")
        return page

    def _read(self, source):
        scheme = urlsplit(source).scheme.lower()
        if scheme in {"http", "https", "webcal"}:
            url = "https" + source[len("webcal") :] if scheme == "webcal" else source
            request = urllib.request.Request(url, headers={"User-Agent": "Hearth import_ics"})  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    data = response.read(MAX_BYTES + 1)
            except OSError as error:
                raise CommandError(f"Could not download {url}: {error}") from error
        else:
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"There is no file at {source}.")
            data = path.read_bytes()[: MAX_BYTES + 1]
        if len(data) > MAX_BYTES:
            raise CommandError("That calendar is larger than 10 MB; nothing was imported.")
        return data

    def _progress(self, total):
        interactive = hasattr(self.stdout, "isatty") and self.stdout.isatty()

        def report(done, total_, gathering):
            filled = BAR_WIDTH * done // max(total, 1)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            line = f"[{bar}] {done}/{total} {gathering.title}"
            if interactive:
                self.stdout.write(f"\r{line[:78]:<78}", ending="")
                if done == total:
                    self.stdout.write("")
            else:
                self.stdout.write(line)
            sys.stdout.flush()

        return report

    def _summary(self, result, counts, publish):
        state = "published" if publish else "drafts"
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {counts['created']} created, {counts['updated']} updated ({state})."
            )
        )
        if counts["changes_applied"]:
            self.stdout.write(f"{counts['changes_applied']} cancelled or moved dates recorded.")
        if counts["changes_waiting"]:
            self.stdout.write(
                f"{counts['changes_waiting']} cancelled or moved dates will be recorded once the "
                "gatherings are published: publish them, then run this import again."
            )
        for gathering in result.gatherings:
            for note in gathering.notes:
                self.stdout.write(f"Note, {gathering.title}: {note}.")
        for title, reason in result.skipped:
            self.stdout.write(self.style.WARNING(f"Skipped “{title}”: {reason}."))
