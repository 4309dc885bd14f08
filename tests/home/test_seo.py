"""What search engines and social networks read of every page (docs/seo.md): the meta
description and sharing image with their fallbacks, X cards, canonical URLs per language,
and JSON-LD valid against schema.org for each page type, which no page text can break."""

import datetime as dt
import json
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from attractiveness.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from core.seo import jsonld_script, plain_text
from home.models import HomePage, StandardPage
from territories.models import TerritorySettings
from tests.home.schemaorg import validate

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            self.meta.setdefault(key, []).append(attrs.get("content", ""))
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])


def fetch(client, tenant, page, query=""):
    response = client.get(page.relative_url(tenant.territory.site) + query, HTTP_HOST=tenant.host)
    assert response.status_code == 200, page.url_path
    html = response.content.decode()
    head = Head()
    head.feed(html)
    scripts = JSONLD.findall(html)
    assert len(scripts) <= 1, "one JSON-LD script a page"
    nodes = json.loads(scripts[0]) if scripts else []
    head.jsonld = nodes if isinstance(nodes, list) else [nodes]
    head.html = html
    return head


def one(head, key) -> str:
    values = head.meta.get(key, [])
    assert len(values) == 1, (key, values)
    return values[0]


def node(head, schema_type) -> dict:
    found = [n for n in head.jsonld if n["@type"] == schema_type]
    assert len(found) == 1, (schema_type, [n["@type"] for n in head.jsonld])
    return found[0]


def homes(territory) -> dict:
    root = territory.site.root_page
    pages = HomePage.objects.filter(translation_key=root.translation_key).select_related("locale")
    return {page.locale.language_code: page for page in pages}


def image(territory, title="Halle"):
    return Image.objects.create(
        title=title,
        file=get_test_image_file(),
        collection=territory.collection,
        description=f"{title}, vue",
    )


def add(parent, model, key=None, **fields):
    page = model(translation_key=key or uuid.uuid4(), locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def news(home, key=None, **fields):
    index = NewsIndexPage.objects.child_of(home).get()
    fields = {"title": "Nouvelle usine", "slug": "nouvelle-usine", "summary": "Résumé", **fields}
    return add(index, NewsPage, key, **fields)


def event(home, **fields):
    index = EventIndexPage.objects.child_of(home).get()
    start = timezone.make_aware(dt.datetime(2026, 12, 15, 9, 30))  # Paris, winter: +01:00
    fields = {
        "title": "Forum",
        "slug": "forum",
        "summary": "Le forum",
        "start": start,
        "end": start + dt.timedelta(hours=3),
        **fields,
    }
    return add(index, EventPage, **fields)


def set_branding(territory, **fields):
    branding = TerritorySettings.for_site(territory.site)
    for name, value in fields.items():
        setattr(branding, name, value)
    branding.save()


@pytest.fixture
def lyonne(two_territories):
    return two_territories[0]


# --- the validator itself can fail ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"@type": "Evnt", "name": "x"}, "unknown @type"),
        ({"@type": "Event", "headline": "x"}, "not a property"),
        ({"@type": "Event", "location": {"@type": "NewsArticle"}}, "not in the range"),
        ({"@type": "Event", "eventStatus": "https://schema.org/EventHappening"}, "no member"),
        ({"@type": "Event", "startDate": "2026-12-15T09:30:00"}, "fits none"),
        ({"@type": "Event", "startDate": "demain"}, "fits none"),
        ({"@type": "NewsArticle", "publisher": {"name": "x"}}, "no @type"),
        ({"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "pos": 1}]}, "pos"),
        ({"@type": "WebPage", "sameAs": "pas une adresse"}, "fits none"),
        ({"@type": "Event", "startDate": "https://example.org/"}, "fits none"),
        ({"@type": "Event", "organizer": "La métropole"}, "fits none"),
    ],
)
def test_the_validator_refuses_what_schema_org_does_not_define(data, problem):
    errors = validate(data)
    assert errors and any(problem in error for error in errors), errors


def test_the_validator_accepts_inherited_properties_and_subclasses():
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "x",  # Article's (CreativeWork's)
        "name": "x",  # Thing's
        "publisher": {"@type": "GovernmentOrganization", "name": "x"},  # range Organization
        "datePublished": "2026-12-03",
    }
    assert validate(data) == []


