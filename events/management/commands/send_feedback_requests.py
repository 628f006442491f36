"""Ask yesterday's people how it felt (run daily; safe to run twice or on two machines)."""

from django.core.management.base import BaseCommand

from events.services.feedback import send_feedback_requests, tidy_feedback


class Command(BaseCommand):
    help = (
        "E-mail the anonymous one-question feedback request to people who came to a date "
        "yesterday (once per booking), and tidy expired links and old comments."
    )

    def handle(self, *args, **options):
        count = send_feedback_requests()
        expired, blanked = tidy_feedback()
        self.stdout.write(
            f"Queued {count} feedback request{'s' if count != 1 else ''}; removed {expired} "
            f"expired link{'s' if expired != 1 else ''}; blanked {blanked} old "
            f"comment{'s' if blanked != 1 else ''}."
        )
