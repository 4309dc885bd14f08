from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from territories.viewsets import TerritoryOwnedViewSetMixin

from .models import Gadget


class GadgetViewSet(TerritoryOwnedViewSetMixin, ModelViewSet):
    # A plain ModelForm on purpose (modelform_factory, no base_form_class): the mixin must
    # still refuse another territory's id.
    model = Gadget
    form_fields = ["territory", "name"]
    icon = "cog"


@hooks.register("register_admin_viewset")
def register_gadgets():
    return GadgetViewSet("gadgets")
