from django.apps import AppConfig

from territories.features import TerritoryFeature

GADGETS = [f"testapp.{action}_gadget" for action in ("add", "change", "delete", "view")]


class TestAppConfig(AppConfig):
    """A feature app that exists only in the test settings: it plugs into the tenancy
    mechanism the way a real app does, with a plain form left in on purpose."""

    name = "tests.testapp"
    label = "testapp"
    # Editors and moderators manage gadgets; Developers only read them.
    territory_feature = TerritoryFeature(
        roles={"Editors": GADGETS, "Moderators": GADGETS, "Developers": ["testapp.view_gadget"]},
    )
