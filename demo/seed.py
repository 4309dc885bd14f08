"""Seed the two demo territories: provisioning, branding, pictures, content, people.

Idempotent by construction: every object is looked up by a stable key (translation key,
image title in the territory's collection, email address) and created only if missing;
fields of provisioned pages are filled only while still empty or at their provisioning
default, so a second run changes nothing and never overwrites an editor's work.
"""

import datetime as dt
import io
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from attractiveness.models import (
    EcosystemFigure,
    EcosystemPage,
    EventPage,
    KeyFigure,
    NewsCategory,
    NewsPage,
    SuccessStoryPage,
    SuccessStoryPhoto,
)
from home.apps import HERO
from home.models import ContactFormField, ContactPage, HomePage
from realestate.models import OfferPage, OfferPhoto
from territories.models import Territory, TerritorySettings
from territories.services import KEY_NAMESPACE, territory_provision
from territories.tenancy import platform_wide

from . import images, news, offers, scenes
from .content import CONTACT_FIELDS, LEGAL_NOTICE, LEGAL_PAGES, TERRITORIES, THANK_YOU
from .stories import FILIERES, INTROS, OFFER_FILIERES, STORIES

LANGUAGES = ["fr", "en"]
PASSWORDS = {
    "superuser": "territoria-admin-demo",
    "Editors": "territoria-editor-demo",
    "Moderators": "territoria-moderator-demo",
    "Developers": "territoria-developer-demo",
    "investor": "territoria-investor-demo",
    "Communication": "territoria-communication-demo",
}
INVESTOR_EMAIL = "investor@territoria.localhost"
SUPERUSER_EMAIL = "admin@territoria.localhost"
PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Login:
    role: str
    email: str
    password: str
    territory: str = ""


@dataclass
class SeedReport:
    territories: list = field(default_factory=list)
    logins: list = field(default_factory=list)
    created: int = 0

    def count(self, created: bool) -> None:
        self.created += int(bool(created))


def _key(slug: str, name: str) -> uuid.UUID:
    """The provisioning namespace, so that seed keys never collide with the standard tree."""
    return uuid.uuid5(KEY_NAMESPACE, f"{slug}:{name}")


@platform_wide()
@transaction.atomic
def demo_seed(*, port: int = 8000, territories=TERRITORIES) -> SeedReport:
    """Create (or complete) the demo territories and their people; safe to run again."""
    report = SeedReport()
    for spec in territories:
        territory = _seed_territory(spec, port=port, report=report)
        report.territories.append(territory)
    _seed_people(report)
    _seed_crm_work(report)
    _seed_investor(report)
    return report


def _seed_territory(spec: dict, *, port: int, report: SeedReport) -> Territory:
    slug = spec["slug"]
    hostname = f"{slug}.localhost"
    territory = territory_provision(
        name=spec["name"],
        hostname=hostname,
        slug=slug,
        port=port,
        languages=LANGUAGES,
        official_code=spec["siren"],
        region=spec["region"],
        contact_email=f"contact@{hostname}",
        sender_email=f"noreply@{hostname}",
    )
    site = territory.site
    if site.port != port:  # `PORT=8001 make demo`: links in the directory follow the port
        site.port = port
        site.save(update_fields=["port"])
    pictures = _seed_images(territory, spec, report)
    _seed_branding(territory, spec, pictures["logo"], report)
    _seed_news_categories(territory, report)
    homes = _localized(territory.site.root_page, HomePage)
    for language, home in homes.items():
        _seed_home(territory, spec, home, language, pictures, report)
    _seed_figures(territory, spec, report)
    _seed_companies(territory, report)
    _seed_leads(territory, report)
    _seed_newsletters(territory, report)
    return territory


