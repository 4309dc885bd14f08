import pytest
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Site, WorkflowPage

from home.models import HomePage
from territories.models import Territory
from territories.services import territory_provision


@pytest.mark.django_db
def test_create_territory_twice_changes_nothing():
    args = [
        "--name",
        "Communauté du Lac",
        "--hostname",
        "lac.test",
        "--language",
        "fr",
        "--language",
        "en",
    ]
    call_command("create_territory", *args)
    counts = (Page.objects.count(), Site.objects.count(), GroupPagePermission.objects.count())
    call_command("create_territory", *args)
    assert (
        Page.objects.count(),
        Site.objects.count(),
        GroupPagePermission.objects.count(),
    ) == counts
    # The test world's territories (tests/world.py) are there too: look this one up.
    territory = Territory.objects.get(slug="communaute-du-lac")
    assert territory.site.hostname == "lac.test"
    homes = HomePage.objects.filter(translation_key=territory.site.root_page.translation_key)
    assert sorted(homes.values_list("locale__language_code", flat=True)) == ["en", "fr"]
    assert territory.groups.count() == 4
    assert WorkflowPage.objects.filter(page__in=homes).count() == 2


@pytest.mark.django_db
def test_standard_tree_in_both_languages():
    territory = territory_provision(
        name="Pays de Brume", hostname="brume.test", languages=["fr", "en"]
    )
    home = territory.site.root_page
    slugs = set(home.get_children().values_list("slug", flat=True))
    assert {
        "filieres",
        "immobilier",
        "actualites",
        "agenda",
        "contact",
        "mentions-legales",
    } <= slugs
    english = home.get_translations().get(locale__language_code="en")
    assert {"industries", "property", "news", "events", "contact", "legal-notice"} <= set(
        english.get_children().values_list("slug", flat=True)
    )
