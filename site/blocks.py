"""The one StreamField palette every page shares; each block renders its own template."""

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