def _seed_companies(territory: Territory, report: SeedReport) -> None:
    """The territory's NAF mappings, then its sample file (demo/data/) through the real
    import, once: a second run finds the import done and imports nothing."""
    from django.core.files import File

    from attractiveness.company_imports import company_import_create, company_import_run
    from attractiveness.models import CompanyImport, NafMapping

    from .company_samples import DATA, FILES, MAPPINGS

    name = FILES.get(territory.slug)
    if name is None:
        return
    french = Locale.objects.get(language_code="fr")
    for key, prefixes in MAPPINGS[territory.slug].items():
        ecosystem = EcosystemPage.objects.get(
            translation_key=_key(territory.slug, f"demo:ecosystem:{key}"), locale=french
        )
        for prefix in prefixes:
            _mapping, created = NafMapping.objects.get_or_create(
                territory=territory, code=prefix, ecosystem=ecosystem
            )
            report.count(created)
    done = CompanyImport.objects.filter(
        territory=territory, file_name=name, status=CompanyImport.Status.DONE
    )
    if done.exists():
        return
    with (DATA / name).open("rb") as f:
        company_import = company_import_create(territory=territory, user=None, file=File(f, name))
    # In this process (the outbox's delivery, when it comes, finds the import done).
    company_import_run(import_id=company_import.pk)
    report.count(True)


DEMO_READERS = ["lou.martin", "noah.petit", "jade.roux", "hugo.faure", "emma.blanc"]


def _seed_newsletters(territory: Territory, report: SeedReport) -> None:
    """A list with five confirmed readers and one who never confirmed, and a draft letter
    with two offers and an event of the territory (docs/newsletters.md)."""
    from attractiveness.models import EventPage
    from newsletters.models import MailingList, Newsletter, Subscriber, Subscription
    from realestate.models import OfferPage
    from territories.tenancy import territory_scope

    with territory_scope(territory):
        mailing_list, created = MailingList.objects.get_or_create(
            territory=territory,
            name=f"La lettre de {territory.name}",
            defaults={"language": "fr", "description": "Chaque mois : offres, agenda, actualités."},
        )
        report.count(created)
        now = timezone.now()
        for index, name in enumerate([*DEMO_READERS, "sans.confirmation"]):
            reader, made = Subscriber.objects.get_or_create(
                territory=territory, email=f"{name}@lecteurs-demo.example"
            )
            confirmed = index < len(DEMO_READERS)
            Subscription.objects.get_or_create(
                subscriber=reader,
                mailing_list=mailing_list,
                defaults={
                    "status": "confirmed" if confirmed else "unconfirmed",
                    "consent_source": "import",
                    "consent_text": "Démonstration",
                    "consent_at": now,
                    "confirmed_at": now if confirmed else None,
                },
            )
            report.count(made)
        if Newsletter.objects.filter(territory=territory).exists():
            return
        home = territory.site.root_page
        offers = OfferPage.objects.live().descendant_of(home).order_by("pk")[:2]
        event = EventPage.objects.live().descendant_of(home).order_by("start").first()
        body = [{"type": "heading", "value": "Ce mois-ci sur le territoire"}]
        body += [{"type": "offer", "value": offer.pk} for offer in offers]
        if event is not None:
            body.append({"type": "event", "value": event.pk})
        letter = Newsletter.objects.create(
            territory=territory,
            subject=f"La lettre de {territory.name} — deux locaux et un rendez-vous",
            preheader="Nos nouvelles offres immobilières et l'agenda du mois",
            body=body,
        )
        letter.lists.set([mailing_list])
        report.count(True)


DEMO_LEADS = [
    (
        "Léa Fontaine",
        "lea.fontaine@logistique-demo.example",
        "Logistique Demo SAS",
        "extension",
        "qualified",
        "Nous cherchons 5 000 m² d'entrepôt près de l'autoroute.",
    ),
    (
        "Marc Weber",
        "m.weber@precision-demo.example",
        "Precision Demo GmbH",
        "creation",
        "new",
        "We plan a first French plant: 40 jobs, 2 ha of land.",
    ),
    (
        "Inès Haddad",
        "ines@biotech-demo.example",
        "Biotech Demo",
        "relocation",
        "visit",
        "Laboratoires et bureaux, 800 m², d'ici un an.",
    ),
]


