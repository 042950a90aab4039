"""Settings for NAP Portal, configured from the environment.

Every setting a deployment changes is read from an environment variable; a bad value
stops the process with a message that names the variable, never a traceback.
"""

import hashlib
import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use true/false, 1/0, yes/no or on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


DEBUG = env_bool("DEBUG", False)

# The built-in key serves local development and tests only; production refuses it.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or _DEV_SECRET_KEY
DEMO_DATA_ALLOWED = env_bool("DEMO_DATA_ALLOWED", DEBUG)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set SECRET_KEY to a long random string, "
        "or DEBUG=true for development."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "nap_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "agencies",
    "plans",
    "reports",
    "civic",
    "public",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Hostile input (NUL bytes, overlong parameters and headers) is refused with 400 before
    # any view, session or token lookup sees it (issue 14).
    "nap_portal.middleware.RequestBoundsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, so its CORS headers reach every /api/ response (issue 6).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nap_portal.middleware.AzerbaijaniFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    # After OTPMiddleware: the secretariat and the admin need a verified second factor.
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "nap_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # nap_portal is no app: its template filters are registered here.
            "libraries": {
                "grammar": "nap_portal.templatetags.grammar",
                "content": "nap_portal.templatetags.content",
                "text": "nap_portal.templatetags.text",
            },
        },
    },
]

WSGI_APPLICATION = "nap_portal.wsgi.application"
ASGI_APPLICATION = "nap_portal.asgi.application"

DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
_database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
try:
    _database = dj_database_url.parse(
        _database_url,
        # Persistent connections in production (a new one per request costs more than most
        # pages; bench/README.md has the gain); development and tests open one per request.
        conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
        # A persistent connection the server dropped is replaced instead of answering 500.
        conn_health_checks=True,
    )
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL={_database_url!r} is not understood ({error}). "
        "Use sqlite:///path/to/file.sqlite3 or postgres://user:password@host:5432/name."
    ) from None
if _database["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured(
        f"DATABASE_URL uses {_database['ENGINE']}; NAP Portal supports SQLite and PostgreSQL only."
    )
# Test databases are named after this checkout, so two checkouts on one machine can run
# their suites against the same PostgreSQL server at once.
_checkout = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:8]
_database["TEST"] = {"NAME": f"test_nap_portal_{_checkout}"}
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the live-server tests need connections of their own, as a real
    # server has, to show that concurrent writers queue instead of failing.
    # One file per test run (process), so runs of one checkout do not share it either.
    _test_file = f"test_nap_portal_{_checkout}_{os.getpid()}.sqlite3"
    _database["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / _test_file)}
    # Writers take the write lock when their transaction starts (BEGIN IMMEDIATE) and wait up
    # to 20 s for it, so concurrent writes queue instead of failing with "database is locked";
    # WAL lets readers go on while one writes.
    _database.setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            ),
        }
    )
DATABASES = {"default": _database}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "az"
LANGUAGES = [("az", _("Azerbaijani")), ("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Baku"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Evidence files are private: kept outside the static root and served through a view.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Stored documents (public.documents) live under MEDIA_ROOT/documents/. A public request renders
# a document itself only up to this many rows (statements and measures; for board files, the
# board's measures), so none holds a worker for more than ~10 s on the 2-CPU reference
# machine (bench/README.md); larger ones are built by the task queue and served from storage.
EXPORT_ON_DEMAND_ROWS = {
    "pdf": 400,
    "docx": 8000,
    "xlsx": 12000,
    "csv": 30000,
    "json": 30000,
    "board-pdf": 400,
}
# Board files are cached by their normalised filters (and the plan's publication state) when
# no bigger than this, for this long.
EXPORT_CACHE_MAX_BYTES = 4 * 1024 * 1024
EXPORT_CACHE_SECONDS = 60 * 60 * 24

LOGIN_URL = "/admin/login/"
FIXTURES_DIR = BASE_DIR / "fixtures"

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Production speaks HTTPS only: redirect plain HTTP and tell browsers to remember it (HSTS).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy on every response: our own scripts, styles, fonts and images only;
# no inline script or style anywhere (templates link files in static/).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Hostile input: longer query strings, parameter values or header values get 400.
REQUEST_MAX_QUERY_STRING = 8192
REQUEST_MAX_PARAMETER_LENGTH = 1000
REQUEST_MAX_HEADER_LENGTH = 8190

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; the export command shows it as progress.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}


# --- Open-data and submission API (issue 6) ------------------------------------------------
# The cache is shared by every process of a deployment, because the API's throttling and its
# Last-Modified stamps live in it. Production sets CACHE_URL=redis://127.0.0.1:6379/0 (Redis);
# development and tests default to a local-memory cache, so `make run` and `make test` need no
# server. CACHE_URL=db://table_name uses the database (run `manage.py createcachetable` first).


def cache_from_url(url: str) -> dict:
    scheme, _, rest = url.partition("://")
    # The public pages are cached too (public/page_cache.py): room for every page of a site,
    # not Django's default of 300 entries (Redis evicts by its own maxmemory policy).
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": rest,
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "db" and rest:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL={url!r} is not understood. Use redis://host:6379/0, db://table_name, "
        "locmem:// or dummy://."
    )


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL") or "locmem://nap-portal")}
# Anonymous public pages, feeds and open-data answers are served from this cache until the
# next publication (public/page_cache.py, operations/publication.py).
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)

