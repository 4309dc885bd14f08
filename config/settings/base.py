"""Complete, production-safe settings. Integrations switch on from the environment.

Everything infrastructural is read here, once, through django-environ:
DATABASE_URL, REDIS_URL, EMAIL_URL, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS…
From the process environment only: `.env` is read by dev.py alone (before importing this),
so production sees its real environment and tests never see a developer's `.env`.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The platform's own host (the directory of territories); territories have their own Sites.
TERRITORIA_PLATFORM_HOSTS = env.list("TERRITORIA_PLATFORM_HOSTS", default=["localhost"])
TERRITORIA_BASE_DOMAIN = env("TERRITORIA_BASE_DOMAIN", default="localhost")
# Where core.seo finds a territory's name, logo and description for meta tags and JSON-LD.
TERRITORIA_SEO_SITE = "home.seo.site_facts"

INSTALLED_APPS = [
    "core",
    "users",
    "territories",
    "home",
    "attractiveness",
    "realestate",
    "investors",
    "newsletters",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above CSP and the territory lookup: a cached page costs one cache round trip.
    "core.page_cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "territories.middleware.TerritoryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.TerritoriaLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every territory-owned query of the request runs in this scope (docs/tenancy.md).
    "territories.middleware.TerritoryScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into users.login_limits' 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "territories.context_processors.territory",
            ],
        },
    },
]

# --- Infrastructure -------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
if DATABASES["default"]["CONN_MAX_AGE"] != 0:
    # A kept connection may have died since the last request (database restart, idle
    # timeout on a proxy): check it before reusing it rather than fail that request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # var/ is git-ignored, so a fresh clone has none, and SQLite creates no directory:
    # "unable to open database file" otherwise.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and broker: two Redis databases --------------------------------------------
# REDIS_URL is the one-variable entry point: the Celery broker uses its database and the
# cache the paired one (the number with its last bit flipped: 0<->1, 12<->13, 15<->14), so
# that cache keys never fill the broker's database. CELERY_BROKER_URL and REDIS_CACHE_URL
# set each one apart. Eviction policy is per Redis server, not per database: in production
# they are two servers (docker-compose.yml), the broker `noeviction`, the cache `allkeys-lru`.
REDIS_URL = env("REDIS_URL", default="")


def _redis_database(url: str) -> tuple | None:
    """(host, port, db) of a redis:// URL, to tell two URLs' databases apart; else None."""
    parts = urlsplit(url)
    db = parts.path.strip("/") or "0"
    if parts.scheme not in ("redis", "rediss") or not db.isdigit():
        return None
    return parts.hostname, parts.port or 6379, int(db)


def _paired_database(url: str) -> str:
    database = _redis_database(url)
    if database is None:
        raise ImproperlyConfigured(
            f"Cannot derive the cache's Redis database from REDIS_URL={url!r}: "
            "set REDIS_CACHE_URL (and CELERY_BROKER_URL)."
        )
    return urlunsplit(urlsplit(url)._replace(path=f"/{database[2] ^ 1}"))


