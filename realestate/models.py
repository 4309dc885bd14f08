"""Business real-estate offers. The offer pages themselves arrive with the offers issue."""

from django.utils.translation import gettext_lazy as _

from home.models import SectionIndexPage


class OfferIndexPage(SectionIndexPage):
    subpage_types = []

    class Meta:
        verbose_name = _("offer index")
