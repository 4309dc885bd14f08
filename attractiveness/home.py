"""The showcase's blocks on the territory's home page (declared in apps.py ``home_sections``).

Each function returns the context of one block, or an empty dict to leave it out. Teasers
load the columns they show, not the forty of a page and its body: with three listings that
is a good share of the page's CPU time (docs/performance.md).
"""

from django.utils import timezone
from wagtail.models import Page

from .models import STORY_TEASER, EcosystemPage, EventPage, KeyFigure, NewsPage, SuccessStoryPage

TEASER = ["title", "slug", "url_path", "path", "depth", "locale", "summary"]
TEASER += ["seo_title", "search_description"]


def _private(chrome):
    # The private sections come with the chrome (each .public() would look them up again).
    return chrome["private"] if chrome else Page.objects.private_q()


def key_figures(request, home, chrome) -> dict:
    # The request's territory scope keeps the figures to this territory.
    figures = list(KeyFigure.objects.filter(locale_id=home.locale_id, live=True)[:6])
    return {"key_figures": figures} if figures else {}


def ecosystems(request, home, chrome) -> dict:
    items = list(
        EcosystemPage.objects.live()
        .descendant_of(home)
        .exclude(_private(chrome))
        .select_related("image")
        .only(*TEASER, "image")[:6]
    )
    return {"ecosystems": items} if items else {}


def success_stories(request, home, chrome) -> dict:
    stories = list(
        SuccessStoryPage.objects.live()
        .descendant_of(home)
        .exclude(_private(chrome))
        .select_related("image")
        .only(*STORY_TEASER, "image")
        .order_by("-year", "-first_published_at", "-pk")[:3]
    )
    return {"stories": stories} if stories else {}


def news_and_events(request, home, chrome) -> dict:
    news = list(
        NewsPage.objects.live()
        .descendant_of(home)
        .exclude(_private(chrome))
        .only(*TEASER, "date", "image")
        .order_by("-date")[:3]
    )
    events = list(
        EventPage.objects.live()
        .descendant_of(home)
        .exclude(_private(chrome))
        .filter(start__gte=timezone.now())
        .only(*TEASER, "start", "end", "venue")
        .order_by("start")[:3]
    )
    if not (news or events):
        return {}
    return {"latest_news": news, "upcoming_events": events}
