from wagtail.snippets.models import register_snippet

from .views import KeyFigureViewSet, NewsCategoryViewSet

register_snippet(KeyFigureViewSet)
register_snippet(NewsCategoryViewSet)