# The workspace API (agencies' own systems) takes tokens only.
WORKSPACE_API_AUTHENTICATION = ["accounts.authentication.ApiTokenAuthentication"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Agency systems send "Authorization: Token <key>"; the browser's session is for the
        # browsable docs only.
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "nap_portal.api.renderers.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "nap_portal.api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "nap_portal.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "user": os.environ.get("API_USER_RATE", "600/minute"),
    },
    # Behind a reverse proxy, the number of proxies whose X-Forwarded-For entries to trust
    # when telling anonymous clients apart; unset (0) means REMOTE_ADDR. Never None: DRF
    # would then trust whatever X-Forwarded-For a client sends.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
    "URL_FORMAT_OVERRIDE": "format",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "NAP Portal open-data API",
    "DESCRIPTION": (
        "Azerbaijan's National Action Plans: plans, priorities, measures, executors and "
        "published progress reports, in JSON and CSV (`?format=csv`). Read-only and open to "
        "everyone; agency systems submit their own reports with a token."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page loads Swagger UI from our own static files: no CDN on a closed network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ImplementationStatusEnum": "reports.models.ImplementationStatus",
        "ReportStateEnum": "reports.models.ProgressReport.State",
        "PlanStatusEnum": "plans.models.Plan.Status",
        "BoardStatusEnum": "plans.status.BoardStatus",
        "RoleEnum": "plans.models.Assignment.Role",
    },
}

# Anyone may read the open data from a browser; nothing else crosses origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Content-Disposition"]
# --- end of the API block ------------------------------------------------------------------

# --- Reporting workflow (issue 4): login, lockout, mail, site address ----------------------
# Seed documents of the layers above reports, by their kind in fixtures/seeds.toml
# (reports.importers.seeds calls them without importing their app).
# Who builds stored documents again when the services change public data (reports.documents
# calls them after commit): the public side renders documents, the write side never imports it.
DOCUMENT_REBUILDERS = ["public.documents.queue_period_rebuild"]
SEED_IMPORTERS = {"civic_monitoring": "civic.importers.monitoring.import_monitoring"}

INSTALLED_APPS += ["axes"]
# Axes must see every authentication attempt, so its middleware comes last.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a username from one address after repeated failures, for an hour; and lock the
# address itself after AXES_IP_FAILURE_LIMIT failures whatever the usernames, so one password
# tried on many accounts from one place is stopped too.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.AddressAwareHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on every manage.py command
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LOGIN_URL = "/accounts/login/"
# Minutes without a request after which a session is logged out.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30)
if SESSION_IDLE_TIMEOUT < 1:
    raise ImproperlyConfigured("SESSION_IDLE_TIMEOUT must be at least 1 (minutes).")
