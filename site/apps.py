from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(sender, **kwargs):
    """post_migrate: the database caches' tables (the feeds' parts, without Redis) exist after
    every `migrate`, so no deploy needs a step of its own for them. Does nothing when there
    are none or they exist already."""
    call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class HearthConfig(AppConfig):
    name = "hearth"
    verbose_name = "Hearth site"

    def ready(self):
        from hearth import checks, public_address  # noqa: F401 - registers the system checks

        post_migrate.connect(
            public_address.sync_after_migrate, sender=self, dispatch_uid="hearth_sync_site"
        )
        post_migrate.connect(
            create_cache_tables, sender=self, dispatch_uid="hearth_create_cache_tables"
        )

        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale
        from wagtail.signals import copy_for_translation_done

        from hearth import receivers, translations

        copy_for_translation_done.connect(
            translations.share_rights, dispatch_uid="hearth_translation_rights"
        )
        for signal in (post_save, post_delete, post_migrate):
            signal.connect(
                translations.forget_locales,
                sender=None if signal is post_migrate else Locale,
                dispatch_uid=f"hearth_forget_locales_{id(signal)}",
            )
        from hearth.observability import connect_task_signals

        receivers.connect()
        connect_task_signals()
