"""Page mixins every page type shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class SeoMixin(models.Model):
    """Open Graph image on top of Wagtail's own SEO title and search description."""

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sharing image"),
        help_text=_("Shown when the page is shared on social networks (1200×630 works best)."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("og_image")]

    class Meta:
        abstract = True


INTRO_FEATURES = ["bold", "italic", "link"]

IMAGE_HELP = _(
    "Screen readers read the image's description (edit it under Images). An image without "
    "a description is treated as decorative."
)
