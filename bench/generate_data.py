"""Benchmark and load-test data: N provisioned territories, each with M pages of each kind.

    .venv/bin/python manage.py shell --no-imports -c \
        "from bench.generate_data import generate; generate(territories=3, pages=30)"

`make bench` (bench/run.py) calls ``generate`` that way, with the bench environment. A plain
module, not a management command: deployments have no use for it.

Territory *i* is "Bench i" at ``bench-i.localhost`` (``prefix`` and ``domain`` change that),
provisioned through ``territory_provision`` like any real territory, in every language of
``languages`` (French and English by default). Each language gets M ecosystems, M news
items and M events (half of them upcoming), K key figures, and the French pages and their
English versions share a translation key, as wagtail-localize would link them. A handful of
Pillow-made images per territory illustrate the home page, the ecosystems, the news and
the events; the news carry one to three of the territory's three news categories.

Re-running it only tops up what is missing. Offers are not generated yet: the offer pages
arrive with the offers issue (only the empty OfferIndexPage exists).

Pages go in one ``add_child`` at a time (Wagtail's tree and multi-table inheritance rule out
``bulk_create``), live, without a revision: that is what a visitor sees, at a fraction of the
cost of ``save_revision().publish()``. Key figures, plain rows, are bulk-created.
"""

import datetime as dt
import io
import uuid

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page

from attractiveness.models import (
    EcosystemIndexPage,
    EcosystemPage,
    EventIndexPage,
    EventPage,
    KeyFigure,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
)
from core.page_cache import purge_host
from home.models import HomePage
from territories.models import Territory
from territories.services import territory_provision

KEY_NAMESPACE = uuid.UUID("0f7b6a0e-3c1d-4b8e-9a55-2b7f1e0c4d21")
IMAGES_PER_TERRITORY = 4
PALETTE = ["#1d4f91", "#2a7a5f", "#8a3b12", "#5b3a8c", "#14213d", "#7a6a00"]

SECTORS = {
    "fr": [
        "Aéronautique",
        "Agroalimentaire",
        "Santé",
        "Numérique",
        "Énergie",
        "Textile",
        "Chimie verte",
        "Logistique",
        "Tourisme",
        "Bois et forêt",
    ],
    "en": [
        "Aerospace",
        "Food industry",
        "Health",
        "Digital",
        "Energy",
        "Textiles",
        "Green chemistry",
        "Logistics",
        "Tourism",
        "Timber and forestry",
    ],
}
WORDS = {
    "fr": {
        "news": "Actualité",
        "event": "Rencontre",
        "figure": "Indicateur",
        "categories": ["Implantations", "Innovation", "Emploi"],
        "summary": "Un résumé court et informatif pour les cartes et les listes.",
        "body": 'Un paragraphe de contenu éditorial, avec un <a href="https://example.org">lien'
        "</a> et du texte en <b>gras</b>, comme en écrivent les rédacteurs.",
    },
    "en": {
        "news": "News item",
        "event": "Meet-up",
        "figure": "Indicator",
        "categories": ["Settlements", "Innovation", "Jobs"],
        "summary": "A short, informative summary for cards and lists.",
        "body": 'A paragraph of editorial content, with a <a href="https://example.org">link'
        "</a> and some <b>bold</b> text, as editors write it.",
    },
}


def bench_key(territory: Territory, kind: str, index: int) -> uuid.UUID:
    """The translation key shared by the French page and its translations."""
    return uuid.uuid5(KEY_NAMESPACE, f"{territory.slug}:{kind}:{index}")


def bench_territory(
    index: int,
    *,
    prefix: str = "bench",
    domain: str = "localhost",
    languages: list[str] | None = None,
) -> Territory:
    return territory_provision(
        name=f"{prefix.capitalize()} {index}",
        hostname=f"{prefix}-{index}.{domain}",
        slug=f"{prefix}-{index}",
        languages=languages or ["fr", "en"],
        contact_email=f"contact@{prefix}-{index}.{domain}",
        sender_email=f"noreply@{prefix}-{index}.{domain}",
    )


