"""Snippets: the kinds of activity (categories) and the people who lead gatherings."""

from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Category(models.Model):
    """The kind of activity (meditation, art therapy, ...), used for filters, colours and feeds."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    colour = models.CharField(
        max_length=7,
        default="#3d6b5a",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #3d6b5a.")],
        help_text="A dark colour as #rrggbb; white text is shown on it.",
    )
    description = models.CharField(max_length=200, blank=True)
    shows_support_panel = models.BooleanField(
        "show the support signposting",
        default=False,
        help_text="Show the “Need support now?” panel near the top of these gatherings' pages "
        "(peer support, bereavement, mental health).",
    )
    # Feeds name the category; renaming it must renew their cached copies.
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("colour"),
        FieldPanel("description"),
        FieldPanel("shows_support_panel"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


@register_snippet
class Facilitator(index.Indexed, models.Model):
    """A person who leads gatherings, introduced with a photo and a short bio."""

    name = models.CharField(max_length=100)
    role = models.CharField(max_length=100, blank=True, help_text="e.g. Art therapist (HCPC)")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(max_length=600, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo"), FieldPanel("bio")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
