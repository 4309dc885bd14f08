from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from territories.viewsets import TerritoryOwnedViewSetMixin

from .models import KeyFigure


class KeyFigureViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    model = KeyFigure
    icon = "table"
    menu_label = _("Key figures")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["label", "display_value", "unit", "source", "territory"]
    list_filter = ["locale"]
    search_fields = ["label", "source"]
