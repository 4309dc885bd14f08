"""The dashboard's site summary ("68 pages, 8 images…") for a territory's people.

Wagtail counts the pages under the common ancestor of the pages a user may edit. An editor
holds permissions on each language's home page of one territory, whose common ancestor is
the tree root: the count was every territory's pages, the link led to the root and the
screen-reader text named the platform. Here the count and the link are the user's
territories' and the text names them; superusers keep Wagtail's platform-wide summary.
"""

from django.utils.functional import cached_property
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.models import Page

from .membership import scope_pages, territories_for


class TerritorySummaryMixin:
    @cached_property
    def territories(self):
        return list(territories_for(self.request.user))

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        if not self.request.user.is_superuser and self.territories:
            context["site_name"] = ", ".join(t.name for t in self.territories)
        return context


class TerritoryPagesSummaryItem(TerritorySummaryMixin, PagesSummaryItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = self.request.user
        if user.is_superuser:
            return context
        context["total_pages"] = scope_pages(Page.objects.filter(depth__gt=1), user).count()
        if len(self.territories) == 1:
            context["root_page"] = self.territories[0].site.root_page
        return context


_SCOPED_CLASSES: dict[type, type] = {}


def scope_summary_items(request, items) -> None:
    """Replace Wagtail's pages item and name the territories in the images and documents
    items (whose counts already follow the collections' permissions)."""
    for index, item in enumerate(items):
        if type(item) is PagesSummaryItem:
            items[index] = TerritoryPagesSummaryItem(request)
        elif type(item).__module__.startswith(("wagtail.images", "wagtail.documents")):
            cls = type(item)
            if cls not in _SCOPED_CLASSES:
                _SCOPED_CLASSES[cls] = type(
                    f"Territory{cls.__name__}", (TerritorySummaryMixin, cls), {}
                )
            item.__class__ = _SCOPED_CLASSES[cls]