def _seed_leads(territory: Territory, report: SeedReport) -> None:
    """A few investors' projects so that the Leads admin is not empty (by email: once)."""
    from investors.models import Lead, LeadActivity
    from territories.tenancy import territory_scope

    with territory_scope(territory):
        for name, email, company, project_type, stage, message in DEMO_LEADS:
            if Lead.objects.filter(territory=territory, email=email).exists():
                continue
            lead = Lead.objects.create(
                territory=territory,
                contact_name=name,
                email=email,
                company=company,
                project_type=project_type,
                stage=stage,
                message=message,
                language="fr",
                consent_text="Démonstration",
                consent_at=timezone.now(),
            )
            LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.INQUIRY, text=message)
            report.count(True)
        _seed_pipeline(territory, report)


PIPELINE_STAGES = ["new", "qualified", "active", "visit", "decision", "won", "new", "lost"]
PIPELINE_SOURCES = ["", "linkedin", "salon-industrie", "newsletter", ""]
PIPELINE_SECTORS = ["Logistique", "Agroalimentaire", "Santé", "Numérique", "Mécanique"]


def _seed_pipeline(territory: Territory, report: SeedReport) -> None:
    """Two dozen projects over the last twelve months, at every stage, from several sources,
    answered after a few hours: the pipeline board and the dashboard panel have figures."""
    from investors.models import Lead, LeadActivity

    now = timezone.now()
    for number in range(24):
        email = f"projet{number}@investisseur-{territory.slug}.example"
        if Lead.objects.filter(territory=territory, email=email).exists():
            continue
        stage = PIPELINE_STAGES[number % len(PIPELINE_STAGES)]
        created = now - dt.timedelta(days=number * 15 + 1, hours=number)
        closed = stage in Lead.CLOSED_STAGES
        lead = Lead.objects.create(
            territory=territory,
            contact_name=f"Investisseur {number + 1}",
            email=email,
            company=f"{PIPELINE_SECTORS[number % 5]} Projet {number + 1}",
            sector=PIPELINE_SECTORS[number % 5],
            project_type=["creation", "extension", "relocation"][number % 3],
            jobs_planned=5 + (number * 7) % 60,
            surface_needed=500 + number * 250,
            budget_range=["lt1m", "1-5m", "5-20m"][number % 3],
            timeline=["lt6m", "6-12m", "gt12m"][number % 3],
            stage=stage,
            lost_reason="Site concurrent retenu" if stage == "lost" else "",
            utm_source=PIPELINE_SOURCES[number % len(PIPELINE_SOURCES)],
            expected_decision_date=None
            if closed
            else (now + dt.timedelta(days=20 + number)).date(),
            message="Projet de démonstration.",
            language="fr",
            consent_text="Démonstration",
            consent_at=created,
        )
        Lead.objects.filter(pk=lead.pk).update(
            created_at=created,
            first_answer_at=created + dt.timedelta(hours=2 + number * 3) if number % 4 else None,
            closed_at=created + dt.timedelta(days=30) if closed else None,
        )
        LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.INQUIRY, text=lead.message)
        report.count(True)


def _seed_crm_work(report: SeedReport) -> None:
    """The demo developer of each territory follows some leads and has tasks due."""
    from investors.models import Lead, LeadTask
    from territories.tenancy import territory_scope

    user_model = get_user_model()
    today = timezone.localdate()
    for territory in report.territories:
        developer = user_model.objects.filter(email=f"developer@{territory.slug}.localhost").first()
        if developer is None:
            continue
        with territory_scope(territory):
            leads = Lead.objects.filter(territory=territory, email__startswith="projet")
            leads.filter(assignee__isnull=True).exclude(stage__in=Lead.CLOSED_STAGES).update(
                assignee=developer
            )
            for offset, lead in enumerate(leads.exclude(stage__in=Lead.CLOSED_STAGES)[:3]):
                _task, created = LeadTask.objects.get_or_create(
                    lead=lead,
                    title="Rappeler l'investisseur",
                    defaults={"assignee": developer, "due_date": today - dt.timedelta(days=offset)},
                )
                report.count(created)


