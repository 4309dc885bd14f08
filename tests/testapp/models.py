from django.db import models

from territories.tenancy import TerritoryOwned, TerritoryOwnedVia, territory_manager


class Gadget(TerritoryOwned):
    name = models.CharField(max_length=60)

    def __str__(self):
        return self.name


class GadgetPart(TerritoryOwnedVia):
    """Owned through its gadget: the territory is one relation away."""

    territory_path = "gadget__territory"
    gadget = models.ForeignKey(Gadget, on_delete=models.CASCADE, related_name="parts")
    label = models.CharField(max_length=60)

    objects = territory_manager("gadget__territory")
