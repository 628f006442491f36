"""Snippets: the kinds of activity (categories) and the people who lead gatherings."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from hearth.blocks import NameInLanguageBlock, for_visitor
from hearth.text import NormalisedText


@register_snippet
class Category(NormalisedText, models.Model):
    """The kind of activity (meditation, art therapy, ...), used for filters, colours and feeds."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(
        "web address",
        max_length=60,
        unique=True,
        help_text=_("The category's name in web addresses and calendar feeds, e.g. art-therapy."),
    )
    colour = models.CharField(
        max_length=7,
        default="#3d6b5a",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #3d6b5a.")],
        help_text=_("A dark colour as #rrggbb; white text is shown on it."),
    )
    description = models.CharField(max_length=200, blank=True)
    shows_support_panel = models.BooleanField(
        "show the support signposting",
        default=False,
        help_text=_(
            "Show the “Need support now?” panel near the top of these gatherings' pages "
            "(peer support, bereavement, mental health)."
        ),
    )
    in_other_languages = StreamField(
        [("language", NameInLanguageBlock())],
        blank=True,
        help_text=_(
            "Its name in the other languages the site speaks, for visitors reading it in them "
            "(the name above where a language is left out)."
        ),
    )
    # Feeds name the category; renaming it must renew their cached copies.
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("colour"),
        FieldPanel("description"),
        FieldPanel("shows_support_panel"),
        FieldPanel("in_other_languages"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    @property
    def local_name(self):
        """The name in the active language where the organisers gave one."""
        words = for_visitor(self.in_other_languages)
        return words["name"] if words else self.name

    @property
    def local_description(self):
        words = for_visitor(self.in_other_languages)
        return (words["description"] or self.description) if words else self.description


@register_snippet
class Facilitator(NormalisedText, index.Indexed, models.Model):
    """A person who leads gatherings, introduced with a photo and a short bio.

    ``email`` is private: requests to join are sent there, and it is never shown or indexed.
    """

    name = models.CharField(max_length=100)
    role = models.CharField(max_length=100, blank=True, help_text=_("e.g. Art therapist (HCPC)"))
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(
        max_length=600,
        blank=True,
        help_text=_("A few sentences, shown on their gatherings' pages."),
    )
    # Private: requests to join reach the facilitator here. Never on a page, feed or index.
    email = models.EmailField(
        "private e-mail address",
        blank=True,
        help_text=_(
            "Requests to join this person's gatherings are sent here. Never shown on the site."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("email"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
