"""Renditions made in the task queue before the first visitor (hearth/renditions.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from hearth import renditions
from hearth.tasks import make_renditions
from tests.factories import make_event_page, make_facilitator, make_venue

ROOT = Path(settings.BASE_DIR)


def specs_used_by_the_templates():
    """Every filter spec in an ``{% image %}`` tag or a ``prefetch_renditions`` call."""
    used = set()
    for path in (ROOT / "templates").rglob("*.html"):
        used |= set(re.findall(r"{%\s*image\s+\S+\s+([\w-]+)", path.read_text()))
    for folder in ("site", "events", "venues"):
        for path in (ROOT / folder).rglob("*.py"):
            for call in re.findall(r"prefetch_renditions\(([^)]*)\)", path.read_text()):
                used |= set(re.findall(r'"([\w-]+)"', call))
    return used


def test_every_size_a_template_asks_for_is_made_ahead():
    used = specs_used_by_the_templates()
    assert used, "found no image tags: the pattern no longer matches the templates"
    assert used <= set(renditions.SPECS), used - set(renditions.SPECS)


@pytest.fixture
def image():
    return Image.objects.create(title="Sunrise", file=get_test_image_file(size=(900, 600)))


@pytest.mark.django_db
def test_a_page_wants_the_sizes_its_templates_use_for_each_image_it_shows(image):
    event = make_event_page(image=image)
    assert renditions.wanted(event) == {image.pk: {"fill-480x270", "fill-1200x630"}}
    venue = make_venue(main_photo=image)
    venue.photos.create(image=image)
    assert renditions.wanted(venue) == {image.pk: {"fill-480x270", "fill-480x320", "width-1200"}}


@pytest.mark.django_db
def test_an_image_in_a_page_body_wants_the_body_size(image):
    event = make_event_page(body=[("image", image)])
    assert renditions.wanted(event)[image.pk] >= {"width-800"}


@pytest.fixture
def queued(settings):
    """A task backend that keeps what is queued instead of running it (as a worker's queue)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = make_renditions.get_backend()
    backend.clear()
    return backend.results


@pytest.mark.django_db
def test_publishing_a_page_queues_its_renditions_after_the_commit(
    image, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_event_page(image=image)
    wanted = [r.args[0] for r in queued if r.task.name == "make_renditions"]
    assert [[image.pk, ["fill-1200x630", "fill-480x270"]]] in wanted


@pytest.mark.django_db
def test_saving_a_facilitator_queues_their_photo(image, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_facilitator(photo=image)
    assert [[image.pk, ["fill-160x160"]]] in [r.args[0] for r in queued]


@pytest.mark.django_db
def test_a_new_upload_in_use_nowhere_queues_nothing(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Image.objects.create(title="New", file=get_test_image_file())
    assert not [r for r in queued if r.task.name == "make_renditions"]


@pytest.mark.django_db
def test_with_tasks_run_in_process_the_publish_does_not_wait_for_renditions(
    image, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_event_page(image=image)
    assert not image.renditions.exists()  # the first view makes them, as fast as a task would


@pytest.mark.django_db
def test_the_task_makes_each_rendition_once(image):
    assert make_renditions.call([[image.pk, ["fill-160x160", "width-800"]]]) == 2
    assert make_renditions.call([[image.pk, ["fill-160x160", "width-800"]]]) == 2
    assert image.renditions.count() == 2
    assert make_renditions.call([[image.pk + 1000, ["fill-160x160"]]]) == 0
