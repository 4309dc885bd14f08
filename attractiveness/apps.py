from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttractivenessConfig(AppConfig):
    name = "attractiveness"
    verbose_name = _("Attractiveness")