# --- meta description, Open Graph, X card ---------------------------------------------


def test_description_falls_back_from_search_description_to_summary_to_the_tagline(client, lyonne):
    territory = lyonne.territory
    fr = homes(territory)["fr"]
    set_branding(territory, tagline="Là où l'industrie se réinvente")
    item = news(fr, summary="Une usine de 200 emplois ouvre à Vénissieux.")
    assert one(fetch(client, lyonne, item), "description") == (
        "Une usine de 200 emplois ouvre à Vénissieux."
    )
    item.search_description = "Pour les moteurs de recherche"
    item.save_revision().publish()
    head = fetch(client, lyonne, item)
    assert one(head, "description") == "Pour les moteurs de recherche"
    assert (
        one(head, "og:description")
        == one(head, "twitter:description")
        == ("Pour les moteurs de recherche")
    )
    # A page with nothing of its own to say: the territory's tagline.
    legal = StandardPage.objects.child_of(fr).live().first()
    legal.intro = ""
    legal.save_revision().publish()
    assert one(fetch(client, lyonne, legal), "description") == "Là où l'industrie se réinvente"
    # No tagline either: still a description (the title and the territory).
    set_branding(territory, tagline="")
    assert one(fetch(client, lyonne, legal), "description") == (f"{legal.title} · {territory.name}")


def test_rich_text_intro_becomes_plain_text_cut_on_a_word():
    text = "<p>Un <b>parc</b> &amp; ses ateliers</p>" + "<p>mot </p>" * 60
    result = plain_text(text)
    assert result.startswith("Un parc & ses ateliers mot")
    assert len(result) <= 160 and result.endswith("…") and "<" not in result


def test_sharing_image_falls_back_from_og_image_to_the_pages_image_to_the_logo(client, lyonne):
    territory = lyonne.territory
    fr = homes(territory)["fr"]
    photo, sharing, logo = (
        image(territory, "Usine"),
        image(territory, "Partage"),
        image(territory, "Logo"),
    )
    item = news(fr, image=photo)
    head = fetch(client, lyonne, item)
    url = one(head, "og:image")
    assert url.startswith(f"http://{lyonne.host}") and "fill-1200x630" in url
    assert photo.get_rendition("fill-1200x630").url in url
    assert one(head, "og:image:alt") == "Usine, vue"
    assert one(head, "twitter:card") == "summary_large_image"
    assert one(head, "twitter:image") == url
    assert node(head, "NewsArticle")["image"] == [url]

    item.og_image = sharing
    item.save_revision().publish()
    head = fetch(client, lyonne, item)
    assert sharing.get_rendition("fill-1200x630").url in one(head, "og:image")

    # No image at all: the territory's logo, whole (not cropped), in a small card.
    bare = news(fr, slug="sans-image", title="Sans image")
    head = fetch(client, lyonne, bare)
    assert "og:image" not in head.meta and "twitter:image" not in head.meta
    assert one(head, "twitter:card") == "summary"
    set_branding(territory, logo=logo)
    head = fetch(client, lyonne, bare)
    assert logo.get_rendition("max-1200x630").url in one(head, "og:image")
    assert one(head, "twitter:card") == "summary"
    assert "image" not in node(head, "NewsArticle") or node(head, "NewsArticle")["image"]


def test_the_home_uses_its_hero_image_and_says_website(client, lyonne):
    territory = lyonne.territory
    fr = homes(territory)["fr"]
    hero = image(territory, "Confluence")
    HomePage.objects.filter(pk=fr.pk).update(hero_image=hero)
    head = fetch(client, lyonne, fr)
    assert hero.get_rendition("fill-1200x630").url in one(head, "og:image")
    assert one(head, "og:type") == "website"
    assert one(head, "og:site_name") == territory.name


