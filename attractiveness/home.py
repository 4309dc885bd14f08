"""The showcase's blocks on the territory's home page (declared in apps.py ``home_sections``).

Each function returns the context of one block, or an empty dict to leave it out. Teasers
load the columns they show, not the forty of a page and its body: with three listings that
is a good share of the page's CPU time (docs/performance.md).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model
from wagtail.models import Page

from home.chrome import restricted_pages
from home.sections import EXPIRES

from .models import (
    STORY_TEASER,
    TEASER_RENDITIONS,
    EcosystemPage,
    EventIndexPage,
    KeyFigure,
    NewsIndexPage,
    SuccessStoryPage,
)
from .selectors import events_starting, news_listed

TEASER = ["title", "slug", "url_path", "path", "depth", "locale", "summary"]
TEASER += ["seo_title", "search_description", "image_alt"]


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


def _section(home, chrome, model) -> Page | None:
    """The home's live, public section of type ``model``: from the chrome's menu and footer
    (the home's children) when they are this home's, else looked up. One per home at most
    (``SectionIndexPage.max_count_per_parent``)."""
    if chrome and chrome["home"].pk == home.pk:
        content_type = ContentType.objects.get_for_model(model)  # cached by Django
        children = [*chrome["menu"], *chrome["footer"]]
        return next((page for page in children if page.content_type_id == content_type.pk), None)
    return model.objects.child_of(home).live().public().first()


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
    # Each listing reads its own table by its index, as many rows as it shows (selectors.py).
    restricted = chrome["restricted"] if chrome else restricted_pages(request)
    news = events = []
    if (index := _section(home, chrome, NewsIndexPage)) is not None:
        teasers = news_listed(index, restricted=restricted).select_related("image")
        news = list(teasers.only(*TEASER, "date", "image")[:3])
    if (index := _section(home, chrome, EventIndexPage)) is not None:
        teasers = events_starting(index, restricted=restricted).select_related("image")
        events = list(teasers.only(*TEASER, "start", "end", "venue", "online_url", "image")[:3])
    if not (news or events):
        return {}
    # One query for the teaser renditions of both lists, cold renditions cache or not.
    images = [item.image for item in (*news, *events) if item.image is not None]
    renditions = get_image_model().get_rendition_model().objects
    prefetch_related_objects(
        images,
        Prefetch(
            "renditions",
            queryset=renditions.filter(filter_spec__in=TEASER_RENDITIONS),
            to_attr="prefetched_renditions",
        ),
    )
    # Rendered once per publication (home/sections.py), but "upcoming" changes on its own
    # when the first of these events starts.
    expires = events[0].start if events else None
    return {"latest_news": news, "upcoming_events": events, EXPIRES: expires}
