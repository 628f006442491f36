"""The site's background tasks (the events app keeps its own in events/tasks.py)."""

from django_tasks import task
from wagtail.images import get_image_model


@task()
def make_renditions(wanted):
    """Make the renditions in ``wanted`` ([[image id, [spec, ...]], ...]) that do not exist yet.

    Safe to repeat: existing renditions are found, not made again. Returns how many it holds.
    """
    specs_by_image = dict(wanted)
    made = 0
    for image in get_image_model().objects.filter(pk__in=specs_by_image):
        made += len(image.get_renditions(*specs_by_image[image.pk]))
    return made
