"""The easy-to-read summary (FALC, "facile à lire et à comprendre") every public page type
carries: optional, shown first on the page when written (components/easy_read.html), and
listed in the admin's "Pages without an easy-to-read summary" report (home/views.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

EASY_READ_FEATURES = ["bold", "ol", "ul", "link"]


class EasyReadMixin(models.Model):
    easy_read = RichTextField(
        _("easy-to-read summary"),
        blank=True,
        features=EASY_READ_FEATURES,
        help_text=_(
            "Easy-to-read summary (FALC): short sentences, everyday words, one idea per "
            "sentence, no abbreviations. Say what the page is about and what the reader can "
            "do. Shown first on the page."
        ),
    )

    class Meta:
        abstract = True

    @property
    def has_easy_read(self) -> bool:
        return bool(self.easy_read and self.easy_read.strip() not in EMPTY_RICH_TEXT)


# What the editor stores for a summary left empty.
EMPTY_RICH_TEXT = ("", "<p></p>", "<p><br/></p>")
