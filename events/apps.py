from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Gatherings"

    def ready(self):
        from events import organiser_hooks, signals  # noqa: F401  (admin hooks; publish signals)
