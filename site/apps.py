from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HearthConfig(AppConfig):
    name = "hearth"
    verbose_name = "Hearth site"

    def ready(self):
        from hearth import checks, public_address  # noqa: F401 - registers the system checks

        post_migrate.connect(
            public_address.sync_after_migrate, sender=self, dispatch_uid="hearth_sync_site"
        )

        from hearth import receivers
        from hearth.observability import connect_task_signals

        receivers.connect()
        connect_task_signals()
