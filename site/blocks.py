"""The one StreamField palette every page shares; each block renders its own template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class CalloutBlock(blocks.StructBlock):
    """A highlighted note, e.g. "Bring a water bottle"."""

    heading = blocks.CharBlock(max_length=80, required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "help"
        template = "components/blocks/callout_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(max_length=120, required=False)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="components/blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        template="components/blocks/paragraph_block.html",
    )
    image = ImageBlock(template="components/blocks/image_block.html")
    callout = CalloutBlock()
    quote = QuoteBlock()


class NavigationLinkBlock(blocks.StructBlock):
    """One link in the header or footer: a page of the site, or a path such as a calendar."""

    page = blocks.PageChooserBlock(required=False)
    path = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text=_("Or a path on this site instead of a page, e.g. /whats-on/calendar/"),
    )
    label = blocks.CharBlock(
        required=False, max_length=40, help_text=_("The link's words; the page's title if empty.")
    )

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        path = (value.get("path") or "").strip()
        if not value.get("page") and not path:
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page, or give a path.")}
            )
        if path and not (path.startswith("/") and not path.startswith("//")):
            raise StructBlockValidationError(
                block_errors={"path": ValidationError("A path starts with /, e.g. /venues/")}
            )
        if path and not value.get("page") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError("Give the link some words.")}
            )
        return value


class NavigationBlock(blocks.StreamBlock):
    link = NavigationLinkBlock()


def _other_languages():
    from django.conf import settings

    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class SupportInLanguageBlock(blocks.StructBlock):
    """The support signposting in one other language the site speaks."""

    language = blocks.ChoiceBlock(choices=_other_languages)
    heading = blocks.CharBlock(max_length=80)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "globe"
        label = _("In another language")


class NameInLanguageBlock(blocks.StructBlock):
    """A name (and a line about it) in one other language the site speaks."""

    language = blocks.ChoiceBlock(choices=_other_languages)
    name = blocks.CharBlock(max_length=60)
    description = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "globe"
        label = _("In another language")


def for_visitor(stream):
    """The block of ``stream`` (of the two blocks above) for the active language, or None in
    the site's own language or where the organisers wrote none for it."""
    from django.conf import settings
    from django.utils import translation

    code = translation.get_language()
    if not code or code == settings.LANGUAGE_CODE:
        return None
    return next((b.value for b in stream if b.value["language"] == code), None)