# A session ends when the browser closes, and after 12 hours at most whatever the activity.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 60 * 60
# API tokens expire after this many days unless issued for fewer.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 365)
OTP_TOTP_ISSUER = "NAP Portal"
LOGIN_REDIRECT_URL = "/workspace/"
LOGOUT_REDIRECT_URL = "/"
SECRETARIAT_GROUP = "secretariat"
# The longest report text (works done) an agency may file, in characters: web and API alike
# (reports.services). A 200 KB text once became a 58-page PDF.
REPORT_TEXT_MAX_LENGTH = env_int("REPORT_TEXT_MAX_LENGTH", 20_000)
if REPORT_TEXT_MAX_LENGTH < 1:
    raise ImproperlyConfigured("REPORT_TEXT_MAX_LENGTH must be at least 1 (characters).")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The secretariat as the public contact page and the accessibility statement name it.
SECRETARIAT_CONTACT = {
    "email": os.environ.get("SECRETARIAT_EMAIL", "secretariat@nap.example.az"),
    "phone": os.environ.get("SECRETARIAT_PHONE", ""),
    "address": os.environ.get("SECRETARIAT_ADDRESS", ""),
}
# Public status widgets and badges (public.widgets) may be cached this long by browsers and
# by pages that embed them, in seconds.
WIDGET_CACHE_SECONDS = env_int("WIDGET_CACHE_SECONDS", 600)

# Mail: printed to the console unless SMTP is configured, by EMAIL_URL
# (smtp://user:password@host:587, smtps://… for implicit TLS, ?tls=false to disable STARTTLS)
# or by EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "NAP Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
_email_url = os.environ.get("EMAIL_URL", "").strip()
if _email_url:
    from urllib.parse import parse_qs, unquote, urlsplit

    _email = urlsplit(_email_url)
    if _email.scheme not in {"smtp", "smtps"} or not _email.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL={_email_url!r} is not understood: use smtp://user:password@host:587."
        )
    _email_query = parse_qs(_email.query)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = not EMAIL_USE_SSL and _email_query.get("tls", ["true"])[0] != "false"
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# Evidence uploads: at most this many bytes each.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# --- end of the reporting workflow block ------------------------------------------------------

# --- Operations (issue 14): background tasks, audit trail, shared cache ----------------------
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "auditlog", "operations"]
# After authentication (it reads request.user), before Axes, which stays last.
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "operations.middleware.AuditMiddleware"
)

# Mail, long exports and the search reindex run as tasks (django-tasks, the backport of
# Django's tasks framework). The database backend needs no other service: `make run` starts
# `manage.py db_worker` beside the web server, production runs it as its own process.
# TASKS_BACKEND=immediate runs each task inside the call that enqueues it (tests, scripts).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "database").strip().lower()
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={_tasks_backend!r} is not understood: use database or immediate."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend]}}
# A mail the SMTP server refused is tried again after each of these delays (seconds).
MAIL_RETRY_DELAYS = [60, 300, 1800, 7200]

# The audit trail: sign-ins, exports, publication, returns, model changes, token use.
# `manage.py prune_audit` (daily, like send_reminders) deletes entries older than this.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
# Model changes recorded by django-auditlog: plans, agencies, users and their permissions.
# (Progress reports keep their own full history with django-simple-history.)
# A password hash is never copied into the trail, sign-ins are events of their own, and the
# search text is derived.
AUDITLOG_INCLUDE_TRACKING_MODELS = [
    "plans.plan",
    "plans.priority",
    {"model": "plans.measure", "exclude_fields": ["search_text"]},
    "plans.assignment",
    "agencies.agencycategory",
    "agencies.agency",
    "agencies.agencyalias",
    "agencies.agencymembership",
    "reports.reportingperiod",
    {
        "model": "auth.user",
        "m2m_fields": ["groups", "user_permissions"],
        "exclude_fields": ["password", "last_login"],
    },
    {"model": "auth.group", "m2m_fields": ["permissions"]},
]

# `manage.py backup` writes dated backups here (README: "Backups").
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

# Without CACHE_URL a production process would keep its own local-memory cache: two workers
# would each allow the full API rate and stamp one page with two Last-Modified values. So with
# DEBUG off the default is the database cache, shared by every process of the deployment
# (`migrate` creates its table; Redis is faster: CACHE_URL=redis://…).
if not DEBUG and not os.environ.get("CACHE_URL"):
    CACHES = {"default": cache_from_url("db://nap_portal_cache")}
# --- end of the operations block -------------------------------------------------------------
