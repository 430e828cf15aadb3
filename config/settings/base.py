"""Settings shared by every environment; each value an operator may change comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("THIDUA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded default keeps its database and files here


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
# Server-Timing (app and CPU milliseconds) on every answer: config/server_timing.py, for bench/load_bench.py.
SERVER_TIMING = env_bool("SERVER_TIMING", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

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
    "axes",
    "csp",
    "core",
    "history",
    "members",
    "notices",
    "blocs",
    "pledges",
    "awards",
    "meetings",
    "decisions",
    "interchange",
    "signatures",
    "records",
    "dossiers",
    "imports",
    "ops",
    "portal",
]

MIDDLEWARE = [
    "config.server_timing.ServerTimingMiddleware",  # only with SERVER_TIMING=1 (the load benchmark)
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.language.ChosenLanguageMiddleware",  # Vietnamese unless the user chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "history.middleware.AuditSourceMiddleware",  # the audit trail says whether a change came via the admin
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

# Content-Security-Policy (django-csp) in every environment, so that the tests and the browser tests load the
# pages under the policy production sends. Only the site's own files: no inline <script> or on…= attribute,
# no style="…" attribute or <style> block (static/js/app.js and static/css/app.css hold them instead);
# data: images are Bootstrap's own SVG icons (select arrows, check marks, the navbar toggler).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Django's defaults, spelled out: no page may be framed, and the browser keeps the declared content types.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.year.year_context",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# Embedded default: SQLite in var/. Production sets DATABASE_URL (PostgreSQL).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The web server and the worker write to one file: wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
# django-axes first: it refuses a locked-out login before ModelBackend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Checked whenever a person sets a password (change form, admin), not by set_password(): at least 10 characters
# (Django's rule, its message in Vietnamese), not in Django's list of 20,000 common passwords, not all digits,
# not close to the user's name or e-mail.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "config.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A session ends SESSION_IDLE_HOURS (8 by default) after its last request, renewed at most every 5 minutes of
# use rather than written on every request (config/sessions/__init__.py).
SESSION_ENGINE = "config.sessions.db"
SESSION_COOKIE_AGE = round(float(os.environ.get("SESSION_IDLE_HOURS", "8")) * 3600)
if SESSION_COOKIE_AGE < 60:
    raise ImproperlyConfigured("SESSION_IDLE_HOURS phải lớn hơn 0 (SESSION_IDLE_HOURS must be positive, e.g. 8).")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes) on every login that goes through authenticate(): the site's and the admin's.
# After AXES_FAILURE_LIMIT failures the pair (username, client address) is locked for AXES_COOLOFF_TIME; a
# failed attempt while locked restarts the cool-off. `manage.py axes_reset` (or axes_reset_username) unlocks.
# Only the pair, deliberately not the username alone nor the address alone: locking the username alone lets
# anyone who knows a secretary's or the board's username keep them out (e.g. before a vote or a deadline)
# by typing wrong passwords, and locking the address alone would lock a whole office behind one NAT address.
# Guessing one account from many addresses stays slow (limit per address, strong-password validators) and
# every failure is recorded in the admin's "Access attempts".
# The address is REMOTE_ADDR: behind a reverse proxy that is the proxy's own address, so there the lock
# falls back to the username from any address until the client's address is passed on (AXES_CLIENT_IP_CALLABLE
# or django-ipware with AXES_IPWARE_* settings).
AXES_ENABLED = True
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"  # answered with AXES_HTTP_RESPONSE_CODE, 429 by default
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"  # reads X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies
AXES_VERBOSE = False  # no banner in every management command's output

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"  # stored files are served only through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Email: EMAIL_URL in production (smtp://user:password@host:587/?tls=True). Without it, emails are printed on the
# terminal of the process that sends them (the Celery worker in `make run`): the demo needs no mail server.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    vars().update(dj_email_url.parse(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Thi đua khối <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The links in emails (invitations, password reset, notifications) point here: the site's public address.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # an invitation's set-password link is valid for three days

# The key (a Fernet key: `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`)
# that encrypts the provinces' organization certificates (signatures.OrganizationSigner) in the database. Without
# it the application signs nothing and the board cannot upload a certificate. Losing it means uploading them again.
DOCUMENT_SIGNING_KEY = os.environ.get("DOCUMENT_SIGNING_KEY", "")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery. Embedded default: kombu's filesystem transport, a real worker and no broker server.
# Production sets REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # kombu waits forever on a Redis that accepts connections but does not answer: finalizing a meeting
        # would hang. With these, sending a render to a hung Redis gives up after about 4 s (with the retries of
        # records/services.py), to a stopped one after 0.2 s; the version stays queued either way.
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        # Exchange tables (fanout: remote control, mingle, gossip); kombu's default is ./control in the cwd.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        # kombu looks for new messages once a second by default: a minutes PDF would wait up to 1 s.
        "polling_interval": 0.1,
    }
    # config/celery_app.py creates these folders when Celery loads its configuration.

# Pages are rendered from the database on every request: no page cache to keep in step with the writes
# (bench/RESULTS.md: the pages meet their targets uncached). Redis holds the sessions only.
# Redis down, the sessions cache answer as empty ones and the site goes on without them (config/redis_cache.py). A
# Redis on the same machine or network answers in a millisecond: one that takes longer than these is taken
# for down, so that a hung one costs a page at most a second, once every few seconds.
REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # core/ratelimit.py: the public pages' counts (this process's memory here; Redis below when there is one)
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}
if REDIS_URL:
    # Sessions read from Redis, written to both: a page costs one query less, and a Redis restart (it keeps
    # nothing on disk) logs nobody out; Redis down, they are read from the database.
    CACHES["sessions"] = {
        "BACKEND": "config.redis_cache.Cache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "thidua-sessions",
        "OPTIONS": REDIS_CACHE_OPTIONS,
    }
    SESSION_ENGINE = "config.sessions.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
    # Shared by every web process (Redis down: not limited).
    CACHES["ratelimit"] = {
        "BACKEND": "config.redis_cache.Cache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "thidua-ratelimit",
        "OPTIONS": REDIS_CACHE_OPTIONS,
    }

CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {}
# Minutes PDFs: re-send versions stuck in queued (broker was down) or rendering (worker died). Every 30 s, so
# that a render whose worker died is sent again within 2 minutes (records/services.py, RENDERING_AFTER).
CELERY_BEAT_SCHEDULE["minutes-sweep"] = {"task": "meetings.sweep_minutes_versions", "schedule": 30.0}
# The reminders before the province's dossier deadline (dossiers/reminders.py): daily at 07:00, CELERY_TIMEZONE's.
CELERY_BEAT_SCHEDULE["dossier-reminders"] = {"task": "dossiers.send_reminders", "schedule": crontab(hour=7, minute=0)}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each rendering step at INFO; its warnings (e.g. a refused URL) still show.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
