"""Writes with business meaning on territories: provisioning, archiving."""

import uuid

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from . import features
from .models import Territory, TerritorySettings, group_name

KEY_NAMESPACE = uuid.UUID("5b0b5c1e-6a43-4c55-9d43-7e1f2b1d9c11")


# What each role may do with the foundation's own objects: pages under the territory's home
# pages, media of its collection, its site settings. Apps add model permissions to roles in
# their own AppConfig (features.py).
ADMIN_ACCESS = "wagtailadmin.access_admin"
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
# Wagtail's own per-site permission (GroupSitePermission): the territory's Site only.
SITE_PERMISSIONS = {"Moderators": ["territories.change_territorysettings"]}
# Permissions the foundation itself grants through model permissions.
# Editors and moderators translate their own territory's pages and snippets
# (wagtail-localize; scoped by territories/overrides/wagtail_localize.py).
TRANSLATE = "wagtail_localize.submit_translation"
FOUNDATION_ROLES = {
    "Editors": [ADMIN_ACCESS, TRANSLATE],
    "Moderators": [ADMIN_ACCESS, TRANSLATE],
    "Developers": [ADMIN_ACCESS],
    "Communication": [ADMIN_ACCESS],
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
    model = apps.get_model(model_label)
    existing = Page.objects.filter(translation_key=key, locale=locale).first()
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

    Idempotent: the Site, the media collection and the Territory row are created once, then
    ``territory_sync`` brings the tree, groups, permissions and workflow up to date.
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
    return territory_sync(territory=territory)


@transaction.atomic
def territory_sync(*, territory: Territory) -> Territory:
    """Apply every app's declaration (features.py) to one territory, idempotently.

    Home pages and declared sections in each language (created when missing, never
    changed), one group per role with exactly the declared permissions on this territory
    only, the moderation workflow and the settings row. An archived territory keeps its
    pages and groups but its groups may do nothing (``territory_archive``).
    """
    territory = Territory.objects.select_related("site", "collection").get(pk=territory.pk)
    homes = _ensure_homes(name=territory.name, slug=territory.slug, languages=territory.languages)
    for home in homes:
        for section in features.sections():
            fallback = section.titles.get("en") or next(iter(section.titles.values()))
            title, page_slug = section.titles.get(home.locale.language_code, fallback)
            _ensure_page(
                parent=home,
                model_label=section.model,
                key=_key(territory.slug, section.key),
                locale=home.locale,
                title=title,
                slug=page_slug,
                in_menu=section.in_menu,
                extra=section.defaults(territory) if section.defaults else None,
            )
    groups = _ensure_groups(territory, homes)
    _ensure_workflow(territory, homes, groups["Moderators"])
    TerritorySettings.for_site(territory.site)  # creates the row with its default colours
    return territory


def territories_sync_all() -> int:
    """``territory_sync`` for every live territory (after ``migrate``); returns the count."""
    count = 0
    for territory in Territory.objects.active():
        territory_sync(territory=territory)
        count += 1
    return count


def _ensure_homes(*, name: str, slug: str, languages: list[str]) -> list[Page]:
    declaration = features.home_feature()
    root = Page.get_first_root_node()
    homes = []
    for language in languages:
        locale, _created = Locale.objects.get_or_create(language_code=language)
        extra = declaration.home_defaults(name, language) if declaration.home_defaults else {}
        title = extra.pop("title", name)
        homes.append(
            _ensure_page(
                parent=root,
                model_label=declaration.home_page,
                key=_key(slug, "home"),
                locale=locale,
                title=title,
                slug=f"{slug}-{language}" if homes else slug,
                in_menu=False,
                extra=extra,
            )
        )
    return [home.specific for home in homes]


def _permissions(dotted_names) -> list[Permission]:
    found = []
    for dotted in sorted(set(dotted_names)):
        app_label, codename = dotted.split(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:
            raise ImproperlyConfigured(f"A role declares the unknown permission {dotted!r}.")
        found.append(permission)
    return found


def _ensure_groups(territory: Territory, homes: list[Page]) -> dict[str, Group]:
    """One group per role holding exactly what the declarations give it, on this territory's
    pages, collection and site only (a permission no longer declared is taken away)."""
    declared = features.role_permissions()
    groups = {}
    for role in declared:
        group, _created = Group.objects.get_or_create(name=group_name(territory, role))
        territory.groups.add(group)
        groups[role] = group
        if territory.is_archived:
            continue
        group.permissions.set(_permissions([*declared[role], *FOUNDATION_ROLES.get(role, [])]))
        pages = _permissions(f"wagtailcore.{c}" for c in PAGE_PERMISSIONS.get(role, []))
        _grant_exactly(GroupPagePermission, "page", group, homes, pages)
        media = _permissions(
            f"{'wagtailimages' if c.endswith('image') else 'wagtaildocs'}.{c}"
            for c in COLLECTION_PERMISSIONS.get(role, [])
        )
        _grant_exactly(
            GroupCollectionPermission, "collection", group, [territory.collection], media
        )
        site = _permissions(SITE_PERMISSIONS.get(role, []))
        _grant_exactly(GroupSitePermission, "site", group, [territory.site], site)
    return groups


def _grant_exactly(model, field: str, group: Group, targets: list, permissions: list) -> None:
    """``group`` holds exactly ``permissions`` on each of ``targets`` (pages, a collection,
    a site) through Wagtail's ``model`` (GroupPagePermission…), and nothing anywhere else."""
    model.objects.filter(group=group).exclude(
        **{f"{field}__in": targets}, permission__in=permissions
    ).delete()
    for target in targets:
        for permission in permissions:
            model.objects.get_or_create(group=group, permission=permission, **{field: target})


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
    groups lose every permission (admin access, pages, media, settings, rows), so a member
    of an archived and a live territory keeps only the live one. ``territory_restore``
    gives them back."""
    territory.is_archived = True
    territory.archived_at = timezone.now()
    territory.save(update_fields=["is_archived", "archived_at"])
    groups = territory.groups.all()
    for group in groups:
        group.permissions.clear()
    GroupPagePermission.objects.filter(group__in=groups).delete()
    GroupCollectionPermission.objects.filter(group__in=groups).delete()
    GroupSitePermission.objects.filter(group__in=groups).delete()
    return territory


@transaction.atomic
def territory_restore(*, territory: Territory) -> Territory:
    territory.is_archived = False
    territory.archived_at = None
    territory.save(update_fields=["is_archived", "archived_at"])
    return territory_sync(territory=territory)
