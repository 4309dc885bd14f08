from wagtail.snippets.models import register_snippet

from .viewsets import SearchPromotionViewSet

register_snippet(SearchPromotionViewSet)
