"""Settings of Le Mag, configured from environment variables (documented in .env.example).

Local defaults are safe for a developer machine: SQLite under var/, media under var/media/,
e-mails written to var/mail/, the server listening on 127.0.0.1 only.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=""):
    """An environment variable; unset or empty means the default."""
    return os.environ.get(name) or default


VAR_DIR = Path(env("LEMAG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY est vide alors que DJANGO_DEBUG est désactivé : "
            "définissez une clé secrète longue et aléatoire (voir .env.example), "
            'par exemple avec : python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "magazine.users",
    "magazine.images",
    "magazine.core",
    "magazine.caching",
    "magazine.sobriety",
    "magazine.operations",
    "magazine.backups",
    "magazine.home",
    "magazine.taxonomy",
    "magazine.glossary",
    "magazine.people",
    "magazine.articles",
    "magazine.dossiers",
    "magazine.search",
    "magazine.feeds",
    "magazine.sourcecheck",
    "magazine.newsletter",
    "magazine.compiling",
    "magazine.newsroom",
    "magazine.demo",
    "wagtail_footnotes",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "magazine.editorial",  # after wagtail.admin: replaces its workflow e-mails
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",  # login brute-force protection
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "magazine.operations.logs.RequestLogMiddleware",  # first: logs every request, cache hits too
    "django.middleware.security.SecurityMiddleware",
    # (production: WhiteNoise here, see below)
    "magazine.caching.pagecache.PageCacheMiddleware",  # early: a hit skips everything below
    "django.middleware.gzip.GZipMiddleware",  # HTML, feeds, JSON (static files are precompressed)
    "django.middleware.http.ConditionalGetMiddleware",  # the ETag, computed before compression
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "magazine.editorial.middleware.QualityGateMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "magazine.operations.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "magazine.core.routing.RoutingMiddleware",
    "magazine.sobriety.weight.PageWeightMiddleware",  # fills in the footer's « Cette page pèse… »
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the 429 page
]
if not DEBUG:  # production: WhiteNoise serves the collected, hashed, precompressed static files
    MIDDLEWARE.insert(2, "magazine.operations.middleware.StaticFilesMiddleware")

ROOT_URLCONF = "magazine.urls"
WSGI_APPLICATION = "magazine.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            "builtins": ["magazine.core.templatetags.typography"],
        },
    },
]

# Database: SQLite embedded by default (WAL, immediate transactions, busy timeout);
# PostgreSQL in production with DATABASE_URL=postgres://user:password@host:5432/name
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
# Connections are kept between requests (DATABASE_CONN_MAX_AGE seconds): opening one costs more
# than serving a compiled article (SQLite: 1.7 ms of 8 per request, its PRAGMAs included).
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

# Full-page cache (magazine/caching/pagecache.py): anonymous readers of public pages get a copy kept
# in the shared cache (and the latest in each process's memory), emptied when anything published
# changes; every process serves a publication within a second. LEMAG_PAGE_CACHE=0 turns it off
# (the load bench measures rendering so) and it is off in development (DJANGO_DEBUG=1, where
# templates change under it); HTTP caching headers and 304 answers stay.
LEMAG_PAGE_CACHE = env_bool("LEMAG_PAGE_CACHE", not DEBUG)
LEMAG_PAGE_CACHE_SECONDS = int(env("LEMAG_PAGE_CACHE_SECONDS", "600"))
# Articles are served from what was compiled when they were published (magazine.compiling);
# LEMAG_COMPILED_ARTICLES=0 renders every article on every request (the load bench's render from
# scratch; templates being changed in development).
LEMAG_COMPILED_ARTICLES = env_bool("LEMAG_COMPILED_ARTICLES", True)
# Living sources (magazine.sourcecheck): the worker checks the addresses cited as sources, in runs
# every LEMAG_SOURCECHECK_EVERY seconds of at most LEMAG_SOURCECHECK_BATCH addresses, each
# rechecked weekly (daily while failing), one request per site every LEMAG_SOURCECHECK_DELAY
# seconds at most. LEMAG_SOURCECHECK=0: no check (a machine that must not reach the outside).
LEMAG_SOURCECHECK = env_bool("LEMAG_SOURCECHECK", True)
LEMAG_SOURCECHECK_EVERY = float(env("LEMAG_SOURCECHECK_EVERY", "3600"))
LEMAG_SOURCECHECK_BATCH = int(env("LEMAG_SOURCECHECK_BATCH", "200"))
LEMAG_SOURCECHECK_DELAY = float(env("LEMAG_SOURCECHECK_DELAY", "5"))
LEMAG_SOURCECHECK_TIMEOUT = (5, 15)  # seconds to connect, to start answering

# La lettre (magazine/newsletter): the worker sends it in batches of NEWSLETTER_BATCH e-mails
# over one SMTP connection, NEWSLETTER_CONNECTIONS at once, each NEWSLETTER_RATE e-mails a second
# at most; a worker silent on its
# batch for NEWSLETTER_LEASE_SECONDS is taken for dead. A DKIM key (PEM file) signs every e-mail
# when LEMAG_DKIM_KEY_FILE is set. Subscribers with no sign of life for NEWSLETTER_RETENTION_DAYS
# are forgotten.
NEWSLETTER_BATCH = int(env("LEMAG_NEWSLETTER_BATCH", "100"))
NEWSLETTER_RATE = float(env("LEMAG_NEWSLETTER_RATE", "300"))
NEWSLETTER_CONNECTIONS = int(env("LEMAG_NEWSLETTER_CONNECTIONS", "2"))
NEWSLETTER_LEASE_SECONDS = float(env("LEMAG_NEWSLETTER_LEASE", "300"))
NEWSLETTER_RETENTION_DAYS = int(env("LEMAG_NEWSLETTER_RETENTION_DAYS", str(3 * 365)))
# The week's digest: on this day (0 = Monday) at this hour, local time.
NEWSLETTER_DIGEST_WEEKDAY = int(env("LEMAG_NEWSLETTER_DIGEST_WEEKDAY", "0"))
NEWSLETTER_DIGEST_HOUR = int(env("LEMAG_NEWSLETTER_DIGEST_HOUR", "8"))
NEWSLETTER_DKIM_KEY_FILE = env("LEMAG_DKIM_KEY_FILE", "")
NEWSLETTER_DKIM_SELECTOR = env("LEMAG_DKIM_SELECTOR", "lettre")
NEWSLETTER_DKIM_DOMAIN = env("LEMAG_DKIM_DOMAIN", "")
# Where readers find an archived copy of a source that is gone ({date}: YYYYMMDD it was consulted).
LEMAG_ARCHIVE_URL = env("LEMAG_ARCHIVE_URL", "https://web.archive.org/web/{date}/{url}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"
# Private pages (Wagtail's view restrictions) send readers to log in where the collective does.
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"
WAGTAILADMIN_USER_LOGIN_FORM = "magazine.users.forms.LoginForm"  # « Mot de passe », in French
WAGTAILIMAGES_IMAGE_MODEL = "images.MagazineImage"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login brute-force protection (django-axes, magazine/users/lockout.py). LEMAG_LOGIN_FAILURE_LIMIT
# failed logins for one username from one address lock that pair out for
# LEMAG_LOGIN_COOLOFF_MINUTES: the login answers HTTP 429 with a French page. Counting per
# username *and* address, an attacker elsewhere cannot lock an editor out of her account, and
# colleagues behind one town hall's address do not lock each other out; guessing one account's
# password from many addresses is then slowed by the 12-character, non-common passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before any check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LEMAG_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(env("LEMAG_LOGIN_COOLOFF_MINUTES", "15")) / 60  # a float: hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "magazine.users.lockout.lockout_response"
AXES_CLIENT_STR_CALLABLE = "magazine.users.lockout.client_str"  # truncated addresses in logs
AXES_DISABLE_ACCESS_LOG = True  # keep no table of every successful login and its address
# The client's address: REMOTE_ADDR, unless LEMAG_TRUSTED_PROXIES (the number of reverse proxies
# in front of the application, e.g. 1 for nginx) says X-Forwarded-For can be believed.
LEMAG_TRUSTED_PROXIES = int(env("LEMAG_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "magazine.operations.logs.client_ip"

# An admin session lasts a working day (LEMAG_SESSION_HOURS, 8 by default), then the server
# forgets it. Its cookie ends with the browser (editors share computers in town halls) unless
# « Se souvenir de moi » is ticked on the login form (Wagtail then gives it the same lifetime).
SESSION_COOKIE_AGE = int(env("LEMAG_SESSION_HOURS", "8")) * 60 * 60

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# Corrections to Wagtail's and Django's French (compiled .mo committed: no gettext at run time).
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("LEMAG_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"  # hashed, gzip + brotli
    },
}
# Uploaded media are served by the web server (nginx) in production, by Django in development
# or when LEMAG_SERVE_MEDIA=1 (a single machine without a reverse proxy).
LEMAG_SERVE_MEDIA = env_bool("LEMAG_SERVE_MEDIA", DEBUG)

# E-mail: written to var/mail/ locally (one file per message) unless EMAIL_URL-like settings
# are given; production sets EMAIL_BACKEND to the SMTP backend and EMAIL_HOST & co.
EMAIL_BACKEND = env("EMAIL_BACKEND", "magazine.operations.mail.LocalMailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Le Mag <redaction@lemag.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks backport of Django 6's tasks), run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Cache shared by every web and worker process: tables of the database by default (created by
# `migrate`), Redis when REDIS_URL=redis://host:6379/0 is set. Two aliases, used by
# magazine.caching.pagecache:
# - "pages", whole public pages, one per URL, query and encoding asked for: the only entries
#   readers can multiply (`?page=` has no end), kept ten minutes;
# - "default", the generation (magazine.caching.generation) and Wagtail's own entries.
# A database cache past MAX_ENTRIES deletes a third of its table, in the order of the keys: pages
# in a table of their own, readers who flood it make it forget pages, never the generation
# (whose loss forgets everything). Redis evicts nothing unless `maxmemory` is set; with it, set
# `maxmemory-policy volatile-lru`: the generation, stored without expiry, is then never evicted,
# and pages read least recently go first.
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        for alias in ("default", "pages")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lemag_cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lemag_pages",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
    }
# Image renditions never change once made: each process keeps the ones it has looked up in its
# own memory (Wagtail's "renditions" cache), sparing the shared cache a round trip per picture.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "lemag-renditions",
    "TIMEOUT": 24 * 60 * 60,
    "OPTIONS": {"MAX_ENTRIES": 5_000},
}

# Security. Headers everywhere; HTTPS-only cookies and HSTS in production (DJANGO_DEBUG=0), where
# `manage.py check --deploy --fail-level WARNING` passes. The Content-Security-Policy and the
# Permissions-Policy are set by magazine.operations.middleware.SecurityHeadersMiddleware.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = not DEBUG and env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # probes may ask over plain HTTP
SECURE_HSTS_SECONDS = 0 if DEBUG else int(env("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):  # behind a proxy that terminates TLS
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# New page slugs are ASCII (« fibre-a-allanche »), whatever the title's accents.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_SITE_NAME = "Le Mag qui Connecte les Territoires"
WAGTAILADMIN_BASE_URL = env("LEMAG_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "odt", "ods", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it runs scripts
# Uploads are checked by content: images by Wagtail (magazine/images/forms.py), documents by
# magazine/images/uploads.py. 40 megapixels is more than any camera the collective uses; Wagtail
# reads the size from the header, so a decompression bomb is refused before it is decompressed.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "magazine.images.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "magazine.images.uploads.DocumentForm"
# Documents are downloaded, never displayed by the browser on our origin: served by Django with
# Content-Disposition: attachment, Content-Security-Policy: default-src 'none' and nosniff
# (a PDF shown inline could run its scripts in some viewers).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
# Encoding quality (Wagtail's defaults: 61, 80, 76): the demo's lead image at 800 px weighs
# ~19 KB in AVIF, ~31 KB in WebP, ~46 KB in JPEG (issue 5: ≤ 60 KB), with no visible loss.
WAGTAILIMAGES_AVIF_QUALITY = 50
WAGTAILIMAGES_WEBP_QUALITY = 70
WAGTAILIMAGES_JPEG_QUALITY = 70
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party request, even in the admin
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Dates in the admin are Paris time for everyone (no per-account time zone): a publication
# scheduled for « 8 h » is 8 h for the whole newsroom.
WAGTAIL_USER_TIME_ZONES = ["Europe/Paris"]
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "ol", "ul"]},
    }
}
WAGTAIL_FOOTNOTES_TEXT_FEATURES = ["bold", "italic", "link"]
WAGTAIL_FOOTNOTES_REFERENCE_TEMPLATE = "components/footnote_reference.html"
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Logs: one JSON object per line on standard error, without personal data (IP addresses
# truncated to their network, e-mail addresses to their domain: magazine/operations/logs.py).
# magazine.operations.logs.RequestLogMiddleware writes one line per request on "magazine.requests".
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"privacy": {"()": "magazine.operations.logs.PrivacyFilter"}},
    "formatters": {"json": {"()": "magazine.operations.logs.JSONFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["privacy"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LEMAG_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # runserver's own request lines carry query strings: the request middleware replaces them
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # lockouts; not every attempt
    },
}
