"""Settings for the CoP portal: one module, driven by the environment.

SQLite is the default so that a fresh clone runs with nothing set up; production sets
DATABASE_URL (PostgreSQL), DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS. Every bad value fails
at start with one ImproperlyConfigured line rather than deep inside a request.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def envfloat(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {raw!r}.") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for local development, set DJANGO_DEBUG=true)."
        )
    # Development only: a fixed key keeps sessions across restarts of the dev server.
    SECRET_KEY = "django-insecure-development-key-not-for-production"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list this site's host names.")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"DJANGO_CSRF_TRUSTED_ORIGINS entries need a scheme (https://...), not {_origin!r}."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search and trigram similarity on PostgreSQL (communities/search.py); harmless on
    # SQLite, where search matches whole words instead.
    "django.contrib.postgres",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "import_export",
    "django_tasks_db",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "outbox",
    "communities",
    "membership",
    "accounts",
    "activities",
    "proposals",
    "reports",
    "ucl_cop",
]

MIDDLEWARE = [
    # First, so every response (the HTTPS redirect too) carries the request id it was logged by.
    "ucl_cop.logs.RequestIdMiddleware",
    # A view that cannot reach the database answers the friendly 503 (ucl_cop/unavailable.py).
    "ucl_cop.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a session cookie or a form: NUL bytes never reach PostgreSQL.
    "ucl_cop.middleware.RefuseNulBytesMiddleware",
    # Whole pages for anonymous visitors, before any session, user or database work; it stores
    # what the middleware below adds (communities/page_cache.py).
    "communities.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionRefreshMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ucl_cop.middleware.MethodNotAllowedMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ucl_cop.urls"
WSGI_APPLICATION = "ucl_cop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ucl_cop.context_processors.programme_contact",
                "reports.context_processors.report_access",
            ],
        },
    },
]

# Database ------------------------------------------------------------------------------------

_SQLITE_DEFAULT = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _SQLITE_DEFAULT)
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Django knows: {exc}") from None

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so concurrent writers queue
        # behind the busy timeout instead of failing half-way; select_for_update is a no-op here.
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("DATABASE_BUSY_TIMEOUT_SECONDS", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg's pool replaces persistent connections, so CONN_MAX_AGE must stay 0.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The pool checks a connection before lending it, so after a database restart no request
    # is handed one that died with the old server (an empty query, once per request).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # `.iterator()` (a form's choices, exports) reads through a server-side cursor by default:
    # three round trips (DECLARE, FETCH, CLOSE) instead of one, for lists of at most a few
    # thousand rows (the largest, an export of every member, is a few megabytes).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),  # such as ?sslmode= in DATABASE_URL
        # A server that does not answer (a dead host, not a refused port) fails in seconds.
        "connect_timeout": envint("DATABASE_CONNECT_TIMEOUT_SECONDS", 3),
        # No JIT: a report's many conditional counts are estimated costly enough to be compiled,
        # and compiling took 4.9 s of a 5.1 s query (20,000 people; the query itself runs in
        # milliseconds). The portal's queries are all short; none gains from it.
        "options": " ".join(
            filter(None, [DATABASES["default"].get("OPTIONS", {}).get("options"), "-c jit=off"])
        ),
        "pool": {
            "min_size": envint("DATABASE_POOL_MIN_SIZE", 2),
            "max_size": envint("DATABASE_POOL_MAX_SIZE", 10),
            # How long a request waits for a connection. Each gunicorn thread can have one
            # (threads < max_size), so a wait means the database is out of reach: the request
            # answers the friendly 503 (ucl_cop/unavailable.py) well within 2 seconds instead
            # of holding its thread. Later requests wait only briefly until it is back.
            "timeout": envfloat("DATABASE_POOL_TIMEOUT_SECONDS", 1.0),
            # While the database is down the pool retries with a doubling back-off; giving up
            # after 2 s lets the next request start again at once, so each process tries about
            # once a second and answers within about a second of a restart, however long the
            # outage was (psycopg's default, 5 minutes, let the back-off grow to minutes).
            "reconnect_timeout": 2,
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: nothing lives on local disk, so several app containers can share state.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Every key of this site starts with it, so several sites (or the tests' parallel workers) can
# share one Redis database; the cache's clear() empties this site's keys only (ucl_cop/cache.py).
CACHE_KEY_PREFIX = os.environ.get("DJANGO_CACHE_KEY_PREFIX", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ucl_cop.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    # One process's own memory: exact for `make run` (one process), but never for several
    # workers, each of which would keep its own copy of pages a write in another one changed
    # (see the README, and the ucl_cop.W003 check). Room for every community's cached page.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
# Per-person entries (the session's user, a person's roles: membership.person_cache) and
# sessions live in the cache only when every worker shares it. In a per-process cache, signing
# out or losing a role in one worker would leave the session, user or role alive in the others.
SHARED_CACHE = bool(REDIS_URL)
# cached_db reads a session from Redis and writes it through to the database, so a Redis restart
# signs nobody out.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SHARED_CACHE
    else "django.contrib.sessions.backends.db"
)
# A session lasts a working day from the last activity. The expiry is renewed at most every 15
# minutes (accounts.middleware), so a signed-in page does not write its session each time.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_REFRESH_INTERVAL = 15 * 60

# Accounts ------------------------------------------------------------------------------------

AUTH_USER_MODEL = "membership.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "me"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A reset link someone asked for is used at once; an invitation may wait in an inbox for days,
# so it has its own token and link (membership/tokens.py).
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
INVITATION_TIMEOUT = 7 * 24 * 60 * 60
# Reset emails per client address and per target address, in a fixed window (cache counters).
PASSWORD_RESET_LIMIT_PER_CLIENT = 20
PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
PASSWORD_RESET_LIMIT_WINDOW = 60 * 60

AUTHENTICATION_BACKENDS = [
    # django-axes refuses a locked-out sign-in before the password is hashed.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the session's user from the shared cache when there is one.
    "accounts.backends.PersonBackend",
]
# Lock out the pair (account, client address): both together, so nobody elsewhere can lock the
# Head or the break-glass superuser out. A flat list would mean either one.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = envint("DJANGO_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=envint("DJANGO_LOGIN_COOLOFF_MINUTES", 30))
# Trying again while locked out does not restart the cool-off, so the page's time holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures are kept; successful sign-ins are not logged
AXES_USERNAME_FORM_FIELD = "username"  # what the sign-in forms post (axes would guess "email")
AXES_USERNAME_CALLABLE = "accounts.client.username_for_lockout"
AXES_CLIENT_IP_CALLABLE = "accounts.client.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"

# Behind a proxy, the client's address comes from the header it sets (such as X-Real-IP, or
# X-Forwarded-For, whose last entry is the address the proxy saw); otherwise REMOTE_ADDR.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "").strip()
if CLIENT_IP_HEADER and not re.fullmatch(r"[A-Za-z0-9-]+", CLIENT_IP_HEADER):
    raise ImproperlyConfigured(
        "DJANGO_CLIENT_IP_HEADER must be a header name such as X-Real-IP, "
        f"not {CLIENT_IP_HEADER!r}."
    )

# Single sign-on: local accounts by default; AUTH_MODE=oidc adds "Sign in with UCL" (Microsoft
# Entra ID through django-allauth's OpenID Connect provider). Roles stay in our own tables.
AUTH_MODE = os.environ.get("AUTH_MODE", "local").strip().lower() or "local"
if AUTH_MODE not in {"local", "oidc"}:
    raise ImproperlyConfigured(f"AUTH_MODE must be local or oidc, not {AUTH_MODE!r}.")
OIDC_PROVIDER_ID = "ucl"
OIDC_ISSUER = os.environ.get("AUTH_OIDC_ISSUER", "").strip().rstrip("/")
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}
if AUTH_MODE == "oidc":
    _missing = [
        name
        for name in ("AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET")
        if not os.environ.get(name, "").strip()
    ]
    if _missing:
        raise ImproperlyConfigured(f"AUTH_MODE=oidc needs {', '.join(_missing)}.")
    if not OIDC_ISSUER.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            "AUTH_OIDC_ISSUER must be the tenant's issuer, such as "
            f"https://login.microsoftonline.com/<tenant-id>/v2.0, not {OIDC_ISSUER!r}."
        )
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] = [
        {
            "provider_id": OIDC_PROVIDER_ID,
            "name": "UCL",
            "client_id": os.environ["AUTH_OIDC_CLIENT_ID"].strip(),
            "secret": os.environ["AUTH_OIDC_CLIENT_SECRET"].strip(),
            "settings": {
                "server_url": OIDC_ISSUER,
                "token_auth_method": "client_secret_post",
                # The ID token carries what we need; Entra's userinfo lives on another host.
                "fetch_userinfo": False,
            },
        }
    ]
ACCOUNT_ADAPTER = "accounts.sso.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.sso.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False

# Internationalisation ------------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files --------------------------------------------------------------------------------

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files ------------------------------------------------------------------------------

# Resources shared in the libraries. They are served only through a view that checks who is
# asking (activities/views/resources.py), so MEDIA_URL is never used to serve them.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", "") or BASE_DIR / "media")
# The one limit on an uploaded file's size (the resource library's uploads).
RESOURCE_MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# Several app containers share no disk, so production keeps uploads in S3-compatible object
# storage (DJANGO_STORAGE=s3); development keeps them in MEDIA_ROOT.
_FILE_STORAGE = os.environ.get("DJANGO_STORAGE", "local").strip().lower() or "local"
if _FILE_STORAGE == "local":
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif _FILE_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("DJANGO_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            # Empty means AWS itself; set it for another S3-compatible service.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Empty: boto3 finds credentials itself (an instance or container role).
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Objects stay private (the bucket's own policy) and are never overwritten.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured(f"DJANGO_STORAGE must be local or s3, not {_FILE_STORAGE!r}.")

STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Forms ---------------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email ---------------------------------------------------------------------------------------

# Development prints emails to the console, decoded so a link copied from it works (see
# ucl_cop/mail.py); production sends them through SMTP.
_EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "ucl_cop.mail.ConsoleEmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_EMAIL_OPTIONS = {}
if _EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    _EMAIL_OPTIONS = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": envint("DJANGO_EMAIL_PORT", 25),
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": envbool("DJANGO_EMAIL_USE_TLS", False),
        "timeout": envint("DJANGO_EMAIL_TIMEOUT_SECONDS", 30),
    }
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "UCL Communities of Practice <cop-portal@ucl.ac.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"DJANGO_SITE_URL must start with http:// or https://: {SITE_URL!r}")

# Background tasks ----------------------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# A failed outbox email is tried again after 1, 2, 4… minutes (at most an hour apart); after
# this many attempts in all (about four hours at the default) it waits for the Head to resend it.
OUTBOX_MAX_ATTEMPTS = envint("DJANGO_OUTBOX_MAX_ATTEMPTS", 10)

# Yearly reconfirmation of core membership (membership/services/reconfirmation.py): a core
# membership not confirmed for this many months gets a reminder, a second one this many days
# later, and becomes wider this many days after the second. A link works for 45 days, longer
# than a round lasts.
RECONFIRMATION_AFTER_MONTHS = envint("DJANGO_RECONFIRMATION_AFTER_MONTHS", 12)
RECONFIRMATION_SECOND_REMINDER_DAYS = 14
RECONFIRMATION_EXPIRY_DAYS = 30
RECONFIRMATION_LINK_DAYS = 45

# Admin imports -------------------------------------------------------------------------------

# An uploaded file waits between the import preview and its confirmation: in the shared cache
# when there is one (several app containers), else in a folder of its own (one machine); for
# an hour at most either way, since it holds names and addresses (membership/admin/previews.py).
IMPORT_EXPORT_TMP_STORAGE_CLASS = (
    "membership.admin.previews.PreviewCacheStorage"
    if REDIS_URL
    else "membership.admin.previews.PreviewFileStorage"
)
IMPORT_PREVIEW_MAX_AGE = 60 * 60
IMPORT_PREVIEW_DIR = os.environ.get("DJANGO_IMPORT_PREVIEW_DIR", "")  # empty: the system's temp
# The largest file the Head may import, and its most rows: a 30 MB file was accepted, and a
# preview of 20,000 rows took 54 s. UCL's 14,000 staff fit in about 1 MB of CSV.
IMPORT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 20_000

# Retention (UK GDPR: kept no longer than needed) ----------------------------------------------

# How many days the `apply_retention` command (run daily by cron) keeps each kind of record;
# the privacy notice (/privacy/) shows these same numbers. Expired sign-in sessions go at once,
# and import previews after IMPORT_PREVIEW_MAX_AGE.
RETENTION_EMAIL_DAYS = envint("DJANGO_RETENTION_EMAIL_DAYS", 180)  # sent or given up on
RETENTION_TASK_DAYS = envint("DJANGO_RETENTION_TASK_DAYS", 30)  # finished background tasks
RETENTION_SIGN_IN_ATTEMPT_DAYS = envint("DJANGO_RETENTION_SIGN_IN_ATTEMPT_DAYS", 90)
for _name in ("RETENTION_EMAIL_DAYS", "RETENTION_TASK_DAYS", "RETENTION_SIGN_IN_ATTEMPT_DAYS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"DJANGO_{_name} must be at least 1 (a number of days).")

# Security ------------------------------------------------------------------------------------

# The policy is strict in every environment, so a violation shows up in the browser tests.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    # Bootstrap's CSS draws its icons (selects, close buttons) as data: SVG images.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
if AUTH_MODE == "oidc":
    # "Sign in with UCL" posts here and is redirected to the provider's sign-in page; browsers
    # hold that redirect to form-action as well.
    _issuer = urlsplit(OIDC_ISSUER)
    SECURE_CSP["form-action"].append(f"{_issuer.scheme}://{_issuer.netloc}")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
if not DEBUG:
    # __Host- cookies are only accepted when Secure, for path / and with no Domain: no sibling
    # host under ucl.ac.uk can set or shadow them. (Plain HTTP in development cannot use them.)
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# A stale form (an old tab, an expired session) gets our friendly page, not Django's plain one.
CSRF_FAILURE_VIEW = "ucl_cop.views.csrf_failure"
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Probes from the container platform speak plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SECURE_HSTS_SECONDS = envint("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
if envbool("DJANGO_BEHIND_PROXY", False):
    # Only trust X-Forwarded-Proto when a proxy we run sets it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a list we choose not to join.

_LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
# Production writes one JSON object per line (time, level, logger, message, request id, person
# id, path, status) for the log collector; development writes readable lines. See ucl_cop/logs.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "ucl_cop.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "ucl_cop.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "text" if DEBUG else "json",
        }
    },
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
    "loggers": {
        # Django's default logging gives "django" a console handler of its own (with debug on)
        # and lets it propagate to the root's as well, so every line printed twice. The root
        # alone prints. (runserver's request lines stay on Django's "django.server" handler.)
        "django": {"handlers": [], "level": _LOG_LEVEL, "propagate": True},
        "django.db.backends": {"level": "INFO"},
    },
}