# --- Pictures ---------------------------------------------------------------------------


def _seed_images(territory: Territory, spec: dict, report: SeedReport) -> dict:
    palette = spec["palette"]
    hero = images.city_hero if spec["hero_style"] == "city" else images.valley_hero
    wanted = {
        "logo": (
            f"{territory.name} — logo",
            lambda: images.emblem(palette, spec["logo_shape"]),
            "png",
        ),
        "hero": (f"{territory.name} — bannière", lambda: hero(palette), "jpg"),
    }
    groups = {
        "ecosystems": spec["ecosystems"],
        "news": _news_items(spec),
        "events": _event_items(spec),
    }
    for group, items in groups.items():
        for index, item in enumerate(items):
            title = f"{territory.name} — {item['fr']['title']}"
            wanted[f"{group}:{item['key']}"] = (
                title,
                lambda item=item, index=index: scenes.picture(
                    palette, item["picture"], seed=index + 7
                ),
                "jpg",
            )
    for index, story in enumerate(STORIES.get(territory.slug, [])):
        wanted[f"stories:{story['key']}"] = (
            f"{territory.name} — {story['fr']['title']}",
            lambda story=story, index=index: scenes.picture(
                palette, story["picture"], seed=index + 23
            ),
            "jpg",
        )
        wanted[f"stories:{story['key']}:gallery"] = (
            f"{territory.name} — {story['fr']['caption']}",
            lambda story=story, index=index: scenes.picture(
                palette, story["gallery"], seed=index + 41
            ),
            "jpg",
        )
    for index, kind in enumerate(("office", "warehouse", "land", "coworking")):
        wanted[f"offers:{kind}"] = (
            f"{territory.name} — {offers.ALT[kind][0]}",
            lambda kind=kind, index=index: scenes.picture(palette, kind, seed=index + 11),
            "jpg",
        )
    return {
        name: _ensure_image(territory, title, draw, ext, report)
        for name, (title, draw, ext) in wanted.items()
    }


def _ensure_image(territory: Territory, title: str, draw, ext: str, report: SeedReport):
    image_model = get_image_model()
    existing = image_model.objects.filter(collection=territory.collection, title=title).first()
    if existing is not None:
        return existing
    filename = f"{territory.slug}-{uuid.uuid5(KEY_NAMESPACE, title).hex[:10]}.{ext}"
    image = image_model(
        title=title,
        collection=territory.collection,
        file=ImageFile(io.BytesIO(draw()), name=filename),
    )
    image._set_image_file_metadata()
    image.save()
    report.count(True)
    return image


# --- Branding ---------------------------------------------------------------------------


def _seed_branding(territory: Territory, spec: dict, logo, report: SeedReport) -> None:
    branding = TerritorySettings.for_site(territory.site)
    changed = False
    for name, value in spec["branding"].items():
        model_field = TerritorySettings._meta.get_field(name)
        current = getattr(branding, name)
        if (not current or current == model_field.default) and current != value:
            setattr(branding, name, value)
            changed = True
    if branding.logo_id is None:
        branding.logo = logo
        changed = True
    for language, notice in LEGAL_NOTICE.items():
        # The plain field holds the default language, ``_<code>`` the others.
        name = (
            "legal_notice" if language == territory.default_language else f"legal_notice_{language}"
        )
        if not getattr(branding, name):
            setattr(
                branding, name, notice.format(name=territory.name, siren=territory.official_code)
            )
            changed = True
    if changed:
        branding.full_clean()
        branding.save()
        report.count(True)


# --- News categories, news and events -------------------------------------------------


def _news_items(spec: dict) -> list[dict]:
    """content.py's news items, then demo/news.py's, each with its category keys."""
    slug = spec["slug"]
    known = news.NEWS_CATEGORIES.get(slug, {})
    items = [{**item, "categories": known.get(item["key"], [])} for item in spec["news"]]
    return items + news.NEWS.get(slug, [])


