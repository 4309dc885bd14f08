"""Production: everything from the environment; DJANGO_SECRET_KEY is required."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Wagtail's preview panel shows the page in a same-origin iframe, so X-Frame-Options stays
# SAMEORIGIN (CSP frame-ancestors 'self' says the same) rather than the DENY check W019 wants.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Each process would keep its own page cache and hear none of the others' purges: with a
# local-memory cache, `manage.py check`/`migrate` refuse to run (core/checks.py) unless
# TERRITORIA_PAGE_CACHE=false.
TERRITORIA_REQUIRE_SHARED_CACHE = True

# Wagtail reads a rendition from the cache and writes it back on every {% image %} tag: two
# Redis round trips per image. Kept in each process's memory instead (a new file or focal
# point makes new renditions; a replaced file's old ones may linger 5 min in other workers).
# Measured in docs/performance.md.
CACHES["renditions"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
