"""The site's own admin screens: promoted search results, in the territory's admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from territories.viewsets import TerritoryOwnedViewSetMixin

from .models import SearchPromotion


class SearchPromotionViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    model = SearchPromotion
    icon = "search"
    menu_label = _("Promoted search results")
    menu_order = 900
    add_to_settings_menu = True
    list_display = ["query", "display_title", "language", "territory"]
    list_filter = ["language"]
    search_fields = ["query", "title"]