def _body(language: str) -> list:
    words = WORDS.get(language, WORDS["en"])
    return [
        ("heading", {"text": words["summary"][:60], "level": "h2"}),
        ("paragraph", f"<p>{words['body']}</p>"),
        ("quote", {"quote": words["summary"], "author": "Camille Martin", "role": "Direction"}),
        ("paragraph", f"<p>{words['body']}</p><p>{words['body']}</p>"),
    ]


def _images(territory: Territory, count: int) -> list:
    """A few small generated images in the territory's collection (made once)."""
    image_model = get_image_model()
    images = list(
        image_model.objects.filter(
            collection=territory.collection, title__startswith="Bench image"
        ).order_by("pk")
    )
    for index in range(len(images), count):
        picture = PILImage.new("RGB", (1600, 900), PALETTE[index % len(PALETTE)])
        draw = ImageDraw.Draw(picture)
        for step in range(0, 1600, 160):
            draw.rectangle([step, 600 - step // 4, step + 120, 900], fill="#ffffff")
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=80)
        image = image_model(
            title=f"Bench image {index + 1}",
            collection=territory.collection,
            file=ImageFile(buffer, name=f"{territory.slug}-{index + 1}.jpg"),
        )
        image.save()
        images.append(image)
    return images


def _categories(territory: Territory, home: Page) -> list:
    """The territory's bench news categories in ``home``'s language (made once); the
    versions in each language share a translation key."""
    names = WORDS.get(home.locale.language_code, WORDS["en"])["categories"]
    categories = []
    for index, name in enumerate(names):
        key = bench_key(territory, "news-category", index)
        category = NewsCategory.objects.filter(
            translation_key=key, locale_id=home.locale_id
        ).first()
        if category is None:
            category = NewsCategory(
                territory=territory, locale_id=home.locale_id, translation_key=key, name=name
            )
            category.full_clean()
            category.save()
        categories.append(category)
    return categories


def _child_index(home: Page, model):
    return model.objects.child_of(home).first()


def _missing(parent: Page, model, kind: str, count: int) -> list[int]:
    """The numbers of the ``kind`` pages 1..count not under ``parent`` yet."""
    existing = set(
        model.objects.child_of(parent)
        .filter(slug__startswith=f"{kind}-")
        .values_list("slug", flat=True)
    )
    return [i for i in range(1, count + 1) if f"{kind}-{i}" not in existing]


def _new_page(parent: Page, model, territory, kind: str, index: int, now, values, **tree):
    """The live ``kind`` page number ``index`` (not saved)."""
    return model(
        slug=f"{kind}-{index}",
        locale_id=parent.locale_id,
        live=True,
        translation_key=bench_key(territory, kind, index),
        first_published_at=now,
        last_published_at=now,
        **tree,
        **values,
    )


def _add_pages(parent: Page, model, *, territory: Territory, kind: str, count: int, fields) -> int:
    """Create the missing ``kind`` pages under ``parent`` (children numbered 1..count)."""
    now = timezone.now()
    created = 0
    for index in _missing(parent, model, kind, count):
        page = _new_page(parent, model, territory, kind, index, now, fields(index))
        parent.add_child(instance=page)
        created += 1
    return created


def _bulk_add_pages(
    parent: Page, model, *, territory: Territory, kind: str, count: int, fields
) -> int:
    """``_add_pages`` in bulk, for the large benches (bench/search.py: 50,000 pages): the
    tree's paths computed here (treebeard's materialised path, after the parent's last
    child), one multi-row insert into ``wagtailcore_page`` then one into the page type's
    table per 500 pages. No signal runs: the search index is ``update_index``'s (run it
    after), the reference index is left empty, news get no category."""
    missing = _missing(parent, model, kind, count)
    if not missing:
        return 0
    parent = Page.objects.get(pk=parent.pk)  # its numchild as of now
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    depth = parent.depth + 1
    now = timezone.now()
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    own_fields = model._meta.local_concrete_fields
    for start in range(0, len(missing), 500):
        pages = []
        for index in missing[start : start + 500]:
            step += 1
            values = fields(index)
            values.pop("categories", None)
            page = _new_page(
                parent,
                model,
                territory,
                kind,
                index,
                now,
                values,
                path=Page._get_path(parent.path, depth, step),
                depth=depth,
                numchild=0,
                url_path=f"{parent.url_path}{kind}-{index}/",
            )
            page.draft_title = page.title
            pages.append(page)
        rows = Page.objects.bulk_create(
            [Page(**{f.attname: getattr(page, f.attname) for f in page_fields}) for page in pages]
        )
        for page, row in zip(pages, rows, strict=True):
            page.id = page.page_ptr_id = row.pk
        model._base_manager._insert(pages, fields=own_fields, using=parent._state.db)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(missing))
    return len(missing)


