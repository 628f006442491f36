"""Remove a user's two-step sign-in (a lost phone): they set it up again at their next sign-in."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hearth import two_factor


class Command(BaseCommand):
    help = "Remove the authenticator app and backup codes of one admin user."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username!r}.")
        two_factor.turn_off(user)
        self.stdout.write(
            f"Two-step sign-in removed for {username}. "
            + (
                "They must set it up again before using the admin."
                if two_factor.requires_two_factor(user)
                else "They can set it up again under Account."
            )
        )
