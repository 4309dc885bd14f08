"""The showcase's own sections of the filière page (declared in apps.py
``ecosystem_sections``)."""

from wagtail.models import Page

from home.chrome import site_chrome

from .ecosystem_sections import EcosystemSection
from .models import STORY_TEASER, SuccessStoryPage

STORIES_SHOWN = 6


def success_stories(request, page) -> dict:
    """The filière's latest success stories in the page's language tree, six at most: one
    query, reading the teaser's columns only."""
    chrome = site_chrome(request)
    private = chrome["private"] if chrome else Page.objects.private_q()
    home = chrome["home"] if chrome else page.get_parent().get_parent()
    stories = list(
        SuccessStoryPage.objects.live()
        .filter(ecosystem=page)
        .descendant_of(home)
        .exclude(private)
        .select_related("image")
        .only(*STORY_TEASER, "image")
        .order_by("-year", "-first_published_at", "-pk")[:STORIES_SHOWN]
    )
    return {"stories": stories, "ecosystem": page} if stories else {}


SUCCESS_STORIES = EcosystemSection(
    "success_stories", 20, "attractiveness/ecosystem/success_stories.html", success_stories
)
