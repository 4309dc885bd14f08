"""System checks for deployment shape: what would make a running site quietly wrong."""

from django.conf import settings
from django.core import checks

PROCESS_LOCAL_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


@checks.register(checks.Tags.caches)
def check_page_cache_backend(app_configs=None, **kwargs):
    """In production the page cache needs a cache every process shares: with a
    process-local one, each gunicorn worker keeps its own copy of a page and a purge
    (a publication, an archived territory) reaches only the worker that made it."""
    if not (settings.TERRITORIA_PAGE_CACHE and settings.TERRITORIA_REQUIRE_SHARED_CACHE):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        checks.Error(
            "The page cache is on but CACHES['default'] is a process-local cache: each "
            "process would serve its own copy and miss the others' purges.",
            hint="Set REDIS_URL (or REDIS_CACHE_URL) to a Redis server, or switch the page "
            "cache off with TERRITORIA_PAGE_CACHE=false.",
            obj="settings.CACHES",
            id="territoria.E001",
        )
    ]
