from django.apps import AppConfig


class HearthConfig(AppConfig):
    name = "hearth"
    verbose_name = "Hearth site"

    def ready(self):
        from hearth import receivers
        from hearth.observability import connect_task_signals

        receivers.connect()
        connect_task_signals()
