"""Create the Organisers and Moderators groups and the approval workflow; optionally make a user
the organiser of one gathering."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from events.models import EventPage
from events.services.access import make_organiser, set_up_roles


class Command(BaseCommand):
    help = (
        "Set up organiser/moderator roles; --organiser USER --gathering SLUG grants one gathering."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organiser", help="username to make an organiser")
        parser.add_argument("--gathering", help="slug of the gathering they organise")

    def handle(self, *args, organiser=None, gathering=None, **options):
        set_up_roles()
        self.stdout.write("Roles ready: Organisers, Moderators, workflow 'Gathering approval'.")
        if not organiser and not gathering:
            return
        if not (organiser and gathering):
            raise CommandError("Give both --organiser and --gathering.")
        user = get_user_model().objects.filter(username=organiser).first()
        if user is None:
            raise CommandError(f"No user called {organiser!r}.")
        event = EventPage.objects.filter(slug=gathering).first()
        if event is None:
            raise CommandError(f"No gathering with the slug {gathering!r}.")
        make_organiser(user, event)
        self.stdout.write(f"{organiser} now organises {event.title}.")