def _event_items(spec: dict) -> list[dict]:
    """content.py's events (with a picture and their links from demo/news.py), then
    demo/news.py's."""
    slug = spec["slug"]
    links = news.EVENT_LINKS.get(slug, {})
    items = [
        {
            **item,
            "picture": news.EVENT_PICTURES.get(item["key"], "event"),
            "links": links.get(item["key"], {}),
        }
        for item in spec["events"]
    ]
    return items + news.EVENTS.get(slug, [])


def _category_key(slug: str, key: str) -> uuid.UUID:
    return _key(slug, f"demo:news-category:{key}")


def _seed_news_categories(territory: Territory, report: SeedReport) -> None:
    for key, names in news.CATEGORIES.get(territory.slug, []):
        translation_key = _category_key(territory.slug, key)
        for language in LANGUAGES:
            locale = Locale.objects.get(language_code=language)
            if NewsCategory.objects.filter(translation_key=translation_key, locale=locale).exists():
                continue
            name, slug = names[language]
            row = NewsCategory(
                territory=territory,
                locale=locale,
                translation_key=translation_key,
                name=name,
                slug=slug,
            )
            row.full_clean()
            row.save()
            report.count(True)


def _categories(territory: Territory, keys: list[str], locale: Locale) -> list:
    wanted = [_category_key(territory.slug, key) for key in keys]
    return list(NewsCategory.objects.filter(translation_key__in=wanted, locale=locale))


def _complete_news(page: NewsPage, categories: list, report: SeedReport) -> None:
    """A news item an earlier seed made without categories gets them (once: an editor's
    choice, even of none, is kept after that)."""
    if categories and not page.categories.exists() and page.has_unpublished_changes is False:
        page.categories = categories
        page.save_revision().publish()
        report.count(True)


# --- Pages ------------------------------------------------------------------------------


def _localized(page: Page, model) -> dict:
    """{language: specific page} for a page and its translations."""
    pages = model.objects.filter(translation_key=page.translation_key).select_related("locale")
    return {p.locale.language_code: p for p in pages}


def _child(home: Page, slug: str, key: str, model):
    return model.objects.filter(translation_key=_key(slug, key), locale=home.locale).first()


def _fill(page: Page, values: dict, *, defaults: dict | None = None) -> bool:
    """Set each field that is still empty (or at its provisioning default); publish if any."""
    defaults = defaults or {}
    changed = False
    for name, value in values.items():
        current = getattr(page, name)
        if hasattr(current, "raw_data"):  # a StreamValue
            empty = not len(current)
        else:
            empty = current is None or current == ""
        if empty or (name in defaults and current == defaults[name]):
            setattr(page, name, value)
            changed = True
    if changed:
        page.save_revision().publish()
    return changed


def _seed_home(territory, spec, home: HomePage, language: str, pictures: dict, report) -> None:
    slug = territory.slug
    text = spec["home"][language]
    contact = _child(home, slug, "contact", ContactPage)
    title, body, label = text["cta"]
    report.count(
        _fill(
            home,
            {
                "hero_title": text["hero_title"],
                "hero_text": text["hero_text"],
                "hero_image": pictures["hero"],
                "hero_image_alt": images.hero_alt(spec["hero_style"], language),
                "og_image": pictures["hero"],
                "search_description": text["hero_text"][:155],
                "easy_read": text["easy_read"],
                "body": [
                    {
                        "type": "call_to_action",
                        "value": {
                            "title": title,
                            "text": body,
                            "page": contact.pk if contact else None,
                            "url": "",
                            "label": label,
                        },
                    }
                ],
            },
            defaults={"hero_title": HERO.get(language, HERO["en"]).format(name=territory.name)},
        )
    )
    for key in ("ecosystems", "offers", "news", "events"):
        index = _child(home, slug, key, Page)
        if index is not None:
            report.count(_fill(index.specific, {"intro": spec["intros"][key][language]}))
    if contact is not None:
        _seed_contact(contact, spec, language, report)
    facts = {
        "name": territory.name,
        "address": spec["address"],
        "siren": territory.official_code,
        "email": territory.contact_email,
        "director": spec["director"][language],
    }
    for key, bodies in LEGAL_PAGES.items():
        page = _child(home, slug, key, Page)
        if page is not None:
            report.count(_fill(page.specific, {"body": bodies[language](facts)}))
    _seed_children(territory, spec, home, language, pictures, report)
    _seed_offers(territory, home, language, pictures, report)


