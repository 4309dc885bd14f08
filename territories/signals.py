"""Cache invalidation only: host lookups and the page cache."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string
from wagtail.models import Collection, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.page_cache import purge_host

from . import features
from .models import Territory, TerritorySettings
from .selectors import HOST_CACHE_KEY
from .tenancy import territory_id_of


def _forget_host(hostname: str) -> None:
    """Drop the cached territory of a host now and again on commit, so that a request served
    before the commit cannot cache the old row (e.g. a territory being archived)."""
    key = HOST_CACHE_KEY.format(hostname)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), robust=True)


@receiver(pre_save, sender=Site)
def forget_previous_hostname(sender, instance, **kwargs):
    """A Site moving to another hostname leaves nothing answering on the old one."""
    if instance.pk is None:
        return
    previous = Site.objects.filter(pk=instance.pk).values_list("hostname", flat=True).first()
    if previous and previous != instance.hostname:
        _forget_host(previous)
        purge_host(previous)


@receiver([post_save, post_delete], sender=Site)
def forget_site_hosts(sender, instance, **kwargs):
    _forget_host(instance.hostname)
    purge_host(instance.hostname)


@receiver(post_save, sender=Territory)
def forget_territory_host(sender, instance, **kwargs):
    _forget_host(instance.site.hostname)
    purge_host(instance.site.hostname)


@receiver(post_save, sender=TerritorySettings)
def purge_on_branding_change(sender, instance, **kwargs):
    purge_host(instance.site.hostname)


@receiver([page_published, page_unpublished])
def purge_on_publication(sender, instance, **kwargs):
    site = instance.get_site()
    if site is not None:
        purge_host(site.hostname)


@receiver([post_save, post_delete], sender=PageViewRestriction)
def purge_on_privacy_change(sender, instance, **kwargs):
    """A section made private (or public again) must leave (or enter) cached pages, menus and
    listings at once, not when they expire. One on the tree's root (no site's) covers every
    site: every host is purged (their home pages answer Wagtail's check from the chrome)."""
    if instance.page.depth == 1:
        for hostname in Site.objects.values_list("hostname", flat=True):
            purge_host(hostname)
        return
    site = instance.page.get_site()
    if site is not None:
        purge_host(site.hostname)


def _purge_owner_territory(sender, instance, **kwargs):
    """A declared model changed (features.py ``purges``): its territory's pages show it."""
    territory_id = territory_id_of(instance)
    if territory_id is None:
        return
    hostname = (
        Territory.objects.filter(pk=territory_id).values_list("site__hostname", flat=True).first()
    )
    if hostname:
        purge_host(hostname)


def connect_declared_purges() -> None:
    for model in features.purging_models():
        for signal in (post_save, post_delete):
            signal.connect(
                _purge_owner_territory, sender=model, dispatch_uid=f"purge:{model._meta.label}"
            )


# --- Page-cache purges for what publication does not cover --------------------------------
# A page move, an image or a document change, and the platform's directory of territories.
# Images and documents belong to a territory through its collection (Territory.collection,
# possibly nested below it); one outside every territory's collection may appear anywhere.

# Saves that only record a derived value of the file: nothing a visitor sees changes.
_BOOKKEEPING_FIELDS = frozenset({"file_size", "file_hash"})


def _site_hostname_of(page) -> str | None:
    site = page.get_site() if page is not None else None
    return site.hostname if site is not None else None


@receiver(post_page_move)
def purge_on_page_move(sender, instance, parent_page_before, **kwargs):
    """Menus, listings and the page's own URL change in the tree it left and in the tree it
    joined: purge both territories (the same one for a move or reorder within a site)."""
    hosts = {_site_hostname_of(parent_page_before), _site_hostname_of(instance)}
    for hostname in hosts - {None}:
        purge_host(hostname)


def _ancestor_paths(collection) -> set[str]:
    step = Collection.steplen
    return {collection.path[:end] for end in range(step, len(collection.path) + 1, step)}


def _collection_hosts(collection_ids) -> set[str]:
    """The hostnames of the territories whose collection holds each of these collections;
    every territory's as soon as one of them is outside all (the root collection, or gone)."""
    wanted = {pk for pk in collection_ids if pk is not None}
    collections = list(Collection.objects.filter(pk__in=wanted).only("path"))
    paths = set().union(*(_ancestor_paths(collection) for collection in collections))
    owners = dict(
        Territory.objects.filter(collection__path__in=paths).values_list(
            "collection__path", "site__hostname"
        )
    )
    hosts = set()
    for collection in collections:
        found = {owners[path] for path in _ancestor_paths(collection) if path in owners}
        if not found:
            break
        hosts |= found
    else:
        if len(collections) == len(wanted):
            return hosts
    return set(Territory.objects.values_list("site__hostname", flat=True))


def _is_bookkeeping(update_fields) -> bool:
    return update_fields is not None and set(update_fields) <= _BOOKKEEPING_FIELDS


@receiver(pre_save, sender=get_image_model_string())
@receiver(pre_save, sender=get_document_model_string())
def remember_previous_collection(sender, instance, update_fields=None, **kwargs):
    """A file moved to another territory's collection leaves that territory's pages too."""
    if instance.pk is None or _is_bookkeeping(update_fields):
        return
    instance._page_cache_previous_collection_id = (
        sender.objects.filter(pk=instance.pk).values_list("collection_id", flat=True).first()
    )


@receiver([post_save, post_delete], sender=get_image_model_string())
@receiver([post_save, post_delete], sender=get_document_model_string())
def purge_on_media_change(sender, instance, update_fields=None, **kwargs):
    """An image (new file, focal point, alt text, deletion) or a document (new file, title)
    shows on pages whose copies the page cache keeps: purge its territory."""
    if _is_bookkeeping(update_fields):
        return
    previous = getattr(instance, "_page_cache_previous_collection_id", None)
    for hostname in _collection_hosts({instance.collection_id, previous}):
        purge_host(hostname)


@receiver([post_save, post_delete], sender=Territory)
@receiver([post_save, post_delete], sender=Site)
def purge_platform_directory(sender, instance, **kwargs):
    """The platform host lists the live territories (name, region, address)."""
    for hostname in settings.TERRITORIA_PLATFORM_HOSTS:
        purge_host(hostname)
