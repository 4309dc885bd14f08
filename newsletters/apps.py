from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from territories.features import TerritoryFeature

MODELS = ("newsletter", "mailinglist", "subscriber", "subscription")
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
