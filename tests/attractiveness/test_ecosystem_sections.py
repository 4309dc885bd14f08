"""Sections that apps add to filière pages (attractiveness/ecosystem_sections.py): declared in
an AppConfig's ``ecosystem_sections``, rendered in order, left out when their context is empty."""

import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from attractiveness.ecosystem_sections import declared_ecosystem_sections
from attractiveness.models import EcosystemIndexPage, EcosystemPage
from home.models import HomePage
from realestate.models import OfferPage
from tests.realestate.conftest import make_offer, offer_index
from tests.realestate.test_offer_admin import offer_form
from tests.territories.isolation_world import admin_client

# The editor's admin speaks French: the message as they read it.
NOT_OURS = "Choisissez une filière de ce territoire."


def _ecosystem(territory, language="fr", title="Aéronautique"):
    root = territory.site.root_page
    home = HomePage.objects.get(
        translation_key=root.translation_key, locale__language_code=language
    )
    index = EcosystemIndexPage.objects.child_of(home).get()
    page = EcosystemPage(title=title, slug=f"f-{uuid.uuid4().hex[:8]}", summary="Résumé")
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def probes(monkeypatch):
    config = apps.get_app_config("testapp")
    monkeypatch.setattr(
        config,
        "ecosystem_sections",
        [
            "tests.testapp.ecosystem.LATE",
            "tests.testapp.ecosystem.EMPTY",
            "tests.testapp.ecosystem.EARLY",
        ],
        raising=False,
    )


def test_declared_sections_come_in_order(probes):
    keys = [section.key for section in declared_ecosystem_sections()]
    assert keys.index("probe_early") < keys.index("probe_empty") < keys.index("probe_late")


def test_sections_render_on_the_filiere_page_in_order_empty_ones_left_out(
    client, two_territories, probes
):
    lyonne = two_territories[0]
    page = _ecosystem(lyonne.territory, title="Chimie <verte>")
    response = client.get(page.url, HTTP_HOST=lyonne.host)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-probe="early"' in html and 'data-probe="late"' in html
    assert html.index('data-probe="early"') < html.index('data-probe="late"')
    assert "probe_empty" not in html and 'data-probe="empty"' not in html
    assert "early of Chimie &lt;verte&gt;" in html  # the section's text is escaped


def test_a_declaration_that_is_not_a_section_is_refused(monkeypatch):
    config = apps.get_app_config("testapp")
    monkeypatch.setattr(
        config, "ecosystem_sections", ["tests.testapp.ecosystem.NOT_A_SECTION"], raising=False
    )
    with pytest.raises(ImproperlyConfigured, match="not an EcosystemSection"):
        declared_ecosystem_sections()


def test_two_sections_with_one_key_are_refused(monkeypatch):
    config = apps.get_app_config("testapp")
    monkeypatch.setattr(
        config,
        "ecosystem_sections",
        ["tests.testapp.ecosystem.LATE", "tests.testapp.ecosystem.LATE"],
        raising=False,
    )
    with pytest.raises(ImproperlyConfigured, match="share a key"):
        declared_ecosystem_sections()


# Real estate's section: the offers linked to the filière ---------------------------------


def _offer_add_url(index):
    return reverse("wagtailadmin_pages:add", args=["realestate", "offerpage", index.pk])


def test_a_filiere_shows_the_live_offers_linked_to_it(client, two_territories):
    own, other = two_territories
    health = _ecosystem(own.territory, title="Santé")
    aero = _ecosystem(own.territory, title="Aéro")
    index = offer_index(own)
    make_offer(index, 1, title="Laboratoire L2", ecosystem=health)
    make_offer(index, 2, title="Plateau conclu", ecosystem=health, status="concluded")
    make_offer(index, 3, title="Hangar aéro", ecosystem=aero)
    make_offer(index, 4, title="Sans filière")
    # Written past the form (an import, a script): another territory's offer never shows.
    make_offer(offer_index(other), 5, title="ZSEVRE offre", ecosystem=health)
    html = client.get(health.url, HTTP_HOST=own.host).content.decode()
    assert 'id="ecosystem-offers-title"' in html and "Laboratoire L2" in html
    assert "Plateau conclu" not in html and "Hangar aéro" not in html
    assert "Sans filière" not in html and "ZSEVRE" not in html
    empty = client.get(_ecosystem(own.territory).url, HTTP_HOST=own.host).content.decode()
    assert 'id="ecosystem-offers-title"' not in empty


def test_the_offers_block_reads_the_same_queries_for_one_offer_or_six(client, two_territories):
    own, _other = two_territories
    health = _ecosystem(own.territory)
    image = Image.objects.create(
        title="Façade", file=get_test_image_file(), collection=own.territory.collection
    )
    index = offer_index(own)
    make_offer(index, 1, ecosystem=health, photos=[image])

    def count(probe):
        client.get(health.url, {"warm": probe}, HTTP_HOST=own.host)
        with CaptureQueriesContext(connection) as queries:
            client.get(health.url, {"probe": probe}, HTTP_HOST=own.host)
        return len(queries)

    one = count("one")
    for number in range(2, 9):
        make_offer(index, number, ecosystem=health, photos=[image])
    assert count("many") == one


@pytest.mark.parametrize("target", ["other_territory", "not_a_filiere"])
def test_an_offer_takes_a_filiere_of_its_own_territory_only(two_territories, target):
    own, other = two_territories
    own.editor.groups.add(other.territory.group_for("Editors"))  # the chooser offers both
    if target == "other_territory":
        page = _ecosystem(other.territory)
    else:
        page = HomePage.objects.get(pk=own.territory.site.root_page_id)
    client = admin_client(own.editor)
    response = client.post(_offer_add_url(offer_index(own)), offer_form(ecosystem=page.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["ecosystem"] == [NOT_OURS]
    assert not OfferPage.objects.filter(reference="GER-1").exists()


def test_an_offer_is_linked_to_a_filiere_of_its_territory(two_territories):
    own, _other = two_territories
    health = _ecosystem(own.territory)
    client = admin_client(own.editor)
    response = client.post(_offer_add_url(offer_index(own)), offer_form(ecosystem=health.pk))
    assert response.status_code == 302, response.context["form"].errors
    assert OfferPage.objects.get(reference="GER-1").ecosystem_id == health.pk