def _seed_contact(contact: ContactPage, spec: dict, language: str, report: SeedReport) -> None:
    changed = False
    if not contact.form_fields.exists():
        contact.form_fields = [
            ContactFormField(
                label=label,
                field_type=kind,
                required=required,
                choices=choices,
                help_text=help_text,
                sort_order=order,
            )
            for order, (label, kind, required, choices, help_text) in enumerate(
                CONTACT_FIELDS[language]
            )
        ]
        changed = True
    for name, value in (
        ("intro", spec["intros"]["contact"][language]),
        ("thank_you_text", THANK_YOU[language]),
    ):
        if not getattr(contact, name):
            setattr(contact, name, value)
            changed = True
    if changed:
        contact.save_revision().publish()
        report.count(True)


def _seed_children(territory, spec, home: HomePage, language: str, pictures: dict, report) -> None:
    slug = territory.slug
    today = timezone.localdate()
    parents = {
        "ecosystems": _child(home, slug, "ecosystems", Page),
        "news": _child(home, slug, "news", Page),
        "events": _child(home, slug, "events", Page),
    }
    ecosystems = {}
    for item in spec["ecosystems"]:
        text = item[language]
        ecosystems[item["key"]] = _ensure_child(
            parents["ecosystems"],
            EcosystemPage,
            _key(slug, f"demo:ecosystem:{item['key']}"),
            home.locale,
            report,
            title=text["title"],
            slug=text["slug"],
            summary=text["summary"],
            body=text["body"],
            image=pictures[f"ecosystems:{item['key']}"],
            image_alt=scenes.description(item["picture"], language),
        )
        _complete_alt(ecosystems[item["key"]], item["picture"], language, report)
    _seed_filieres(slug, ecosystems, language, report)
    _seed_stories(slug, home, ecosystems, language, pictures, report)
    for item in _news_items(spec):
        text = item[language]
        categories = _categories(territory, item["categories"], home.locale)
        page = _ensure_child(
            parents["news"],
            NewsPage,
            _key(slug, f"demo:news:{item['key']}"),
            home.locale,
            report,
            title=text["title"],
            slug=text["slug"],
            summary=text["summary"],
            body=text["body"],
            date=today - dt.timedelta(days=item["days_ago"]),
            image=pictures[f"news:{item['key']}"],
            image_alt=scenes.description(item["picture"], language),
            categories=categories,
        )
        if page is not None:
            _complete_news(page, categories, report)
        _complete_alt(page, item["picture"], language, report)
    for item in _event_items(spec):
        text = item[language]
        day = today + dt.timedelta(days=item["days_ahead"])
        start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=PARIS)
        extra = {**item["links"], "image": pictures[f"events:{item['key']}"]}
        page = _ensure_child(
            parents["events"],
            EventPage,
            _key(slug, f"demo:event:{item['key']}"),
            home.locale,
            report,
            title=text["title"],
            slug=text["slug"],
            summary=text["summary"],
            body=text["body"],
            venue=item["venue"][language],
            start=start,
            end=start + dt.timedelta(hours=item["hours"]),
            image_alt=scenes.description(item["picture"], language),
            **extra,
        )
        if page is not None and not page.has_unpublished_changes:
            # Links and images a newer seed brought, on an event an earlier one made.
            report.count(_fill(page, extra))
        _complete_alt(page, item["picture"], language, report)


