"""News categories: a territory's own themes, in each of its languages; the news index
filters by ``?category=<slug>`` (pagination keeps the filter), teasers and news pages show
their categories as chips; the news page form offers the page's own territory's categories
in the page's language only; hostile filter values are a 404, never a 500."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield

from attractiveness.models import NewsCategory, NewsIndexPage, NewsPage
from tests.factories import UserFactory
from tests.territories.isolation_world import admin_client, is_denied

pytestmark = pytest.mark.django_db


def category(territory, name, slug, language="fr", key=None) -> NewsCategory:
    extra = {"translation_key": key} if key else {}
    row = NewsCategory(
        territory=territory,
        locale=Locale.objects.get(language_code=language),
        name=name,
        slug=slug,
        **extra,
    )
    row.full_clean()
    row.save()
    return row


def news_index(territory, language="fr") -> NewsIndexPage:
    home = territory.site.root_page
    if language != home.locale.language_code:
        home = home.get_translation(Locale.objects.get(language_code=language))
    return NewsIndexPage.objects.child_of(home).get()


def news(index, title, categories=(), days_ago=0, publish=True) -> NewsPage:
    page = NewsPage(
        title=title,
        slug=re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
        summary=f"Résumé de {title}",
        date=timezone.localdate() - dt.timedelta(days=days_ago),
    )
    index.add_child(instance=page)
    page.categories = list(categories)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def get(client, tenant, url, **params):
    return client.get(url, params, HTTP_HOST=tenant.host)


def titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="teaser__title"><a [^>]*>([^<]+)</a>', html)


@pytest.fixture
def lyonne(two_territories):
    tenant = two_territories[0]
    territory = tenant.territory
    index = news_index(territory)
    innovation = category(territory, "Innovation", "innovation")
    jobs = category(territory, "Emploi", "emploi")
    return SimpleNamespace(tenant=tenant, index=index, innovation=innovation, jobs=jobs)


def test_the_index_filters_by_category_and_its_pages_keep_the_filter(client, lyonne):
    tenant = lyonne.tenant
    index = lyonne.index
    innovation = lyonne.innovation
    jobs = lyonne.jobs
    for n in range(13):
        news(index, f"Labo {n:02}", [innovation], days_ago=n)
    news(index, "Usine", [jobs], days_ago=1)
    news(index, "Sans thème", [], days_ago=2)
    url = index.relative_url(tenant.territory.site)

    everything = get(client, tenant, url, page=2).content.decode()
    assert "Usine" in get(client, tenant, url).content.decode() + everything

    first = get(client, tenant, url, category="innovation")
    assert first.status_code == 200
    html = first.content.decode()
    assert titles(html) == [f"Labo {n:02}" for n in range(12)]
    assert 'href="?category=innovation&amp;page=2" rel="next"' in html
    assert re.search(r'href="[^"]*\?category=innovation" aria-current="page">Innovation<', html)

    second = get(client, tenant, url, category="innovation", page="2").content.decode()
    assert titles(second) == ["Labo 12"]
    assert 'href="?category=innovation&amp;page=1" rel="prev"' in second

    assert titles(get(client, tenant, url, category="emploi").content.decode()) == ["Usine"]
    # An empty category (a form's "all") is no filter.
    assert len(titles(get(client, tenant, url, category="").content.decode())) == 12


def test_chips_on_teasers_and_on_the_news_page(client, lyonne):
    tenant = lyonne.tenant
    index = lyonne.index
    innovation = lyonne.innovation
    jobs = lyonne.jobs
    page = news(index, "Gigafactory", [jobs, innovation])
    site = tenant.territory.site
    url = index.relative_url(site)
    expected = [f"{url}?category=emploi", f"{url}?category=innovation"]

    html = get(client, tenant, url).content.decode()
    assert sorted(re.findall(r'<a class="chip" href="([^"]+)">', html)) == expected
    html = get(client, tenant, page.relative_url(site)).content.decode()
    assert sorted(re.findall(r'<a class="chip" href="([^"]+)">', html)) == expected
    assert ">Emploi</a>" in html and ">Innovation</a>" in html


def test_an_empty_category_says_so(client, lyonne):
    tenant = lyonne.tenant
    index = lyonne.index
    jobs = lyonne.jobs
    news(index, "Usine", [jobs])
    response = get(client, tenant, index.relative_url(tenant.territory.site), category="innovation")
    assert response.status_code == 200
    assert "Aucune actualité dans la catégorie « Innovation »" in response.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        "inconnue",
        "x" * 10_000,
        "innovation\x00",
        "<script>alert(1)</script>",
        "../../admin",
        "INNOVATION",
    ],
)
def test_hostile_or_unknown_categories_are_404s(client, lyonne, value):
    tenant = lyonne.tenant
    index = lyonne.index
    response = get(client, tenant, index.relative_url(tenant.territory.site), category=value)
    assert response.status_code == 404
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_broken_percent_encoding_is_a_404(client, lyonne):
    tenant = lyonne.tenant
    index = lyonne.index
    url = index.relative_url(tenant.territory.site)
    response = client.get(f"{url}?category=%ff%fe%zz", HTTP_HOST=tenant.host)
    assert response.status_code == 404
    response = client.get(f"{url}?category=innovation&page=%ff", HTTP_HOST=tenant.host)
    assert response.status_code == 200


def test_categories_stay_in_their_territory(client, two_territories, lyonne):
    tenant = lyonne.tenant
    index = lyonne.index
    innovation = lyonne.innovation
    other = two_territories[1]
    theirs = category(other.territory, "Innovation", "innovation")
    only_theirs = category(other.territory, "Tourisme", "tourisme")
    their_index = news_index(other.territory)
    news(their_index, "Secret de Sèvre", [theirs, only_theirs])
    news(index, "Labo lyonnais", [innovation])
    url = index.relative_url(tenant.territory.site)

    html = get(client, tenant, url, category="innovation").content.decode()
    assert titles(html) == ["Labo lyonnais"]
    assert "Secret de Sèvre" not in html and "Tourisme" not in html
    # A slug only the other territory has is unknown here.
    assert get(client, tenant, url, category="tourisme").status_code == 404
    their_html = get(client, other, their_index.relative_url(other.territory.site)).content
    assert b"Labo lyonnais" not in their_html and b"Emploi" not in their_html


def test_translations_show_and_filter_in_the_page_language(client, lyonne):
    """A translated page may still point at the French categories (wagtail-localize copies the
    links): the English index shows and filters by their English versions."""
    tenant = lyonne.tenant
    innovation = lyonne.innovation
    jobs = lyonne.jobs
    territory = tenant.territory
    category(territory, "Innovation (EN)", "innovation-en", "en", innovation.translation_key)
    english = news_index(territory, "en")
    news(english, "Lab opens", [innovation, jobs])  # "Emploi" has no English version
    url = english.relative_url(territory.site)

    html = get(client, tenant, url).content.decode()
    assert re.findall(r'<a class="chip" href="([^"]+)">([^<]+)<', html) == [
        (f"{url}?category=innovation-en", "Innovation (EN)")
    ]
    assert titles(get(client, tenant, url, category="innovation-en").content.decode()) == [
        "Lab opens"
    ]
    # The French slug means nothing in the English index.
    assert get(client, tenant, url, category="innovation").status_code == 404


def test_slug_is_made_from_the_name_and_unique_per_territory_and_language(two_territories):
    territory, other = two_territories[0].territory, two_territories[1].territory
    made = category(territory, "Économie sociale", "")
    assert made.slug == "economie-sociale"
    category(other, "Économie sociale", "")  # another territory: no clash
    category(territory, "Social economy", "economie-sociale", "en")  # another language
    with translation.override("en"), pytest.raises(Exception, match="already has a category"):
        category(territory, "Autre", "economie-sociale")


# --- The news page form ------------------------------------------------------------------


def edit_data(page, categories) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "date": page.date.isoformat(),
            "summary": page.summary,
            "image": "",
            "body": streamfield([]),
            "seo_title": "",
            "search_description": "",
            "og_image": "",
        }
    ) | {"categories": [str(pk) for pk in categories]}


def offered(response) -> set[int]:
    assert response.status_code == 200
    html = response.content.decode()
    return {int(pk) for pk in re.findall(r'name="categories" value="(\d+)"', html)}


def draft_categories(page) -> set[int]:
    page.refresh_from_db()
    return {c.pk for c in page.get_latest_revision_as_object().categories.all()}


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_the_news_form_refuses_another_territorys_or_languages_category(
    two_territories, lyonne, who
):
    tenant = lyonne.tenant
    index = lyonne.index
    innovation = lyonne.innovation
    jobs = lyonne.jobs
    theirs = category(two_territories[1].territory, "Leur", "leur")
    english = category(tenant.territory, "Jobs", "jobs", "en", jobs.translation_key)
    page = news(index, "Brouillon", [jobs], publish=False)
    user = tenant.editor if who == "editor" else UserFactory(is_superuser=True, is_staff=True)
    client = admin_client(user)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    assert offered(client.get(url)) == {innovation.pk, jobs.pk}

    for hostile in (theirs, english):
        response = client.post(url, edit_data(page, [innovation.pk, hostile.pk]))
        assert response.status_code == 200, hostile
        assert "categories" in response.context["form"].errors, hostile
        assert draft_categories(page) == {jobs.pk}

    response = client.post(url, edit_data(page, [innovation.pk]))
    assert response.status_code == 302
    assert draft_categories(page) == {innovation.pk}


def test_the_add_form_offers_the_parents_territory_only(two_territories, lyonne):
    index = lyonne.index
    innovation = lyonne.innovation
    jobs = lyonne.jobs
    category(two_territories[1].territory, "Leur", "leur")
    client = admin_client(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtailadmin_pages:add", args=["attractiveness", "newspage", index.pk])
    assert offered(client.get(url)) == {innovation.pk, jobs.pk}


# --- The snippet in the admin ------------------------------------------------------------


def test_editors_manage_their_territorys_categories_only(two_territories, lyonne):
    tenant = lyonne.tenant
    other = two_territories[1]
    theirs = category(other.territory, "ZSEVRE catégorie", "zsevre")
    client = admin_client(tenant.editor)
    listing = client.get(reverse("wagtailsnippets_attractiveness_newscategory:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Innovation" in html and "ZSEVRE" not in html

    add = reverse("wagtailsnippets_attractiveness_newscategory:add") + "?locale=fr"
    own = tenant.territory.pk
    response = client.post(add, {"territory": own, "name": "Tourisme d'affaires", "slug": ""})
    assert response.status_code == 302, response.context["form"].errors
    made = NewsCategory.objects.get(name="Tourisme d'affaires")
    assert made.territory == tenant.territory and made.slug == "tourisme-daffaires"

    response = client.post(add, {"territory": other.territory.pk, "name": "Volé", "slug": "vole"})
    assert response.status_code == 200
    assert not NewsCategory.objects.filter(name="Volé").exists()

    edit = reverse("wagtailsnippets_attractiveness_newscategory:edit", args=[theirs.pk])
    assert is_denied(client.post(edit, {"name": "Pris", "slug": "pris"}))
    theirs.refresh_from_db()
    assert theirs.name == "ZSEVRE catégorie"


def test_feeds_carry_the_categories_in_the_feeds_language(client, lyonne):
    tenant, index = lyonne.tenant, lyonne.index
    english = news_index(tenant.territory, "en")
    category(tenant.territory, "Jobs <&>", "jobs", "en", lyonne.jobs.translation_key)
    news(index, "Usine", [lyonne.jobs, lyonne.innovation])
    news(english, "Factory", [lyonne.jobs])  # linked to the French row, as a copy would be
    site = tenant.territory.site
    rss = get(client, tenant, index.relative_url(site) + "rss/").content.decode()
    assert "<category>Emploi</category>" in rss and "<category>Innovation</category>" in rss
    atom = get(client, tenant, english.relative_url(site) + "atom/").content.decode()
    assert '<category term="Jobs &lt;&amp;&gt;"' in atom and "Emploi" not in atom


def test_renaming_a_category_purges_the_pages_that_show_it(client, lyonne):
    tenant, index, jobs = lyonne.tenant, lyonne.index, lyonne.jobs
    page = news(index, "Usine", [jobs])
    urls = [index.relative_url(tenant.territory.site), page.relative_url(tenant.territory.site)]
    for url in urls:
        get(client, tenant, url)
        assert get(client, tenant, url)["X-Page-Cache"] == "hit"
    jobs.name = "Emploi et compétences"
    jobs.save()
    for url in urls:
        response = get(client, tenant, url)
        assert response["X-Page-Cache"] == "miss"
        assert ">Emploi et compétences</a>" in response.content.decode()