# Seconds: a cache call on a healthy Redis takes well under a millisecond here.
REDIS_CACHE_TIMEOUT = env.float("REDIS_CACHE_TIMEOUT", default=0.5)
REDIS_CACHE_URL = env("REDIS_CACHE_URL", default=_paired_database(REDIS_URL) if REDIS_URL else "")
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": env("DJANGO_CACHE_PREFIX", default="territoria"),
            "OPTIONS": {
                # clear() deletes this prefix only: another deployment (or a misconfigured
                # broker) may share the database.
                "CLIENT_CLASS": "core.cache.PrefixScopedClient",
                # Redis down or hung is a cache miss, never a 500 (docs/security.md): each
                # command waits at most this long, and after one failure the process skips
                # Redis for a few seconds (core.cache.FailFastConnection).
                "SOCKET_CONNECT_TIMEOUT": REDIS_CACHE_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_CACHE_TIMEOUT,
                "IGNORE_EXCEPTIONS": True,
                "CONNECTION_FACTORY": "core.cache.FailFastConnectionFactory",
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "core.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery: Redis when REDIS_URL is set, otherwise tasks run eagerly in-process --------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
_broker_database = _redis_database(CELERY_BROKER_URL)
if _broker_database is not None and _broker_database == _redis_database(REDIS_CACHE_URL):
    # A full cache would refuse the broker's writes (noeviction) or evict its queues (lru).
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL and REDIS_CACHE_URL name the same Redis database: "
        "give the cache its own (docs/page-cache.md)."
    )
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES_NAMES = ("default", "bulk", "search")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The outbox's catch-up (core/outbox.py): what the broker missed while down is sent again.
CELERY_BEAT_SCHEDULE = {
    "drain-outbox": {"task": "core.drain_outbox", "schedule": 60.0, "options": {"expires": 55}},
    # The CRM (docs/investors.md): the assignees' due tasks, then the retention clean-up.
    "lead-tasks-remind": {
        "task": "investors.lead_tasks_remind",
        "schedule": crontab(hour=7, minute=30),
    },
    "leads-anonymise-closed": {
        "task": "investors.leads_anonymise_closed",
        "schedule": crontab(hour=3, minute=15),
    },
    # Saved searches' digests (investors/digest.py): hourly, each sent when due.
    "saved-search-digests": {
        "task": "investors.send_saved_search_digests",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Starts due newsletter sends, re-queues expired claims (newsletters/sending.py).
    "newsletters-sweep": {
        "task": "newsletters.sweep",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
}
# Days a closed lead (won, lost, abandoned) keeps its personal data (docs/gdpr.md).
TERRITORIA_LEAD_RETENTION_DAYS = env.int("TERRITORIA_LEAD_RETENTION_DAYS", default=1095)
# The local hour from which the day's digests go out.
TERRITORIA_DIGEST_HOUR = env.int("TERRITORIA_DIGEST_HOUR", default=7)
# Seconds the request that sends on commit waits for the broker before leaving the work to
# the drain.
TERRITORIA_BROKER_SEND_TIMEOUT = env.float("TERRITORIA_BROKER_SEND_TIMEOUT", default=0.5)

# Offer imports (docs/realestate.md, "Import"): the file, its rows, the photos' zip.
TERRITORIA_OFFER_IMPORT_MAX_BYTES = 10 * 1024 * 1024
TERRITORIA_OFFER_IMPORT_MAX_ROWS = 10_000
TERRITORIA_OFFER_IMPORT_MAX_PHOTOS = 500
TERRITORIA_OFFER_IMPORT_MAX_ZIP_BYTES = 200 * 1024 * 1024
# Company imports (docs/directory.md): the file (a zip's CSV counts uncompressed), its rows.
TERRITORIA_COMPANY_IMPORT_MAX_BYTES = 100 * 1024 * 1024
TERRITORIA_COMPANY_IMPORT_MAX_ROWS = 200_000
CELERY_TIMEZONE = "Europe/Paris"
# Newsletter sending (docs/newsletters.md): rows per batch, batch chains run side by side,
# a batch's claim on its rows, the first retry after a 4xx (doubling), messages per second
# per territory (0: no limit).
TERRITORIA_NEWSLETTER_BATCH = env.int("TERRITORIA_NEWSLETTER_BATCH", default=100)
TERRITORIA_NEWSLETTER_CHAINS = env.int("TERRITORIA_NEWSLETTER_CHAINS", default=2)
TERRITORIA_NEWSLETTER_CLAIM_SECONDS = env.int("TERRITORIA_NEWSLETTER_CLAIM_SECONDS", default=300)
TERRITORIA_NEWSLETTER_RETRY_SECONDS = env.int("TERRITORIA_NEWSLETTER_RETRY_SECONDS", default=60)
TERRITORIA_NEWSLETTER_RATE = env.int("TERRITORIA_NEWSLETTER_RATE", default=50)
# A mail provider's tracking webhooks (django-anymail: bounces, complaints): on when the
# secret is set (HTTP basic auth "user:password" the provider is given; docs/newsletters.md).
ANYMAIL = {"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default="")}
if env("ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY", default=""):
    ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"] = env("ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY")

# Wagtail queues its own work (search index, reference index, file deletion) through the
# Tasks framework: with a broker we hand it to Celery, otherwise it runs immediately.
TASKS = {
    "default": {
        "BACKEND": "core.tasks_backend.CeleryBackend"
        if REDIS_URL
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Every email goes through the outbox (core/mail.py): recorded in the sender's transaction,
# handed by a worker to EMAIL_URL's backend, retried while SMTP is down.
TERRITORIA_EMAIL_DELIVERY_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "core.mail.OutboxEmailBackend"
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Territoria <noreply@territoria.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds before an SMTP server that does not answer fails the send (retried by the outbox).
EMAIL_TIMEOUT = EMAIL_CONFIG.get("EMAIL_TIMEOUT") or env.int("EMAIL_TIMEOUT", default=10)

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login while its account and address (or the address) is locked out.
    "users.login_limits.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Its mails link to the Site's configured root URL, never the Host header (territories/accounts.py).
ACCOUNT_ADAPTER = "territories.accounts.AccountAdapter"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Investors sign in with allauth on their territory's site (/fr/accounts/login/); the Wagtail
# admin keeps its own login (WAGTAILADMIN_LOGIN_URL, Wagtail's default).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Two-factor authentication: TOTP and recovery codes, offered to everyone, required of staff
# for the CRM (users/mfa.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Territoria"
TERRITORIA_MFA_REQUIRED = env.bool("TERRITORIA_MFA_REQUIRED", default=True)

# --- Login abuse limits (users/login_limits.py, docs/security.md) -----------------------
# Five wrong passwords lock that account from that address, and five from one address lock
# the address, for 15 minutes; counted in the database (a Redis outage changes nothing).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_USERNAME_CALLABLE = "users.login_limits.attempt_username"
AXES_LOCKOUT_CALLABLE = "users.login_limits.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2"]
# The client's address: REMOTE_ADDR, or X-Forwarded-For as far as the deployment's
# TERRITORIA_TRUSTED_PROXY_COUNT vouches for it (below): one function for the login limits
# and the public forms' rate limit.
AXES_CLIENT_IP_CALLABLE = "core.public_forms.client_address"
# allauth's own limits (its cache-based counters) on /accounts/, spelled out: five failed
# logins per address typed, ten a minute per IP, aligned with the admin's 15-minute window.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/15m/key",
    "login": "30/m/ip",
    # Sign-ups: a person signs up once; a script hundreds of times.
    "signup": "5/m/ip,30/h/ip",
}

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Django's 1000 is about 150 StreamField blocks (each posts its type, order, id, deleted
# flag and value fields): a long page. Beyond this, core.views.bad_request explains.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Territoria"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
# Absolute URLs come from each territory's Site record (hostname, port) and, for the
# platform's own host, from here; never from the Host header (docs/security.md). Admin mails
# link to the recipient's territory; WAGTAILADMIN_BASE_URL is for platform-wide users.
TERRITORIA_PLATFORM_URL = env("TERRITORIA_PLATFORM_URL", default=WAGTAILADMIN_BASE_URL).rstrip("/")
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # decompression-bomb guard: 40 Mpx
# Checks the pixel count from the header before decoding; corrupt files are form errors.
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.images.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "csv", "txt"]
# Documents only ever leave through Wagtail's view (territory check, collection privacy):
# never a direct storage URL, never /media/documents/ (config/urls.py serves no documents).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int(
    "TERRITORIA_DOCUMENT_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024
)
# One error per refused file (the extension check would add a wrong second one).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.documents.DocumentForm"
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# Draftail, checked: a malformed document is a form error, stored HTML always opens.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "core.rich_text.CheckedDraftailRichTextArea"}
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # French stemming without accents (home/migrations/0003_french_unaccent_search.py):
    # "energie" finds "Énergie", "entreprises" finds "entreprise". English pages are
    # stemmed the same way (one configuration per index): exact English words still match.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "territoria_french"
WAGTAILEMBEDS_FINDERS = []
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# A new translation starts as a draft, not live with the source's text: editors translate it,
# a moderator publishes it (docs/tenancy.md, "Translations").
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # a 403 in the site's chrome that says why

CONTENT_SECURITY_POLICY = {
    # The Wagtail admin ships inline scripts and styles; public pages carry none.
    "EXCLUDE_URL_PREFIXES": ("/admin/", "/django-admin/"),
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://*.tile.openstreetmap.org"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Audience measurement: one Matomo instance for the platform, a site id per territory
# (TerritorySettings.analytics_id). Its origin joins the CSP only when configured.
TERRITORIA_MATOMO_URL = env("TERRITORIA_MATOMO_URL", default="").rstrip("/")
if TERRITORIA_MATOMO_URL:
    for directive in ("script-src", "connect-src", "img-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][directive].append(TERRITORIA_MATOMO_URL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "filters": {"cache_marked_down": {"()": "core.cache.SkipMarkedDown"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        # The cache errors django-redis ignores: the first of an outage, not every request's.
        "core.cache": {"filters": ["cache_marked_down"]},
    },
}

# --- Territoria -----------------------------------------------------------------------
# The offer map's tiles (realestate): any XYZ tile server; its origin joins the CSP img-src.
TERRITORIA_MAP_TILES = {
    "url": env(
        "TERRITORIA_MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    ),
    "attribution": env(
        "TERRITORIA_MAP_TILES_ATTRIBUTION",
        default='© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    ),
}
_tiles_origin = "{0.scheme}://{0.netloc}".format(urlsplit(TERRITORIA_MAP_TILES["url"]))
if _tiles_origin not in CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_tiles_origin)
# A territory-owned query outside a territory scope: an exception where this is on, a
# logged 404 elsewhere (territories.middleware.TerritoryScopeMiddleware).
TERRITORIA_SCOPE_ERRORS_RAISE = DEBUG
# The page cache (core/page_cache.py, docs/page-cache.md). Production refuses it on a
# process-local cache (core/checks.py): TERRITORIA_PAGE_CACHE=false to run without Redis.
TERRITORIA_PAGE_CACHE = env.bool("TERRITORIA_PAGE_CACHE", default=True)
TERRITORIA_REQUIRE_SHARED_CACHE = False
PAGE_CACHE_TIMEOUT = env.int("TERRITORIA_PAGE_CACHE_TIMEOUT", default=600)
# Each process keeps the pages it served for this long too (0: off; production sets 1 s):
# a hit without a round trip; another process's purge is heard at most this late.
TERRITORIA_PAGE_CACHE_LOCAL_SECONDS = env.float("TERRITORIA_PAGE_CACHE_LOCAL_SECONDS", default=0)
# A purgeable shared cache in front (Varnish or any HTTP cache that accepts PURGE): every
# purge of a host is sent to it, and pages carry s-maxage so that it may keep them.
TERRITORIA_FRONTEND_CACHE_URL = env("TERRITORIA_FRONTEND_CACHE_URL", default="")
TERRITORIA_FRONTEND_CACHE_TIMEOUT = env.int(
    "TERRITORIA_FRONTEND_CACHE_TIMEOUT", default=PAGE_CACHE_TIMEOUT
)

# --- Error reporting: Sentry when SENTRY_DSN is set -------------------------------------
# No personal data leaves (send_default_pii=False: no cookies, user ids or IP addresses).
# The 500 page says "we have been notified" only when this is on (core/views.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
TERRITORIA_ERRORS_REPORTED = bool(SENTRY_DSN)
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# --- Media on S3-compatible object storage: DJANGO_MEDIA_STORAGE=s3 ----------------------
# Renditions (images/) public on AWS_S3_CUSTOM_DOMAIN (a CDN or MinIO's public address);
# documents and originals private, documents streamed by Wagtail's view (core/storage.py).
# Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment (boto3).
DJANGO_MEDIA_STORAGE = env("DJANGO_MEDIA_STORAGE", default="filesystem")
if DJANGO_MEDIA_STORAGE == "s3":
    STORAGES["default"] = {"BACKEND": "core.storage.MediaStorage"}
    AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)  # MinIO, other providers
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_S3_URL_PROTOCOL = env("AWS_S3_URL_PROTOCOL", default="https:")
    AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE", default="path")
    AWS_QUERYSTRING_EXPIRE = 300
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "max-age=86400"}
    if AWS_S3_CUSTOM_DOMAIN:
        # Pages show renditions from there: the one origin the CSP adds for images.
        _media_origin = f"{AWS_S3_URL_PROTOCOL}//{AWS_S3_CUSTOM_DOMAIN.split('/')[0]}"
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_media_origin)
elif DJANGO_MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(
        f"DJANGO_MEDIA_STORAGE={DJANGO_MEDIA_STORAGE!r}: expected 'filesystem' or 's3'."
    )

# Public forms (core/public_forms.py): submissions per client address and territory, and
# how many reverse proxies in front append to X-Forwarded-For (0: trust REMOTE_ADDR only).
TERRITORIA_PUBLIC_FORM_RATE = env("TERRITORIA_PUBLIC_FORM_RATE", default="5/10m")
TERRITORIA_TRUSTED_PROXY_COUNT = env.int("TERRITORIA_TRUSTED_PROXY_COUNT", default=0)
# django-ratelimit: a cache error allows the request (Redis down must not block visitors).
RATELIMIT_FAIL_OPEN = True
