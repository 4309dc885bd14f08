from wagtail.snippets.models import register_snippet

from .views import KeyFigureViewSet

register_snippet(KeyFigureViewSet)
