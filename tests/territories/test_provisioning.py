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
        "Métropole de Lyonne",
        "--hostname",
        "lyonne.test",
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
    territory = Territory.objects.get()
    assert territory.site.hostname == "lyonne.test"
    assert HomePage.objects.filter(locale__language_code__in=["fr", "en"]).count() == 2
    assert territory.groups.count() == 4
    assert WorkflowPage.objects.filter(page__in=HomePage.objects.all()).count() == 2


@pytest.mark.django_db
def test_standard_tree_in_both_languages():
    territory = territory_provision(
        name="Val de Sèvre", hostname="sevre.test", languages=["fr", "en"]
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
