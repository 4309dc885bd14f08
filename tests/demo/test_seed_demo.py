"""`manage.py seed_demo` (behind `make demo`): two territories, French and English, people
with known logins; running it again changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Site

from attractiveness.models import (
    Company,
    CompanyImport,
    EcosystemPage,
    EventPage,
    KeyFigure,
    NewsCategory,
    NewsPage,
    SuccessStoryPage,
)
from demo.seed import PASSWORDS
from investors.models import Lead
from realestate.models import OfferPage
from territories.membership import territories_for
from territories.models import Territory, TerritorySettings
from territories.selectors import territory_pages
from territories.tenancy import territory_scope
from tests.world import TERRITORIES

WORLD_HOSTS = [host for _name, host in TERRITORIES]


def _snapshot():
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "latest_revision_id")),
        "images": get_image_model().objects.count(),
        "users": list(get_user_model().objects.order_by("pk").values_list("pk", "password")),
        "figures": KeyFigure.objects.count(),
        "categories": list(NewsCategory.objects.order_by("pk").values_list("pk", "slug")),
        "settings": list(TerritorySettings.objects.order_by("pk").values()),
        "log": PageLogEntry.objects.count(),
        "companies": list(Company.objects.order_by("pk").values_list("pk", "updated_at")),
    }


@pytest.mark.django_db
def test_seed_demo_builds_two_territories_and_is_idempotent():
    out = StringIO()
    call_command("seed_demo", port=8000, stdout=out)
    printed = out.getvalue()
    first = _snapshot()

    # Beside the test world's territories (tests/world.py), exactly the two demo ones.
    territories = {
        t.slug: t
        for t in Territory.objects.exclude(site__hostname__in=WORLD_HOSTS).select_related("site")
    }
    assert set(territories) == {"confluences", "haut-vallon"}
    for slug, territory in territories.items():
        site = territory.site
        assert (site.hostname, site.port) == (f"{slug}.localhost", 8000)
        assert f"http://{slug}.localhost:8000/" in printed
        assert territory.languages == ["fr", "en"]
        branding = TerritorySettings.for_site(site)
        branding.full_clean()  # colours pass the WCAG AA validation
        assert branding.logo.collection_id == territory.collection_id
        figures = KeyFigure.objects.for_territory(territory)
        by_key = {}
        for figure in figures.select_related("locale"):
            by_key.setdefault(figure.translation_key, set()).add(figure.locale.language_code)
        assert by_key and all(languages == {"fr", "en"} for languages in by_key.values())
        assert get_image_model().objects.filter(collection=territory.collection).count() >= 8
        tree = territory_pages(territory)
        stories = SuccessStoryPage.objects.live().filter(pk__in=tree.values("pk"))
        for language in ("fr", "en"):
            mine = stories.filter(locale__language_code=language)
            assert mine.count() == 3
            # each in a filière of its own language and territory
            assert all(
                story.ecosystem.locale_id == story.locale_id
                and tree.filter(pk=story.ecosystem_id).exists()
                for story in mine.select_related("ecosystem")
            )
        assert len(set(stories.values_list("translation_key", flat=True))) == 3
        for filiere in EcosystemPage.objects.live().filter(pk__in=tree.values("pk")):
            assert filiere.figures.count() == 3 and filiere.contact_name and filiere.cta_label
            # real estate's block on the filière page has offers to show
            assert OfferPage.objects.filter(ecosystem=filiere, is_live=True).exists()
        # At least 60 open companies through the real import, in each of its filières.
        listed = Company.objects.filter(territory=territory).listed()
        assert listed.count() >= 60
        imported = CompanyImport.objects.get(territory=territory)
        assert imported.status == "done" and imported.rejected == 0
        filieres = {page.translation_key for c in listed for page in c.filieres.all()}
        assert len(filieres) == 3

        prefixes = {"Editors": "editor", "Moderators": "moderator", "Developers": "developer"}
        for role in ("Editors", "Moderators", "Developers"):
            email = f"{prefixes[role]}@{slug}.localhost"
            user = authenticate(email=email, password=PASSWORDS[role])
            assert user is not None and email in printed
            assert list(territories_for(user)) == [territory]
        developer = authenticate(
            email=f"developer@{slug}.localhost", password=PASSWORDS["Developers"]
        )
        with territory_scope(territory):
            leads = Lead.objects.filter(territory=territory).count()
        developers = territory.group_for("Developers")
        assert leads >= 3 and developers in developer.groups.all()
        assert developers.permissions.filter(codename="view_lead").exists()
    admin = authenticate(email="admin@territoria.localhost", password=PASSWORDS["superuser"])
    assert admin is not None and admin.is_superuser
    assert "http://localhost:8000/" in printed
    assert Site.objects.exclude(hostname__in=WORLD_HOSTS).count() == 2

    out = StringIO()
    call_command("seed_demo", port=8000, stdout=out)
    assert "nothing to change" in out.getvalue()
    assert _snapshot() == first


@pytest.mark.django_db
def test_seed_demo_content_renders_in_both_languages(client):
    call_command("seed_demo", port=8000, stdout=StringIO())
    french = client.get("/fr/", HTTP_HOST="confluences.localhost:8000").content.decode()
    english = client.get("/en/", HTTP_HOST="confluences.localhost:8000").content.decode()
    assert "Rhône-Confluences, là où se rencontrent" in french and "Chiffres clés" in french
    assert '<meta property="og:image" content="http://confluences.localhost:8000/media/' in french
    assert "where tomorrow&#x27;s industries meet" in english and "Key figures" in english
    rural = client.get("/fr/", HTTP_HOST="haut-vallon.localhost:8000").content.decode()
    assert "grandeur nature" in rural and "Rhône-Confluences" not in rural
    legal = client.get("/fr/mentions-legales/", HTTP_HOST="haut-vallon.localhost:8000")
    assert legal.status_code == 200 and "Directeur de la publication" in legal.content.decode()


@pytest.mark.django_db
def test_seed_demo_news_and_events(client):
    """Each demo territory, in each language: ten news items with images and categories,
    six events with images (three past, three upcoming; one online, one with a
    registration link); the news index filters by a demo category."""
    call_command("seed_demo", port=8000, stdout=StringIO())
    now = timezone.now()
    for slug in ("confluences", "haut-vallon"):
        territory = Territory.objects.get(slug=slug)
        home = territory.site.root_page
        for language in ("fr", "en"):
            tree = Page.objects.get(
                translation_key=home.translation_key, locale__language_code=language
            )
            items = NewsPage.objects.live().descendant_of(tree).prefetch_related("categories")
            assert items.count() >= 10, (slug, language)
            for item in items:
                assert item.image_id is not None, item
                codes = {c.locale.language_code for c in item.categories.all()}
                assert codes == {language}, (item, codes)
            events = EventPage.objects.live().descendant_of(tree)
            assert events.filter(end__lt=now).count() >= 3, (slug, language)
            assert events.filter(end__gte=now).count() >= 3, (slug, language)
            assert not events.filter(image__isnull=True).exists()
            assert events.filter(end__gte=now).exclude(online_url="").exists()
            assert events.filter(end__gte=now).exclude(registration_url="").exists()
            names = NewsCategory.objects.filter(territory=territory, locale__language_code=language)
            assert names.count() >= 3

    host = "haut-vallon.localhost:8000"
    html = client.get("/en/news/?category=tourism", HTTP_HOST=host).content.decode()
    assert "The Vallon greenway extended by 18 km" in html and 'class="chip"' in html
    assert "Morel sawmill" not in html  # in crafts and settling in, not tourism
    listing = client.get("/fr/agenda/", HTTP_HOST=host).content.decode()
    assert 'class="teaser__image"' in listing and "srcset=" in listing