def test_news_is_an_article_with_its_date(client, lyonne):
    item = news(homes(lyonne.territory)["fr"], date=dt.date(2026, 11, 30))
    head = fetch(client, lyonne, item)
    assert one(head, "og:type") == "article"
    assert one(head, "article:published_time") == "2026-11-30"


def test_locale_and_its_alternates_follow_the_translations(client, lyonne):
    pages = homes(lyonne.territory)
    key = uuid.uuid4()
    fr = news(pages["fr"], key=key)
    en = news(pages["en"], key=key, title="New plant", slug="new-plant")
    head = fetch(client, lyonne, fr)
    assert one(head, "og:locale") == "fr_FR"
    assert one(head, "og:locale:alternate") == "en_GB"
    head = fetch(client, lyonne, en)
    assert one(head, "og:locale") == "en_GB"
    assert one(head, "og:locale:alternate") == "fr_FR"
    # Not translated: no alternate.
    alone = news(pages["fr"], slug="seule", title="Seule")
    assert "og:locale:alternate" not in fetch(client, lyonne, alone).meta


def test_canonical_is_the_pages_own_url_in_its_language_without_query(client, lyonne):
    pages = homes(lyonne.territory)
    key = uuid.uuid4()
    fr = news(pages["fr"], key=key)
    en = news(pages["en"], key=key, title="New plant", slug="new-plant")
    root = f"http://{lyonne.host}"
    head = fetch(client, lyonne, fr, "?utm_source=x&page=3")
    assert head.canonical == [root + fr.relative_url(lyonne.territory.site)]
    assert head.canonical[0].startswith(f"{root}/fr/")
    assert one(head, "og:url") == head.canonical[0]
    assert fetch(client, lyonne, en).canonical == [root + en.relative_url(lyonne.territory.site)]
    assert fetch(client, lyonne, en).canonical[0].startswith(f"{root}/en/")


# --- JSON-LD ------------------------------------------------------------------------------


def test_every_page_of_a_territory_has_valid_json_ld_of_its_type(client, lyonne):
    territory = lyonne.territory
    for home in homes(territory).values():
        news(home, image=image(territory))
        event(home, venue="Halle Tony Garnier", registration_url="https://inscription.example/")
    set_branding(
        territory, logo=image(territory, "Logo"), linkedin_url="https://linkedin.example/l"
    )
    expected = {
        "HomePage": "GovernmentOrganization",
        "NewsPage": "NewsArticle",
        "EventPage": "Event",
    }
    seen = set()
    for home in homes(territory).values():
        for page in Page.objects.descendant_of(home, inclusive=True).live().specific():
            head = fetch(client, lyonne, page)
            assert validate(head.jsonld) == [], (page.url_path, head.jsonld)
            kind = type(page).__name__
            node(head, expected.get(kind, "WebPage"))
            if isinstance(page, HomePage):
                assert "BreadcrumbList" not in [n["@type"] for n in head.jsonld]
            else:
                crumbs = node(head, "BreadcrumbList")["itemListElement"]
                assert (
                    crumbs[0]["item"] == f"http://{lyonne.host}{home.relative_url(territory.site)}"
                )
                assert crumbs[-1]["name"] == page.title
                assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
            seen.add(kind)
    assert {"HomePage", "NewsPage", "EventPage", "StandardPage", "ContactPage"} <= seen


def test_the_home_describes_the_territory(client, lyonne):
    territory = lyonne.territory
    logo = image(territory, "Logo")
    set_branding(territory, logo=logo, linkedin_url="https://linkedin.example/lyonne")
    territory.region = "ARA"
    territory.official_code = "200046977"
    territory.save()
    head = fetch(client, lyonne, homes(territory)["fr"])
    organization = node(head, "GovernmentOrganization")
    assert organization["name"] == territory.name
    assert organization["url"] == f"http://{lyonne.host}/fr/"
    assert logo.get_rendition("max-1200x630").url in organization["logo"]["url"]
    assert organization["email"] == territory.contact_email
    assert organization["address"]["addressRegion"] == "Auvergne-Rhône-Alpes"
    assert organization["identifier"]["value"] == "200046977"
    assert organization["sameAs"] == ["https://linkedin.example/lyonne"]
    assert node(head, "WebSite")["publisher"]["@id"] == organization["@id"]
    assert validate(head.jsonld) == []


