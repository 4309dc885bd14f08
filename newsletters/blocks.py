"""The blocks of a newsletter's content.

Pages of the territory (offers, news, events) are embedded by chooser blocks: the admin's
chooser offers the user's own pages and another territory's id is "Select a valid choice"
(docs/tenancy.md, StreamField chooser blocks); the newsletter's form also refuses a page
outside the newsletter's own territory (a person in two territories), and rendering skips
one that is not a live page of that territory. To embed a new page type, add a line to
``PAGE_BLOCKS`` (the model and the label): the email template renders any of them as a card.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]

# block name -> (page model, label); success stories join here once attractiveness has them.
PAGE_BLOCKS = {
    "offer": ("realestate.OfferPage", _("business property offer")),
    "news": ("attractiveness.NewsPage", _("news item")),
    "event": ("attractiveness.EventPage", _("event")),
}


class EmailImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it (required)."),
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("image")


class ButtonBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external link"), required=False)

    class Meta:
        icon = "link"
        label = _("button")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                {"url": blocks.BlockValidationError(_("Choose a page or give a link."))}
            )
        return value


def _page_block(model: str, label):
    return blocks.PageChooserBlock(page_type=model, label=label)


class NewsletterStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=150, icon="title")
    paragraph = blocks.RichTextBlock(features=RICH_FEATURES, label=_("paragraph"))
    image = EmailImageBlock()
    button = ButtonBlock()
    offer = _page_block(*PAGE_BLOCKS["offer"])
    news = _page_block(*PAGE_BLOCKS["news"])
    event = _page_block(*PAGE_BLOCKS["event"])

    class Meta:
        label = _("content")
