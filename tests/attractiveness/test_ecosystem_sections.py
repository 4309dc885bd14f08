"""Sections that apps add to filière pages (attractiveness/ecosystem_sections.py): declared in
an AppConfig's ``ecosystem_sections``, rendered in order, left out when their context is empty."""

import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from attractiveness.ecosystem_sections import declared_ecosystem_sections
from attractiveness.models import EcosystemIndexPage, EcosystemPage
from home.models import HomePage


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
