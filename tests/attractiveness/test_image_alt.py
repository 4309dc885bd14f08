"""Page-level images (hero, cards, news and ecosystem pages) whose page has no alt text of
its own (core/alt_text.py; tests/core/test_alt_text.py) carry, on French pages, the
description the editor gave the image, and ``alt=""`` when it has none: never the image's
title, which is usually a file name."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from attractiveness.models import (
    EcosystemIndexPage,
    EcosystemPage,
    EventIndexPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
)

pytestmark = pytest.mark.django_db

DESCRIBED = "Vue aérienne du port fluvial au lever du soleil"


def _image(territory, title, description=""):
    return Image.objects.create(
        title=title,
        description=description,
        file=get_test_image_file(),
        collection=territory.collection,
    )


def _alts(html, css_class) -> list[str]:
    tags = re.findall(rf'<img[^>]*class="{css_class}"[^>]*>', html)
    assert tags, f"no image with class {css_class}"
    return [re.search(r'alt="([^"]*)"', tag).group(1) for tag in tags]


@pytest.fixture
def pages(two_territories):
    tenant = two_territories[0]
    territory = tenant.territory
    home = territory.site.root_page.specific
    described = _image(territory, "IMG_0042.jpg", DESCRIBED)
    plain = _image(territory, "DSC_9999.jpg")
    home.hero_image = described
    home.save_revision().publish()
    ecosystems = EcosystemIndexPage.objects.child_of(home).get()
    with_alt = EcosystemPage(title="Logistique", slug="logistique", summary="s", image=described)
    without = EcosystemPage(title="Chimie", slug="chimie", summary="s", image=plain)
    for page in (with_alt, without):
        ecosystems.add_child(instance=page)
        page.save_revision().publish()
    news = NewsIndexPage.objects.child_of(home).get()
    item = NewsPage(title="Port", slug="port", summary="s", image=described)
    bare = NewsPage(title="Chantier", slug="chantier", summary="s", image=plain)
    for page in (item, bare):
        news.add_child(instance=page)
        page.save_revision().publish()
    return tenant, {"with": with_alt, "without": without, "news": item, "bare": bare}


def test_hero_and_cards_use_the_image_description(client, pages):
    tenant, made = pages
    html = client.get("/fr/", HTTP_HOST=tenant.host).content.decode()
    assert _alts(html, "hero__image") == [DESCRIBED]
    assert sorted(_alts(html, "card__image")) == ["", DESCRIBED]
    assert 'alt="IMG_0042.jpg"' not in html and 'alt="DSC_9999.jpg"' not in html
    index = made["with"].get_parent().relative_url(tenant.territory.site)
    html = client.get(index, HTTP_HOST=tenant.host).content.decode()
    assert sorted(_alts(html, "card__image")) == ["", DESCRIBED]


def test_detail_pages_use_the_image_description_or_are_decorative(client, pages):
    tenant, made = pages
    site = tenant.territory.site
    for key, expected in (("with", DESCRIBED), ("without", ""), ("news", DESCRIBED), ("bare", "")):
        html = client.get(made[key].relative_url(site), HTTP_HOST=tenant.host).content.decode()
        assert _alts(html, "figure-image") == [expected], key
        assert 'alt="DSC_9999.jpg"' not in html and 'alt="IMG_0042.jpg"' not in html


def test_descriptions_are_escaped(client, two_territories):
    tenant = two_territories[0]
    home = tenant.territory.site.root_page.specific
    home.hero_image = _image(tenant.territory, "x", 'Quai "Rambaud" <b>& co</b>')
    home.save_revision().publish()
    html = client.get("/fr/", HTTP_HOST=tenant.host).content.decode()
    assert 'alt="Quai &quot;Rambaud&quot; &lt;b&gt;&amp; co&lt;/b&gt;"' in html


def test_teasers_have_a_lazy_3_by_2_srcset_image_with_the_description(client, pages):
    """News and event teasers, on their index pages and on the home: a 3:2 crop in two widths,
    lazy-loaded, its description as alt text or decorative."""
    tenant, made = pages
    site = tenant.territory.site
    events = EventIndexPage.objects.child_of(site.root_page).get()
    start = timezone.now() + dt.timedelta(days=3)
    event = EventPage(
        title="Forum",
        slug="forum",
        summary="s",
        start=start,
        end=start + dt.timedelta(hours=2),
        image=made["news"].image,
    )
    events.add_child(instance=event)
    event.save_revision().publish()

    for url, expected in (
        (made["news"].get_parent().relative_url(site), ["", DESCRIBED]),
        (events.relative_url(site), [DESCRIBED]),
        ("/fr/", ["", DESCRIBED, DESCRIBED]),
    ):
        html = client.get(url, HTTP_HOST=tenant.host).content.decode()
        assert sorted(_alts(html, "teaser__image")) == expected, url
        for tag in re.findall(r'<img[^>]*class="teaser__image"[^>]*>', html):
            assert 'loading="lazy"' in tag and "sizes=" in tag, tag
            assert 'width="360"' in tag and 'height="240"' in tag, tag  # 3:2
            srcset = re.search(r'srcset="([^"]+)"', tag).group(1)
            # The test image is 640 px wide: the 720 px crop stops there (never upscaled).
            widths = [w.split()[-1] for w in srcset.split(", ")]
            assert widths == ["360w", "640w"], srcset
