"""Places where gatherings happen. Venues know nothing of events; events point at venues."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from hearth import translations
from hearth.language import LanguageUrls
from hearth.remembered import KnownRestrictions
from hearth.rows import QuickRows
from hearth.text import NormalisedText


class VenueIndexPage(KnownRestrictions, LanguageUrls, NormalisedText, Page):
    """Lists every venue (/venues/)."""

    intro = models.TextField(max_length=400, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["hearth.HomePage"]
    subpage_types = ["venues.VenuePage"]
    max_count = 1

    class Meta:
        verbose_name = _("list of venues")
        verbose_name_plural = _("lists of venues")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A translation of the list shows the venues of the site's list, each in the visitor's
        # language where translated (hearth/translations.py).
        context["venues"] = translations.listed(
            VenuePage.objects.live()
            .child_of(translations.source_of(self))
            .order_by("title")
            .prefetch_related(Prefetch("main_photo", queryset=_images("fill-480x270")))
        )
        return context


def _images(*filters):
    """Images with the named renditions fetched alongside, so a list of photos costs 2 queries."""
    from wagtail.images import get_image_model

    return get_image_model().objects.prefetch_renditions(*filters)


class VenuePage(QuickRows, KnownRestrictions, LanguageUrls, NormalisedText, Page):
    """A place, with its address and the access facts people need before they set out."""

    address = models.TextField(
        help_text=_("Street address, one line per row, without the postcode.")
    )
    postcode = models.CharField(max_length=12, blank=True)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    directions = RichTextField(
        features=["bold", "italic", "link", "ul"],
        blank=True,
        help_text=_("How to find the room once you arrive: entrance, floor, signs."),
    )
    main_photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Structured access facts: real fields so visitors can filter on them.
    step_free_access = models.BooleanField(
        "step-free access",
        default=False,
        help_text=_("Step-free route from the street to the room."),
    )
    accessible_toilet = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    quiet_space = models.BooleanField(
        default=False, help_text=_("A quiet room or corner to take a break in.")
    )
    parking = models.BooleanField(default=False, help_text=_("Parking on site or right outside."))
    parking_notes = models.CharField(max_length=200, blank=True)
    public_transport = models.TextField(
        blank=True, help_text=_("Nearest bus stops and stations, and how far they are.")
    )
    access_notes = models.TextField(
        blank=True, help_text=_("Anything else: door widths, lift size, lighting, assistance dogs.")
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("directions"),
            ],
            heading=_("Where it is"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("step_free_access"),
                FieldPanel("accessible_toilet"),
                FieldPanel("hearing_loop"),
                FieldPanel("quiet_space"),
                FieldPanel("parking"),
                FieldPanel("parking_notes"),
                FieldPanel("public_transport"),
                FieldPanel("access_notes"),
            ],
            heading=_("Access"),
        ),
        FieldPanel("main_photo"),
        InlinePanel("photos", label=_("More photos")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("address"),
        index.SearchField("postcode"),
        index.SearchField("access_notes"),
        index.FilterField("step_free_access"),
        index.FilterField("hearing_loop"),
    ]

    parent_page_types = ["venues.VenueIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    ACCESS_FACTS = (
        ("step_free_access", _("Step-free access")),
        ("accessible_toilet", _("Accessible toilet")),
        ("hearing_loop", _("Hearing loop")),
        ("quiet_space", _("Quiet space")),
        ("parking", _("Parking")),
    )

    def get_context(self, request, *args, **kwargs):
        """The place, its photos, and whatever other apps add through a hook.

        Venues know nothing of what happens at them: apps that hold dates (events) add them
        with the ``construct_venue_page_context`` hook, called with the page, request and context.
        """
        context = super().get_context(request, *args, **kwargs)
        context["photos"] = list(
            self.photos.prefetch_related(
                Prefetch("image", queryset=_images("fill-480x320", "width-1200"))
            )
        )
        context["now"] = timezone.now()
        for hook in hooks.get_hooks("construct_venue_page_context"):
            hook(self, request, context)
        return context

    @property
    def access_facts(self):
        """(label, present) pairs, in a fixed order, so absent facts are stated, not omitted."""
        return [(label, getattr(self, field)) for field, label in self.ACCESS_FACTS]

    @property
    def address_lines(self):
        lines = [line.strip() for line in self.address.splitlines() if line.strip()]
        if self.postcode:
            lines.append(self.postcode)
        return lines

    @property
    def openstreetmap_url(self):
        if self.latitude is None or self.longitude is None:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=18/{self.latitude}/{self.longitude}"
        )


class VenuePhoto(NormalisedText, Orderable):
    venue = ParentalKey(VenuePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
