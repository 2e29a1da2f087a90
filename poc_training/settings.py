"""Settings of poc_training, read from the environment (12-factor).

Every variable is documented in README.md. Malformed values stop the process at start-up with
a message naming the variable, rather than being read as a silent default.
"""

import re
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean variable; anything but an explicit yes/no value is refused."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. It is required when DEBUG is off: set SECRET_KEY to a long "
            'random value (for example the output of `python -c "import secrets; '
            'print(secrets.token_urlsafe(50))"`), or set DEBUG=1 for a local demo.'
        )
    SECRET_KEY = "insecure-demo-only-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# The site's public address, e.g. https://training.example.org: certificates print their verification
# link from it and e-mails link to it (a document outlives the request that made it).
SITE_URL = env.str("SITE_URL", default="").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL is not set. It is required when DEBUG is off: set SITE_URL to the site's public "
            "address, e.g. https://training.example.org (certificates print their verification link from "
            "it), or set DEBUG=1 for a local demo."
        )
    SITE_URL = "http://127.0.0.1:8000"
elif not re.match(r"^https?://[^/\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL must be an http(s) address such as https://training.example.org; got {SITE_URL!r}."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI as static files (no CDN)
    "core",
    "accounts",
    "courses",
    "trainees",
    "results",
    "reports",
    "api",
]
# Development tooling (the demo programme, the benchmark): never in production. On with DEBUG, or
# explicitly (DEV_TOOLS=1) for the benchmark and the tests, which run with DEBUG off.
DEV_TOOLS = env_bool("DEV_TOOLS", default=DEBUG)
# Under DEBUG (the demo), errors show the project's translated 404 and 500 pages, as production does;
# DEBUG_TECHNICAL_PAGES=1 brings back Django's technical pages for a developer. The traceback of a
# 500 is logged either way.
DEBUG_TECHNICAL_PAGES = env_bool("DEBUG_TECHNICAL_PAGES", default=False)
if not DEBUG_TECHNICAL_PAGES:
    DEFAULT_EXCEPTION_REPORTER = "core.errors.ProjectExceptionReporter"
