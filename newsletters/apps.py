from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from territories.features import TerritoryFeature

MODELS = ("newsletter", "mailinglist", "subscriber", "subscription", "newslettersettings")
COMMUNICATION_PERMISSIONS = [
    f"newsletters.{action}_{model}"
    for model in MODELS
    for action in ("add", "change", "delete", "view")
]


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = _("Newsletters")
    # The territory's communication team writes and sends the letters and keeps the lists;
    # nobody else reads the subscribers (personal data).
    territory_feature = TerritoryFeature(roles={"Communication": COMMUNICATION_PERMISSIONS})

    def ready(self):
        from anymail.signals import tracking

        from .provider_events import on_tracking

        # A provider's bounces and complaints (when its webhook is configured).
        tracking.connect(on_tracking, dispatch_uid="newsletters.provider_tracking")
