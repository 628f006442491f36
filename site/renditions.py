"""Image renditions made ahead of the first visitor, in the task queue: when a page (or a
snippet) that shows an image is published or saved, and when an image in use gets a new file or
focal point.

Without this the first visitor of a new page (or of any page on a fresh app server, before
object storage) waits while Pillow resizes each photo on it. ``USES`` says which sizes each place
that shows an image asks for; tests/site/test_renditions.py fails when a template or a
``prefetch_renditions`` asks for a size not listed here.
"""

from django.db.models import ForeignKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage

# model label -> image field -> the filter specs its templates use.
USES = {
    "events.EventPage": {"image": ("fill-480x270", "fill-1200x630")},  # cards, og:image
    "events.Facilitator": {"photo": ("fill-160x160",)},
    "venues.VenuePage": {"main_photo": ("fill-480x270",)},  # venue cards
    "venues.VenuePhoto": {"image": ("fill-480x320", "width-1200")},
}
# An image block in any page body (templates/components/blocks/image_block.html).
STREAM_SPECS = ("width-800",)
SPECS = tuple(
    sorted({spec for fields in USES.values() for specs in fields.values() for spec in specs})
    + sorted(set(STREAM_SPECS))
)


def _in_stream(value):
    if isinstance(value, AbstractImage):
        yield value.pk
    elif isinstance(value, StreamValue):
        for child in value:
            yield from _in_stream(child.value)
    elif isinstance(value, StructValue | dict):
        for item in value.values():
            yield from _in_stream(item)
    elif isinstance(value, ListValue | list | tuple):
        for item in value:
            yield from _in_stream(item)


def wanted(obj, *, children=True):
    """{image id: {specs}} for the images ``obj`` shows: its image fields, the images in its
    StreamFields and, for a page, those of its inline children (a venue's photos)."""
    result = {}
    uses = USES.get(obj._meta.label, {})
    for field in obj._meta.concrete_fields:
        if isinstance(field, ForeignKey) and field.name in uses:
            if image_id := getattr(obj, field.attname):
                result.setdefault(image_id, set()).update(uses[field.name])
        elif isinstance(field, StreamField):
            for image_id in _in_stream(getattr(obj, field.attname)):
                result.setdefault(image_id, set()).update(STREAM_SPECS)
    if children and isinstance(obj, ClusterableModel):
        for relation in get_all_child_relations(obj):
            for child in getattr(obj, relation.get_accessor_name()).all():
                for image_id, specs in wanted(child, children=False).items():
                    result.setdefault(image_id, set()).update(specs)
    return result