if DEV_TOOLS:
    INSTALLED_APPS += ["demo", "benchmarks"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files answer here, before the next ones
    "core.middleware.PrivateNoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.ProjectErrorPagesMiddleware",  # the translated 404 under DEBUG too (the demo)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a locked-out sign-in (the site's or the admin's) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "poc_training.urls"
WSGI_APPLICATION = "poc_training.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # PostgreSQL's JIT compiler costs tens of milliseconds per query and pays off only on long
    # analytical queries; the figures' queries are short, so it only ever made them slower.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Unreachable Redis: pages work without the cache (core.cache), after at most a short timeout.
    CACHES["default"]["BACKEND"] = "core.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=0.5, socket_timeout=1)

# --- Users ----------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in protection (django-axes): after LOGIN_FAILURE_LIMIT failed attempts for one user name, or
# from one address, sign-in is refused for LOGIN_COOLOFF_MINUTES, even with the right password. It
# covers every authenticate() call: the login page and the admin's. Unlock: the admin site's
# "Access attempts" (delete the rows), or `manage.py axes_reset_username NAME` / `axes_reset_ip IP`.
# Sign-in goes through django-axes first (it refuses a locked-out sign-in), then by password.
# Site administrators' permissions come from Django (superusers hold them all); everyone else's from
# their role in each programme (courses.access: a role applies in its programme only).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "courses.access.PasswordBackend",
    "courses.access.MembershipBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: a user name, or an address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "core.network.client_ip"
AXES_USERNAME_CALLABLE = "core.network.login_username"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (to lock and unlock); successful sign-ins are not
# Behind the reverse proxy, the header holding the client's address (as Django's META names it,
# e.g. HTTP_X_REAL_IP); the proxy must overwrite it. Unset: the connection's address.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
RATELIMIT_IP_META_KEY = "core.network.client_ip"

SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
# Invitation and password-reset links are valid this long (seconds).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24 * 3)

# --- E-mail ---------------------------------------------------------------------------------

# Invitations, forgotten passwords, reports ready: printed on the console unless EMAIL_URL says
# otherwise (e.g. smtp+tls://user:password@smtp.example.org:587).
globals().update(
    {name: value for name, value in env.email_url("EMAIL_URL", default="consolemail://").items() if value}
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="POC training <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Personal data --------------------------------------------------------------------------

# People with no participation for this many years are pseudonymised by the daily job (0: never).
PERSONAL_DATA_RETENTION_YEARS = env_int("PERSONAL_DATA_RETENTION_YEARS", 10)
# Whom people ask about their data (shown on the privacy page).
PRIVACY_CONTACT = env.str("PRIVACY_CONTACT", default="")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Languages and time ---------------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Dakar"
# Off: ids in forms and links must never read "1 527". Counts shown to people are grouped explicitly
# (the intcomma filter in templates, number_format(force_grouping=True) in code).
USE_THOUSAND_SEPARATOR = False

# --- Static and media files -----------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Third-party front-end assets, installed from the npm registry by `npm ci` (see package.json).
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    # Searchable multiple choices (organisations, experts) instead of Ctrl-click boxes.
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# --- Uploaded spreadsheets -----------------------------------------------------------------

# What core.uploads reads of an uploaded list, whatever the file claims. A list of participants is
# at most a few thousand rows of a dozen short columns; these bounds leave room for that, and no more.
UPLOAD_MAX_SCANNED_ROWS = 20_000  # rows of the sheet or lines of the CSV read, empty ones included
UPLOAD_MAX_COLUMNS = 50  # columns kept; a value beyond is refused
UPLOAD_MAX_CELL_CHARS = 1_000  # characters in one cell
UPLOAD_XLSX_MAX_PARTS = 200  # files inside the workbook's archive
UPLOAD_XLSX_MAX_PART_BYTES = 40 * 2**20  # uncompressed size of one part (a sheet of 5,000 rows: ~3 MB)
UPLOAD_XLSX_MAX_TOTAL_BYTES = 80 * 2**20  # uncompressed size of the whole archive
UPLOAD_XLSX_MAX_RATIO = 100  # uncompressed/compressed size of a part past 1 MB (real sheets: 5 to 20)
UPLOAD_XLSX_MAX_SHARED_STRINGS_BYTES = 10 * 2**20  # the shared strings, all loaded at once by openpyxl
# Scanned attendance sheets: an A4 page at 600 dpi is 35 million pixels.
PROOF_MAX_PIXELS = 50_000_000
# The parsing task's own bounds (a worker, never a web process, reads an uploaded list).
IMPORT_TASK_SOFT_TIME_LIMIT = 60
IMPORT_TASK_TIME_LIMIT = 75
IMPORT_TASK_MEMORY_MB = 512  # address space the task may add to its worker process

# --- Security -------------------------------------------------------------------------------

# HTTPS is on whenever DEBUG is off; set HTTPS=0 only for a plain-HTTP test server.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from the site itself only,
# no inline script or style (the pages use static files), nothing framed, no plugin. Bootstrap's CSS
# draws a few icons as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Celery ---------------------------------------------------------------------------------

# No broker: tasks run eagerly in-process (the embedded default). With a broker, a worker runs them.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400 * 1024  # KiB: recycle a child that grew past 400 MB
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 150)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Redis redelivers an unacknowledged (acks_late) message after the visibility timeout: it must be
# longer than the hard time limit, or a running task would be delivered twice.
CELERY_VISIBILITY_TIMEOUT = CELERY_TASK_TIME_LIMIT * 4
# Publishing must fail fast when the broker is down, so that a web request never hangs: one
# connection attempt with a 1-second connect timeout, and no publish retry loop.
_REDIS_TRANSPORT = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "max_retries": 0,
}
CELERY_BROKER_TRANSPORT_OPTIONS = _REDIS_TRANSPORT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = _REDIS_TRANSPORT
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY = True  # the worker itself keeps reconnecting
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_POOL_LIMIT = 10
# The periodic checks, sent by one `celery beat` process (docker-compose's beat service): reports
# whose worker died are queued again (or failed after a few attempts) and stray report files removed;
# lists whose reading was interrupted are failed with a reason. Every night, the personal-data
# retention rule.
CELERY_BEAT_SCHEDULE = {
    "recover-committee-reports": {"task": "reports.recover_committee_reports", "schedule": 60.0},
    "fail-stuck-participant-imports": {"task": "trainees.fail_stuck_participant_imports", "schedule": 60.0},
    "pseudonymise-inactive-people": {
        "task": "trainees.pseudonymise_inactive_people",
        "schedule": crontab(hour=2, minute=30),
    },
}

# --- REST API (api/) ------------------------------------------------------------------------

# Personal tokens (accounts.ApiToken) for scripts and results platforms; the signed-in session for
# the browsable docs. JSON only: the API has no HTML of its own beyond the docs.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",  # first: an anonymous call answers 401, not 403
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env.str("API_RATE_LIMIT", default="300/min")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StablePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,  # numbers as numbers
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "POC training records API",
    "DESCRIPTION": (
        "Programmes, activities, figures, committee reports and participants of the programmes the "
        "token's owner belongs to, with their role's rights. Authenticate with "
        "`Authorization: Bearer <token>` (tokens are made on the account page)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActivityStatusEnum": "courses.models.Activity.Status",
        "ReportStatusEnum": "reports.models.CommitteeReport.Status",
    },
}

# --- Forms and pages ------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}  # Bootstrap's name for the error level

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # An expected 403/404/405 is one INFO line without its traceback (core.log_filters).
    "filters": {"expected_refusals": {"()": "core.log_filters.ExpectedRefusalFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["expected_refusals"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