def populate_territory(
    territory: Territory, *, pages: int, figures: int = 6, images: bool = True, bulk: bool = False
) -> int:
    """Top up one territory's content to ``pages`` of each kind per language; returns the
    number of pages created."""
    homes = [territory.site.root_page.specific]
    homes += [home.specific for home in homes[0].get_translations()]
    pictures = _images(territory, IMAGES_PER_TERRITORY) if images else []
    created = 0
    for home in homes:
        if pictures and home.hero_image_id is None:
            HomePage.objects.filter(pk=home.pk).update(hero_image=pictures[0])
        created += _populate_home(territory, home, pages=pages, pictures=pictures, bulk=bulk)
        _add_figures(territory, home, figures, WORDS.get(home.locale.language_code, WORDS["en"]))
    return created


def _populate_home(
    territory: Territory, home: Page, *, pages: int, pictures: list, bulk: bool = False
) -> int:
    add_pages = _bulk_add_pages if bulk else _add_pages
    language = home.locale.language_code
    sectors = SECTORS.get(language, SECTORS["en"])
    words = WORDS.get(language, WORDS["en"])
    body = _body(language)
    today = timezone.localdate()
    start = timezone.now().replace(minute=0, second=0, microsecond=0)

    def picture(index):
        return pictures[index % len(pictures)] if pictures else None

    categories = _categories(territory, home)

    created = add_pages(
        _child_index(home, EcosystemIndexPage),
        EcosystemPage,
        territory=territory,
        kind="ecosystem",
        count=pages,
        fields=lambda i: {
            "title": f"{sectors[(i - 1) % len(sectors)]} {i}",
            "summary": words["summary"],
            "image": picture(i),
            "body": body,
        },
    )
    created += add_pages(
        _child_index(home, NewsIndexPage),
        NewsPage,
        territory=territory,
        kind="news",
        count=pages,
        fields=lambda i: {
            "title": f"{words['news']} {i}",
            "summary": words["summary"],
            "date": today - dt.timedelta(days=i),
            "image": picture(i),
            "categories": categories[: 1 + i % len(categories)],
            "body": body,
        },
    )
    # Half the events are over, half are upcoming, so both listings have something.
    created += add_pages(
        _child_index(home, EventIndexPage),
        EventPage,
        territory=territory,
        kind="event",
        count=pages,
        fields=lambda i: {
            "title": f"{words['event']} {i}",
            "summary": words["summary"],
            "venue": territory.name,
            "start": start + dt.timedelta(days=i - pages // 2),
            "end": start + dt.timedelta(days=i - pages // 2, hours=2),
            "image": picture(i + 1),
            "body": body,
        },
    )
    return created


def _add_figures(territory: Territory, home: Page, count: int, words: dict) -> None:
    label = words["figure"]
    have = KeyFigure.objects.filter(territory=territory, locale_id=home.locale_id).count()
    KeyFigure.objects.bulk_create(
        [
            KeyFigure(
                territory=territory,
                locale_id=home.locale_id,
                label=f"{label} {index}",
                value=1000 * index + 250,
                unit="",
                source="INSEE 2024",
                sort_order=index,
                translation_key=bench_key(territory, "figure", index),
            )
            for index in range(have + 1, count + 1)
        ]
    )


COMPANY_TRADES = [
    "Atelier", "Boulangerie", "Cabinet", "Menuiserie", "Transports", "Garage", "Société",
    "Établissements", "Laboratoire", "Imprimerie", "Conseil", "Hôtel", "Pharmacie",
]  # fmt: skip
COMPANY_WORDS = [
    "Martin", "Dupré", "Lefèvre", "Rousseau", "Garnier", "Chevalier", "Fontaine", "Mercier",
    "des Alpes", "du Rhône", "de la Vallée", "Bérard", "Moreau", "Écoute", "Horizon",
]  # fmt: skip
COMMUNES = [
    ("69123", "Lyon"), ("42218", "Saint-Étienne"), ("01053", "Bourg-en-Bresse"),
    ("38185", "Grenoble"), ("73065", "Chambéry"), ("74010", "Annecy"), ("26362", "Valence"),
    ("07186", "Privas"), ("69264", "Villefranche-sur-Saône"), ("42187", "Roanne"),
]  # fmt: skip


def _siret(territory_id: int, index: int) -> str:
    """14 digits, unique per bench territory and index (no checksum: bulk rows skip it)."""
    return f"{territory_id % 100:02d}{index:12d}".replace(" ", "0")


def generate_companies(territory: Territory, count: int, *, closed_every: int = 20) -> int:
    """Top ``territory`` up to ``count`` companies (bench/search.py: 100,000), in bulk:
    names of a trade and a family name or place (with accents), real NAF codes and their
    labels, ten communes, one in ``closed_every`` closed (SIRENE's F), one in two in one of
    the territory's French filières. Returns the number created."""
    from attractiveness.models import Company, EcosystemPage
    from attractiveness.naf import SUBCLASSES

    have = Company.objects.filter(territory=territory).count()
    codes = sorted(SUBCLASSES)
    home = territory.site.root_page
    filieres = list(EcosystemPage.objects.descendant_of(home).values_list("pk", flat=True)[:50])
    created = 0
    for start in range(have + 1, count + 1, 5000):
        batch = []
        for index in range(start, min(start + 5000, count + 1)):
            code = codes[index % len(codes)]
            insee, commune = COMMUNES[index % len(COMMUNES)]
            siret = _siret(territory.pk, index)
            batch.append(
                Company(
                    territory=territory,
                    siren=siret[:9],
                    siret=siret,
                    name=f"{COMPANY_TRADES[index % len(COMPANY_TRADES)]} "
                    f"{COMPANY_WORDS[(index // 7) % len(COMPANY_WORDS)]} {index}",
                    naf_code=code,
                    naf_label=SUBCLASSES[code],
                    headcount_band=["NN", "01", "02", "03", "11", "12"][index % 6],
                    commune=commune,
                    commune_insee=insee,
                    postcode=insee,
                    active=index % closed_every != 0,
                )
            )
        with transaction.atomic():
            made = Company.objects.bulk_create(batch, batch_size=1000)
            if filieres:
                Company.filieres.through.objects.bulk_create(
                    [
                        Company.filieres.through(
                            company_id=company.pk,
                            ecosystempage_id=filieres[company.pk % len(filieres)],
                        )
                        for company in made[::2]
                    ],
                    batch_size=2000,
                )
        created += len(made)
    return created


def generate(
    *,
    territories: int = 3,
    pages: int = 30,
    figures: int = 6,
    languages: list[str] | None = None,
    prefix: str = "bench",
    domain: str = "localhost",
    images: bool = True,
    bulk: bool = False,
    log=print,
) -> list[Territory]:
    """Provision ``territories`` bench territories and top each one up to ``pages`` pages of
    each kind and ``figures`` key figures per language, one transaction per territory.

    ``bulk``: pages inserted many at a time, without signals (``_bulk_add_pages``).

    Raises ValueError for sizes out of range (1–1000 territories, 0–10000 pages, 0–100
    figures), before writing anything.
    """
    if not 0 < territories <= 1000 or not 0 <= pages <= 10000 or not 0 <= figures <= 100:
        raise ValueError("Use 1–1000 territories, 0–10000 pages and 0–100 figures.")
    made = []
    for index in range(1, territories + 1):
        with transaction.atomic():
            territory = bench_territory(index, prefix=prefix, domain=domain, languages=languages)
            created = populate_territory(
                territory, pages=pages, figures=figures, images=images, bulk=bulk
            )
            purge_host(territory.site.hostname)  # pages were added without publishing
        log(f"{territory.root_url}/ ready ({created} pages created)")
        made.append(territory)
    log(f"{territories} territories with {pages} pages of each kind.")
    return made
