"""Where Wagtail and Django hand the site a signal. Connected in ``HearthConfig.ready()``."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_tasks.backends.immediate import ImmediateBackend
from modelcluster.fields import ParentalKey
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published

from events.models import FeedGeneration
from hearth import renditions, tasks

# Rows no public page shows: people's data, queues, logs, sessions, sign-in, the search index,
# renditions (made while a page renders), Wagtail's editing history and workflows. A save of any
# other model may change a public page. Dates, gatherings, venues, categories and the Site raise
# the feeds' number in their own transaction instead (events/receivers.py), which pages read too.
NOT_ON_PAGES = {
    "events.feedgeneration", "events.feedbackinvitation", "events.feedbackanswer",
    "events.joinrequest", "events.rsvp", "events.enrolment", "events.outboundemail",
    "events.occurrence", "events.eventpage", "events.category", "venues.venuepage",
    "wagtailcore.site", "wagtailimages.rendition", "wagtailforms.formsubmission",
    "wagtailusers.userprofile", "wagtailcore.modellogentry", "wagtailcore.pagelogentry",
    "wagtailcore.revision", "wagtailcore.referenceindex", "wagtailcore.comment",
    "wagtailcore.commentreply", "wagtailcore.pagesubscription", "wagtailcore.taskstate",
    "wagtailcore.workflowstate", "wagtailcore.uploadedfile", "wagtailcore.apitoken",
}  # fmt: skip
NOT_ON_PAGES_APPS = {
    "django_tasks_database", "axes", "otp_totp", "otp_static", "wagtailsearch", "wagtailadmin",
    "admin", "auth", "contenttypes", "sessions", "migrations",
}  # fmt: skip


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


def content_changed(sender, **kwargs):
    """Anything a public page may show changed: the page cache (hearth/pagecache.py) drops every
    page once this commits."""
    meta = sender._meta
    if meta.app_label in NOT_ON_PAGES_APPS or meta.label_lower in NOT_ON_PAGES:
        return
    # Fixtures load raw; migrations save through historical models, before the table exists.
    if kwargs.get("raw") or sender.__module__ == "__fake__":
        return
    FeedGeneration.bump_pages()


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"hearth_page_content_{id(signal)}")
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