def test_news_article_names_its_date_publisher_and_image(client, lyonne):
    photo = image(lyonne.territory)
    item = news(homes(lyonne.territory)["fr"], image=photo, date=dt.date(2026, 11, 30))
    article = node(fetch(client, lyonne, item), "NewsArticle")
    assert article["headline"] == "Nouvelle usine"
    assert article["datePublished"] == "2026-11-30"
    assert article["publisher"]["name"] == lyonne.territory.name
    assert photo.get_rendition("fill-1200x630").url in article["image"][0]
    assert validate(article) == []


@pytest.mark.parametrize(
    ("venue", "online", "mode"),
    [
        ("Halle", "", "OfflineEventAttendanceMode"),
        ("", "https://visio.example/forum", "OnlineEventAttendanceMode"),
        ("Halle", "https://visio.example/forum", "MixedEventAttendanceMode"),
    ],
)
def test_event_has_its_dates_with_offset_place_or_link_and_registration(
    client, lyonne, venue, online, mode
):
    page = event(
        homes(lyonne.territory)["fr"],
        venue=venue,
        online_url=online,
        registration_url="https://inscription.example/forum",
    )
    data = node(fetch(client, lyonne, page), "Event")
    assert validate(data) == []
    assert data["startDate"] == "2026-12-15T09:30:00+01:00"
    assert data["endDate"] == "2026-12-15T12:30:00+01:00"
    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["offers"] == {"@type": "Offer", "url": "https://inscription.example/forum"}
    assert data["organizer"]["name"] == lyonne.territory.name
    locations = data["location"] if isinstance(data["location"], list) else [data["location"]]
    kinds = [location["@type"] for location in locations]
    assert kinds == [k for k, on in (("Place", venue), ("VirtualLocation", online)) if on]


def test_an_event_without_registration_offers_nothing(client, lyonne):
    page = event(homes(lyonne.territory)["fr"], venue="Halle")
    assert "offers" not in node(fetch(client, lyonne, page), "Event")


HOSTILE = '</script><script>alert("x")</script><!-- & \u2028'


def test_hostile_text_in_a_title_cannot_leave_the_json_ld_script(client, lyonne):
    item = news(homes(lyonne.territory)["fr"], title=HOSTILE, summary=f"{HOSTILE} résumé")
    head = fetch(client, lyonne, item)
    assert '<script>alert("x")' not in head.html
    article = node(head, "NewsArticle")
    assert article["headline"] == HOSTILE.strip()  # decoded back, intact
    assert "<script>" not in article["description"]
    assert one(head, "og:title") == HOSTILE  # the attribute was escaped, then parsed back
    assert validate(head.jsonld) == []


def test_the_script_escapes_what_could_end_it():
    script = jsonld_script([{"@type": "Thing", "name": "</script><!--\u2028&"}])
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body and "\u2028" not in body
    assert json.loads(body)["name"] == "</script><!--\u2028&"
    assert jsonld_script([]) == ""


def test_previewing_a_new_page_renders_its_head(lyonne):
    """A page being created has no id nor URL yet: its preview still renders (no trail,
    no canonical), never a 500."""
    from tests.territories.isolation_world import admin_client

    index = NewsIndexPage.objects.child_of(homes(lyonne.territory)["fr"]).get()
    client = admin_client(lyonne.editor)
    url = f"/admin/pages/add/attractiveness/newspage/{index.pk}/preview/"
    data = {
        "title": "</script>Aperçu",
        "slug": "apercu",
        "date": "2026-12-01",
        "summary": "Résumé",
        "easy_read": "null",
        "body-count": "0",
    }
    assert client.post(url, data).json()["is_valid"] is True
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    nodes = json.loads(JSONLD.search(html).group(1))
    nodes = nodes if isinstance(nodes, list) else [nodes]
    assert [n["@type"] for n in nodes] == ["NewsArticle"]
    assert nodes[0]["headline"] == "</script>Aperçu"
    assert validate(nodes) == []
