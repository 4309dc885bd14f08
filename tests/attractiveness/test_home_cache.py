"""What the home page's caches (page cache, per-site chrome) must forget at once."""

import io
import re

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from attractiveness.models import KeyFigure, NewsIndexPage
from bench.generate_data import populate_territory
from home.models import HomePage
from tests.world import TERRITORIES

HOST = TERRITORIES[0][1]  # the first territory of the test world (tests/world.py)


@pytest.fixture
def territory(two_territories):
    territory = two_territories[0].territory
    populate_territory(territory, pages=2, figures=2, images=False)
    return territory


def _home(client) -> str:
    response = client.get("/fr/", HTTP_HOST=HOST)
    assert response.status_code == 200
    return response.content.decode()


def test_a_key_figure_edit_shows_on_the_cached_home_page(client, territory):
    assert "Indicateur 1<" in _home(client)
    assert "Indicateur 1<" in _home(client)  # now from the page cache
    figure = KeyFigure.objects.get(territory=territory, label="Indicateur 1")
    figure.label = "Étudiants"
    figure.save()
    html = _home(client)
    assert "Étudiants<" in html and "Indicateur 1<" not in html


def test_a_section_made_private_leaves_menu_and_listings_at_once(client, territory):
    html = _home(client)
    assert "Actualité 1<" in html and "/fr/actualites/" in html
    news_index = NewsIndexPage.objects.child_of(territory.site.root_page).get()
    PageViewRestriction.objects.create(page=news_index, restriction_type="password", password="x")
    html = _home(client)
    assert "Actualité 1<" not in html
    assert 'href="/fr/actualites/"' not in html


def test_a_cached_page_keeps_its_security_headers(client, territory):
    first = client.get("/fr/", HTTP_HOST=HOST)
    second = client.get("/fr/", HTTP_HOST=HOST)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert second[header] == first[header]


def test_an_archived_territory_is_not_served_from_the_cache(client, territory):
    from territories.services import territory_archive

    _home(client)
    assert client.get("/fr/", HTTP_HOST=HOST)["X-Page-Cache"] == "hit"
    territory_archive(territory=territory)
    assert client.get("/fr/", HTTP_HOST=HOST).status_code == 404


def test_a_site_moved_to_another_hostname_leaves_nothing_on_the_old_one(client, territory):
    _home(client)
    assert client.get("/fr/", HTTP_HOST=HOST)["X-Page-Cache"] == "hit"
    site = territory.site
    site.hostname = "moved.test"
    site.save()
    assert client.get("/fr/", HTTP_HOST=HOST).status_code == 404
    assert client.get("/fr/", HTTP_HOST="moved.test").status_code == 200


def test_requests_for_unknown_hosts_leave_nothing_in_the_cache(client, territory):
    from django.core.cache import cache

    from core.page_cache import GEN_KEY

    for index in range(3):
        assert client.get("/fr/", HTTP_HOST=f"unknown-{index}.test").status_code == 404
    assert cache.get_many([GEN_KEY.format(f"unknown-{index}.test") for index in range(3)]) == {}


def test_a_new_focal_point_of_the_hero_image_shows_on_the_cached_home_page(client, territory):
    """An image is not a page: saving it publishes nothing, yet the home page embeds its
    rendition. The image's collection says which territory to purge."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 32), (29, 79, 145)).save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Confluence",
        file=ImageFile(buffer, name="confluence.png"),
        collection=territory.collection,
    )
    HomePage.objects.filter(pk=territory.site.root_page_id).update(hero_image=image)

    def hero_src(html: str) -> str:
        return re.search(r'<img[^>]*class="hero__image"[^>]*>', html).group(0)

    before = hero_src(_home(client))
    assert client.get("/fr/", HTTP_HOST=HOST)["X-Page-Cache"] == "hit"
    image.focal_point_x, image.focal_point_y = 8, 16
    image.focal_point_width, image.focal_point_height = 16, 16
    image.save()
    assert hero_src(_home(client)) != before


def test_a_section_moved_out_of_the_menu_leaves_it_at_once(client, territory):
    html = _home(client)
    assert 'href="/fr/actualites/"' in html
    news_index = NewsIndexPage.objects.child_of(territory.site.root_page).get()
    news_index.move(news_index.get_siblings().exclude(pk=news_index.pk).first(), "last-child")
    assert 'href="/fr/actualites/"' not in _home(client)


def test_a_replaced_logo_file_never_leaves_a_broken_image(client, territory):
    """An editor uploads a new file for the logo: the cached home page and the cached chrome
    (which holds the settings and the logo's id, not a rendition URL) show a rendition of
    the new file, and every image the page names exists in storage."""
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from territories.models import TerritorySettings
    from tests.factories import make_member
    from tests.territories.isolation_world import admin_client

    def png(colour) -> bytes:
        buffer = io.BytesIO()
        PILImage.new("RGB", (120, 60), colour).save(buffer, "PNG")
        return buffer.getvalue()

    logo = get_image_model().objects.create(
        title="Logo",
        file=ImageFile(io.BytesIO(png((200, 10, 10))), name="logo.png"),
        collection=territory.collection,
    )
    settings = TerritorySettings.for_site(territory.site)
    settings.logo = logo
    settings.save()

    def logo_src(html: str) -> str:
        tag = re.search(r'<img[^>]*class="brand__logo"[^>]*>', html).group(0)
        return re.search(r'src="([^"]+)"', tag).group(1)

    before = logo_src(_home(client))
    assert client.get("/fr/", HTTP_HOST=HOST)["X-Page-Cache"] == "hit"

    editor = admin_client(make_member(territory, "Editors"))
    response = editor.post(
        reverse("wagtailimages:edit", args=[logo.pk]),
        {
            "title": "Logo",
            "collection": territory.collection_id,
            "tags": "",
            "description": "Logo",
            "file": SimpleUploadedFile("logo-2026.png", png((10, 200, 10)), "image/png"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    html = _home(client)
    after = logo_src(html)
    assert after != before and "logo-2026" in after
    for src in re.findall(r'src="/media/([^"]+)"', html):
        assert default_storage.exists(src), src
    assert default_storage.exists(after.removeprefix("/media/"))
