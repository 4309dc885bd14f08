"""Production: everything from the environment; DJANGO_SECRET_KEY is required."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

# --- The secret: refused at start-up when it is a placeholder or too weak -----------------
# Django's own check (security.W009) only warns, and only under `check --deploy`.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_PLACEHOLDERS = (
    "replace-me",
    "change-me",
    "changeme",
    "insecure",
    "dev-only",
    "test-only",
)
if any(marker in SECRET_KEY.lower() for marker in SECRET_KEY_PLACEHOLDERS):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is a placeholder (from .env.example or the dev settings): generate "
        "one with python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too weak: at least {SECRET_KEY_MIN_LENGTH} characters, not "
        f"repetitive (it has {len(SECRET_KEY)}). Generate one with python3 -c "
        "'import secrets; print(secrets.token_urlsafe(50))'."
    )

DEBUG = False
# No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from any client. The
# scheme is gunicorn's wsgi.url_scheme, which honours the header only from the proxy's
# addresses (FORWARDED_ALLOW_IPS, README "Production shape").
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
# ...but each process also keeps the pages it served for one second (core/page_cache.py): a
# hit then costs no Redis round trip; another process's purge is heard at most 1 s late.
TERRITORIA_PAGE_CACHE_LOCAL_SECONDS = env.float("TERRITORIA_PAGE_CACHE_LOCAL_SECONDS", default=1.0)

# Wagtail reads a rendition from the cache and writes it back on every {% image %} tag: two
# Redis round trips per image. Kept in each process's memory instead (a new file or focal
# point makes new renditions; a replaced file's old ones may linger 5 min in other workers).
# Measured in docs/performance.md.
CACHES["renditions"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
