"""StreamField blocks shared by every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2", label=_("level"))

    class Meta:
        icon = "title"
        label = _("heading")
        template = "components/blocks/heading_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    author = blocks.CharBlock(label=_("author"), required=False)
    role = blocks.CharBlock(label=_("role"), required=False)

    class Meta:
        icon = "openquote"
        label = _("quote")
        template = "components/blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    text = blocks.TextBlock(label=_("text"), required=False)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external link"), required=False)
    label = blocks.CharBlock(label=_("button label"), max_length=40)

    class Meta:
        icon = "pick"
        label = _("call to action")
        template = "components/blocks/cta_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_FEATURES, label=_("paragraph"))
    image = ImageBlock(label=_("image"))
    quote = QuoteBlock()
    call_to_action = CallToActionBlock(label=_("call to action"))

    class Meta:
        label = _("body")
        template = "components/blocks/body_block.html"
