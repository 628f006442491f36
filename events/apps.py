from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Gatherings"

    def ready(self):
        from events import receivers

        receivers.connect()
