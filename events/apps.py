from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Gatherings"

    def ready(self):
        from events import signals  # noqa: F401  (connects Wagtail's publish signals)
