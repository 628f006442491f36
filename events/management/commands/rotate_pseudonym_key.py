"""Print a new key for the pseudonyms, and what changing it does (README, Data protection)."""

from django.core.management.base import BaseCommand

from events.services import pseudonyms


class Command(BaseCommand):
    help = (
        "Print a new random HEARTH_PSEUDONYM_KEY. Set it in the environment and restart: "
        "returning-people counts start afresh from then on."
    )

    def handle(self, *args, **options):
        self.stdout.write(
            f"Current key id: {pseudonyms.key_id()}\n"
            "\n"
            "A new key (set it as HEARTH_PSEUDONYM_KEY on every server, then restart):\n"
            "\n"
            f"    {pseudonyms.new_key()}\n"
            "\n"
            "From then on every address gets a new pseudonym: returning people are counted "
            "afresh, and someone who came before and after the change counts as two people in a "
            "report spanning it (the report says so). Destroy the old key: without it the old "
            "pseudonyms can no longer be matched to any address.\n"
        )
