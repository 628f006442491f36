"""Where Wagtail and Django hand the site a signal. Connected in ``HearthConfig.ready()``."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save
from django_tasks.backends.immediate import ImmediateBackend
from modelcluster.fields import ParentalKey
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published

from hearth import renditions, tasks


def _queue_renditions(wanted):
    payload = [[image_id, sorted(specs)] for image_id, specs in sorted(wanted.items())]
    # Worth it only where tasks run in a worker: run in-process (the immediate backend of
    # development and tests), the publish would wait for what the first view makes as fast.
    if isinstance(tasks.make_renditions.get_backend(), ImmediateBackend):
        return
    if payload:
        # After the commit, so the worker finds the image, its file and the page.
        transaction.on_commit(lambda: tasks.make_renditions.enqueue(payload), robust=True)


def page_published_images(sender, instance, **kwargs):
    """A published page's images get their renditions before anyone asks for the page."""
    _queue_renditions(renditions.wanted(instance.specific))


def snippet_saved_images(sender, instance, **kwargs):
    """A snippet that shows an image (a facilitator's photo), likewise."""
    _queue_renditions(renditions.wanted(instance))


def image_saved(sender, instance, created, **kwargs):
    """An image in use got a new file or focal point: Wagtail dropped its renditions; make them
    again. (A new upload is in use nowhere yet: its page's publish makes what it needs.)"""
    if created or kwargs.get("raw"):
        return
    if ReferenceIndex.get_references_to(instance).exists():
        _queue_renditions({instance.pk: set(renditions.SPECS)})


def connect():
    page_published.connect(page_published_images, dispatch_uid="hearth_page_published_images")
    for label in renditions.USES:
        model = apps.get_model(label)
        # Pages, and their inline children, are covered by the publish.
        inline = any(isinstance(field, ParentalKey) for field in model._meta.get_fields())
        if not issubclass(model, Page) and not inline:
            post_save.connect(
                snippet_saved_images, sender=model, dispatch_uid=f"hearth_images_{label}"
            )
    post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="hearth_image_saved")
