"""Writes with business meaning on territories: provisioning, archiving."""

import uuid
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import ROLES, Territory, TerritorySettings, group_name

KEY_NAMESPACE = uuid.UUID("5b0b5c1e-6a43-4c55-9d43-7e1f2b1d9c11")


@dataclass(frozen=True)
class TreePage:
    key: str
    model: str
    titles: dict  # language -> (title, slug)
    in_menu: bool = True


STANDARD_TREE = (
    TreePage(
        "ecosystems",
        "attractiveness.EcosystemIndexPage",
        {"fr": ("Filières", "filieres"), "en": ("Industries", "industries")},
    ),
    TreePage(
        "offers",
        "realestate.OfferIndexPage",
        {"fr": ("Immobilier d'entreprise", "immobilier"), "en": ("Business property", "property")},
    ),
    TreePage(
        "news",
        "attractiveness.NewsIndexPage",
        {"fr": ("Actualités", "actualites"), "en": ("News", "news")},
    ),
    TreePage(
        "events",
        "attractiveness.EventIndexPage",
        {"fr": ("Agenda", "agenda"), "en": ("Events", "events")},
    ),
    TreePage(
        "contact",
        "attractiveness.ContactPage",
        {"fr": ("Contact", "contact"), "en": ("Contact", "contact")},
    ),
    TreePage(
        "legal",
        "attractiveness.StandardPage",
        {"fr": ("Mentions légales", "mentions-legales"), "en": ("Legal notice", "legal-notice")},
        in_menu=False,
    ),
    TreePage(
        "accessibility",
        "attractiveness.StandardPage",
        {
            "fr": ("Accessibilité : partiellement conforme", "accessibilite"),
            "en": ("Accessibility: partially compliant", "accessibility"),
        },
        in_menu=False,
    ),
    TreePage(
        "privacy",
        "attractiveness.StandardPage",
        {"fr": ("Données personnelles", "donnees-personnelles"), "en": ("Privacy", "privacy")},
        in_menu=False,
    ),
)

HOME_TITLES = {"fr": "Accueil", "en": "Home"}
HERO = {
    "fr": "Installez votre entreprise à {name}",
    "en": "Grow your business in {name}",
}

PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page"],
    "Moderators": [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
}
COLLECTION_PERMISSIONS = {
    "Editors": [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    "Moderators": [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
    "Communication": ["add_image", "choose_image", "choose_document"],
}
MODEL_PERMISSIONS = {
    "Editors": [
        "attractiveness.add_keyfigure",
        "attractiveness.change_keyfigure",
        "attractiveness.delete_keyfigure",
        "wagtail_localize.submit_translation",
    ],
    "Moderators": [
        "attractiveness.add_keyfigure",
        "attractiveness.change_keyfigure",
        "attractiveness.delete_keyfigure",
        "territories.change_territorysettings",
        "wagtail_localize.submit_translation",
    ],
    "Developers": [],
    "Communication": [],
}


def _key(territory_slug: str, name: str) -> uuid.UUID:
    return uuid.uuid5(KEY_NAMESPACE, f"{territory_slug}:{name}")


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _ensure_page(
    *,
    parent: Page,
    model_label: str,
    key: uuid.UUID,
    locale: Locale,
    title: str,
    slug: str,
    in_menu: bool,
    extra: dict | None = None,
) -> Page:
    from django.apps import apps

    model = apps.get_model(model_label)
    existing = model.objects.filter(translation_key=key, locale=locale).first()
    if existing is not None:
        return existing
    page = model(
        title=title,
        slug=slug,
        translation_key=key,
        locale=locale,
        show_in_menus=in_menu,
        **(extra or {}),
    )
    parent.add_child(instance=page)
    page.save_revision(log_action=False).publish(log_action=False)
    return page


@transaction.atomic
def territory_provision(
    *,
    name: str,
    hostname: str,
    slug: str = "",
    port: int = 80,
    languages: list[str] | None = None,
    official_code: str = "",
    region: str = "",
    contact_email: str = "",
    sender_email: str = "",
) -> Territory:
    """Create a territory with everything it needs, or complete one that exists.

    Idempotent: the Site, home page and standard tree in each language, the media
    collection, the four groups with permissions on this territory only, and the
    moderation workflow are each created once; running it again changes nothing.
    """
    languages = languages or ["fr"]
    slug = slug or slugify(name)
    territory = Territory.objects.filter(slug=slug).select_related("site", "collection").first()
    if territory is None:
        site = Site.objects.filter(hostname=hostname, port=port).first()
        home = _ensure_homes(name=name, slug=slug, languages=languages)[0]
        if site is None:
            site = Site.objects.create(
                hostname=hostname, port=port, site_name=name, root_page=home, is_default_site=False
            )
        collection = Collection.get_first_root_node().add_child(name=name)
        territory = Territory(
            site=site,
            name=name,
            slug=slug,
            languages=languages,
            official_code=official_code,
            region=region,
            contact_email=contact_email,
            sender_email=sender_email,
            collection=collection,
        )
        territory.full_clean()
        territory.save()
    homes = _ensure_homes(name=territory.name, slug=territory.slug, languages=territory.languages)
    for home in homes:
        for item in STANDARD_TREE:
            title, page_slug = item.titles.get(home.locale.language_code, item.titles["en"])
            _ensure_page(
                parent=home,
                model_label=item.model,
                key=_key(territory.slug, item.key),
                locale=home.locale,
                title=title,
                slug=page_slug,
                in_menu=item.in_menu,
                extra=_contact_defaults(territory) if item.key == "contact" else None,
            )
    groups = _ensure_groups(territory, homes)
    _ensure_workflow(territory, homes, groups["Moderators"])
    TerritorySettings.for_site(territory.site)  # creates the row with its default colours
    return Territory.objects.select_related("site", "collection").get(pk=territory.pk)


def _contact_defaults(territory: Territory) -> dict:
    return {
        "to_address": territory.contact_email,
        "from_address": territory.sender_email,
        "subject": f"[{territory.name}] Contact",
    }


def _ensure_homes(*, name: str, slug: str, languages: list[str]) -> list[Page]:
    from attractiveness.models import HomePage

    root = Page.get_first_root_node()
    homes = []
    for language in languages:
        locale, _created = Locale.objects.get_or_create(language_code=language)
        homes.append(
            _ensure_page(
                parent=root,
                model_label="attractiveness.HomePage",
                key=_key(slug, "home"),
                locale=locale,
                title=HOME_TITLES.get(language, name),
                slug=f"{slug}-{language}" if homes else slug,
                in_menu=False,
                extra={"hero_title": HERO.get(language, HERO["en"]).format(name=name)},
            )
        )
    return [HomePage.objects.get(pk=home.pk) for home in homes]


def _ensure_groups(territory: Territory, homes: list[Page]) -> dict[str, Group]:
    access_admin = _permission("wagtailadmin.access_admin")
    groups = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=group_name(territory, role))
        territory.groups.add(group)
        if not territory.is_archived:
            group.permissions.add(access_admin)
        group.permissions.add(*[_permission(p) for p in MODEL_PERMISSIONS[role]])
        for home in homes:
            for codename in PAGE_PERMISSIONS.get(role, []):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=_permission(f"wagtailcore.{codename}")
                )
        for codename in COLLECTION_PERMISSIONS.get(role, []):
            app = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=territory.collection,
                permission=_permission(f"{app}.{codename}"),
            )
        groups[role] = group
    return groups


def _ensure_workflow(territory: Territory, homes: list[Page], moderators: Group) -> Workflow:
    """Editors submit, the territory's moderators approve and publish."""
    workflow, _created = Workflow.objects.get_or_create(name=f"{territory.name} · Moderation")
    task = GroupApprovalTask.objects.filter(name=f"{territory.name} · Moderators' approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=f"{territory.name} · Moderators' approval")
    task.groups.set([moderators])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in homes:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def territory_archive(*, territory: Territory) -> Territory:
    """Take a territory offline without deleting anything: its site answers 404 and its
    groups lose access to the admin. ``territory_restore`` undoes it."""
    territory.is_archived = True
    territory.archived_at = timezone.now()
    territory.save(update_fields=["is_archived", "archived_at"])
    access_admin = _permission("wagtailadmin.access_admin")
    for group in territory.groups.all():
        group.permissions.remove(access_admin)
    return territory


@transaction.atomic
def territory_restore(*, territory: Territory) -> Territory:
    territory.is_archived = False
    territory.archived_at = None
    territory.save(update_fields=["is_archived", "archived_at"])
    access_admin = _permission("wagtailadmin.access_admin")
    for group in territory.groups.all():
        group.permissions.add(access_admin)
    return territory