def _seed_filieres(slug: str, ecosystems: dict, language: str, report) -> None:
    """Key figures, a named contact and a call to action on each filière that has none."""
    for key, extra in FILIERES.get(slug, {}).items():
        page = ecosystems.get(key)
        if page is None:
            continue
        changed = False
        if not page.figures.exists():
            page.figures = [
                EcosystemFigure(
                    value=item["value"],
                    unit=item["unit"],
                    label=item["label"][language],
                    source=item["source"],
                    year=item["year"],
                )
                for item in extra["figures"]
            ]
            changed = True
        person = extra["contact"]
        for name, value in (
            ("contact_name", person["name"]),
            ("contact_role", person["role"][language]),
            ("contact_email", person["email"]),
            ("contact_phone", person["phone"]),
            ("cta_label", extra["cta"][language]),
        ):
            if not getattr(page, name):
                setattr(page, name, value)
                changed = True
        if changed:
            page.save_revision().publish()
            report.count(True)


def _seed_stories(slug: str, home: HomePage, ecosystems: dict, language, pictures, report) -> None:
    index = _child(home, slug, "stories", Page)
    if index is not None and slug in INTROS:
        report.count(_fill(index.specific, {"intro": INTROS[slug][language]}))
    for item in STORIES.get(slug, []):
        text = item[language]
        picture = pictures[f"stories:{item['key']}"]
        page = _ensure_child(
            index,
            SuccessStoryPage,
            _key(slug, f"demo:story:{item['key']}"),
            home.locale,
            report,
            title=text["title"],
            slug=text["slug"],
            summary=text["summary"],
            company_name=item["company"],
            ecosystem=ecosystems.get(item["ecosystem"]),
            year=item["year"],
            jobs_created=item["jobs"],
            investment=item["investment"],
            quote=text["quote"],
            quote_author=text["quote_author"],
            body=text["body"],
            image=picture,
            image_alt=scenes.description(item["picture"], language),
            photos=[
                SuccessStoryPhoto(
                    image=pictures[f"stories:{item['key']}:gallery"],
                    image_alt=scenes.description(item["gallery"], language),
                    caption=text["caption"],
                )
            ],
        )
        _complete_alt(page, item["picture"], language, report)


def _complete_alt(page: Page | None, subject: str, language: str, report) -> None:
    """The alt text of its picture, on a page an earlier seed made without it (never over
    an editor's draft)."""
    if page is not None and not page.has_unpublished_changes:
        report.count(_fill(page, {"image_alt": scenes.description(subject, language)}))


def _seed_offers(territory, home: HomePage, language: str, pictures: dict, report) -> None:
    slug = territory.slug
    index = _child(home, slug, "offers", Page)
    filieres = {
        key: EcosystemPage.objects.filter(
            translation_key=_key(slug, f"demo:ecosystem:{key}"), locale=home.locale
        ).first()
        for key in set(OFFER_FILIERES.get(slug, {}).values())
    }
    for item in offers.offers_for(slug, today=timezone.localdate()):
        text = item[language]
        filiere = OFFER_FILIERES.get(slug, {}).get(item["fields"]["offer_type"])
        # Each language's row of the photo is a translation of the other (one key).
        photo = OfferPhoto(
            image=pictures[f"offers:{item['picture']}"],
            image_alt=item["alt"][0 if language == "fr" else 1],
            translation_key=_key(slug, f"demo:{item['key']}:photo"),
            locale=home.locale,
        )
        _ensure_child(
            index,
            OfferPage,
            _key(slug, f"demo:{item['key']}"),
            home.locale,
            report,
            title=text["title"],
            slug=text["slug"],
            summary=text["summary"],
            photos=[photo],
            ecosystem=filieres.get(filiere),
            **item["fields"],
        )


