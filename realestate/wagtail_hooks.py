from wagtail import hooks

from .bulk_actions import ChangeOfferStatusBulkAction
from .import_views import OfferImportViewSet
from .viewsets import OfferListingViewSet


@hooks.register("register_admin_viewset")
def register_offer_listing():
    return OfferListingViewSet("offers")


@hooks.register("register_admin_viewset")
def register_offer_imports():
    return OfferImportViewSet("offer_imports")


hooks.register("register_bulk_action", ChangeOfferStatusBulkAction)
