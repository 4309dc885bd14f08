from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealestateConfig(AppConfig):
    name = "realestate"
    verbose_name = _("Business real estate")
