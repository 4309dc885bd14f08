"""The alternative text of a page's own images (hero, main photo, contact photo), in the
page's language.

Wagtail's image ``description`` is one text for every use of the image and every language:
the English site read it in French. So a page that shows an image from a ForeignKey carries
the alt text next to it, ``<field>_alt``: a text field of the page, translated with it by
wagtail-localize like its title and summary. Images in a StreamField body are ``ImageBlock``s
and carry their own (docs/public-site.md, "Images").

These images illustrate the page's subject (in its listings too): they are informative, so
the admin asks for the text once an image is chosen (``AltTextPageForm``). A page saved
without one (an import, an older page) falls back to the image's description on pages in
the language the image library is described in (``LANGUAGE_CODE``), and is decorative
(``alt=""``) in the other languages: a French text is never read on the English site.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

ALT_HELP = _(
    "What the image shows, for people who cannot see it, in this page's language (translated "
    "with the page), e.g. “Aerial view of the river port at sunrise”. Needed once an image is "
    "chosen."
)


def alt_field(verbose_name=None) -> models.CharField:
    """The page's alt text of one of its images: declare it as ``<image field>_alt``."""
    return models.CharField(
        verbose_name or _("alternative text"), max_length=250, blank=True, help_text=ALT_HELP
    )


def image_alt(page, field: str = "image") -> str:
    """The alt text of the image in ``page``'s ``field``, in the language being rendered
    (the page's): its ``<field>_alt``, else the image's description in the library's
    language, else "" (decorative)."""
    text = getattr(page, f"{field}_alt", "")
    if text:
        return text
    image = getattr(page, field, None)
    if image is None:
        return ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    main = settings.LANGUAGE_CODE
    return image.description if language.split("-")[0] == main.split("-")[0] else ""


class AltTextPageForm(WagtailAdminPageForm):
    """A page form that asks for the alt text of each image the page shows
    (``alt_text_images`` on the model, each with its ``<field>_alt``)."""

    def clean(self):
        cleaned = super().clean()
        for field in getattr(self._meta.model, "alt_text_images", ()):
            name = f"{field}_alt"
            if name in self.fields and cleaned.get(field) and not cleaned.get(name, "").strip():
                self.add_error(name, _("Describe this image for people who cannot see it."))
        return cleaned
