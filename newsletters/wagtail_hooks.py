from wagtail.snippets.models import register_snippet

from .viewsets import NewsletterGroup

register_snippet(NewsletterGroup)
