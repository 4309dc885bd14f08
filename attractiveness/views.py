from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from territories.viewsets import TerritoryOwnedViewSetMixin

from .models import KeyFigure, NewsCategory


class KeyFigureViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    model = KeyFigure
    icon = "table"
    menu_label = _("Key figures")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["label", "display_value", "unit", "source", "territory"]
    list_filter = ["locale"]
    search_fields = ["label", "source"]


class NewsCategoryViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("News categories")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "slug", "locale", "territory"]
    list_filter = ["locale"]
    search_fields = ["name"]
