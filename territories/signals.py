"""Cache invalidation only: host lookups and the page cache."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished

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
    listings at once, not when they expire."""
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