def _ensure_child(parent: Page | None, model, key: uuid.UUID, locale: Locale, report, **fields):
    if parent is None:
        return None
    existing = model.objects.filter(translation_key=key, locale=locale).first()
    if existing is not None:
        return existing
    page = model(translation_key=key, locale=locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.count(True)
    return page


# --- Key figures ------------------------------------------------------------------------


def _seed_figures(territory: Territory, spec: dict, report: SeedReport) -> None:
    for order, figure in enumerate(spec["figures"]):
        key = _key(territory.slug, f"demo:figure:{figure['key']}")
        for language in LANGUAGES:
            locale = Locale.objects.get(language_code=language)
            if KeyFigure.objects.filter(translation_key=key, locale=locale).exists():
                continue
            row = KeyFigure(
                territory=territory,
                locale=locale,
                translation_key=key,
                label=figure["label"][language],
                value=figure["value"],
                unit=figure["unit"][language],
                source=figure["source"],
                date=dt.date.fromisoformat(figure["date"]),
                sort_order=order,
            )
            row.full_clean()
            row.save()
            report.count(True)


# --- People -----------------------------------------------------------------------------


def _seed_people(report: SeedReport) -> None:
    user_model = get_user_model()
    admin = user_model.objects.filter(email=SUPERUSER_EMAIL).first()
    if admin is None:
        admin = user_model.objects.create_superuser(
            SUPERUSER_EMAIL, PASSWORDS["superuser"], first_name="Alex", last_name="Admin"
        )
        report.count(True)
    report.logins.append(Login("superuser", admin.email, PASSWORDS["superuser"]))
    people = {
        "Editors": ("Camille", "Éditrice"),
        "Moderators": ("Dominique", "Modératrice"),
        "Developers": ("Sacha", "Développeur"),
        "Communication": ("Maël", "Communicant"),
    }
    prefixes = {
        "Editors": "editor",
        "Moderators": "moderator",
        "Developers": "developer",
        "Communication": "communication",
    }
    for territory in report.territories:
        for role, (first_name, last_name) in people.items():
            prefix = prefixes[role]
            email = f"{prefix}@{territory.slug}.localhost"
            user = user_model.objects.filter(email=email).first()
            if user is None:
                user = user_model.objects.create_user(
                    email, PASSWORDS[role], first_name=first_name, last_name=last_name
                )
                report.count(True)
            group = territory.group_for(role)
            if group is not None and not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
                report.count(True)
            report.logins.append(Login(prefix, email, PASSWORDS[role], territory.name))


def _seed_investor(report: SeedReport) -> None:
    """One investor account used on both sites: on each, a lead that shares its visits, a
    saved offer and a weekly saved search of offices (docs/demo.md)."""
    from allauth.account.models import EmailAddress
    from django.http import QueryDict

    from investors.models import FavouriteOffer, Lead, SavedSearch
    from investors.saved import favourite_add, offer_index_of_territory, saved_search_create
    from realestate.models import OfferPage
    from territories.tenancy import territory_scope

    user_model = get_user_model()
    user = user_model.objects.filter(email=INVESTOR_EMAIL).first()
    if user is None:
        user = user_model.objects.create_user(
            INVESTOR_EMAIL, PASSWORDS["investor"], first_name="Inès", last_name="Investisseuse"
        )
        EmailAddress.objects.create(user=user, email=INVESTOR_EMAIL, verified=True, primary=True)
        report.count(True)
    report.logins.append(Login("investor", INVESTOR_EMAIL, PASSWORDS["investor"]))
    for territory in report.territories:
        with territory_scope(territory):
            if not Lead.objects.filter(territory=territory, email=INVESTOR_EMAIL).exists():
                now = timezone.now()
                Lead.objects.create(
                    territory=territory,
                    contact_name="Inès Investisseuse",
                    email=INVESTOR_EMAIL,
                    company="Investisseuse Demo SAS",
                    message="Bureaux de 300 m², démonstration des offres enregistrées.",
                    language="fr",
                    consent_text="Démonstration",
                    consent_at=now,
                    engagement_consent_at=now,
                )
                report.count(True)
            if not FavouriteOffer.objects.filter(user=user, territory=territory).exists():
                index = offer_index_of_territory(territory=territory, language="fr")
                offer = OfferPage.objects.filter(index_page=index, is_live=True).first()
                if offer is not None:
                    favourite_add(user=user, territory=territory, offer_id=offer.pk)
                    report.count(True)
            if not SavedSearch.objects.filter(user=user, territory=territory).exists():
                saved_search_create(
                    user=user,
                    territory=territory,
                    language="fr",
                    params=QueryDict("type=office"),
                    name="",
                    frequency="weekly",
                )
                report.count(True)
