"""Settings for the Living Together Summit platform.

Everything is read from the environment. The defaults are the embedded set-up that `make run` uses on a
fresh machine (SQLite, kombu's filesystem broker, file cache, console email, all under var/); production
differs only through environment variables (see README, "Configuration").
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from summit.storage import media_origin, storages_config

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a key that is obviously not secret, so `make run` works with nothing configured.
    SECRET_KEY = "django-insecure-development-key-set-SECRET_KEY-in-production"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, so translated fields get their admin widgets
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "django_countries",  # country names in every language, for the declarations' signatories
    "summit",
    "discussion",
    "rooms",
    "workshops",
    "declarations",
    "events",
    "delegations",
    "opinions",
    "exhibition",
    "hubs",  # the site layer: pages that combine the apps above
]

MIDDLEWARE = [
    "summit.middleware.RequestId",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "summit.middleware.content_security_policy",
    "summit.caching.page_cache",
    "summit.signed_in_pages.SignedInPageCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "summit.middleware.language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "summit.middleware.form_text_clean",
    "summit.middleware.AdminInputCheck",
    "summit.viewers.CachedAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "summit.middleware.method_not_allowed_page",
    "summit.middleware.admin_requires_mfa",
    "summit.signed_in_pages.SignedInPageRender",
]

ROOT_URLCONF = "summit.urls"
WSGI_APPLICATION = "summit.wsgi.application"

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
                "summit.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].update(ENGINE="summit.postgresql", CONN_HEALTH_CHECKS=True)  # checks without a query
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
else:
    # Several processes (web, worker, beat) share the embedded database: wait for locks instead of failing. A
    # transaction takes the write lock when it begins (IMMEDIATE): one that read first and wrote later would
    # otherwise be refused at once ("database is locked", a 500) while the worker writes, instead of waiting.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

# Sessions are read from the cache (Redis in production) and written through to the database: a signed-in page
# costs no session query, and a cache that lost its data (or is down) falls back to the database.
SESSION_ENGINE = "summit.sessions"
MESSAGE_STORAGE = "summit.messages.MessageStorage"  # in a cookie as by default, not compressed
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis that does not answer degrades to a cache per process instead of failing requests (summit.caching).
    CACHES["default"]["BACKEND"] = "summit.cache_backend.DegradingRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=1)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "summit.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email login; public signup creates citizens and needs a verified address.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "summit.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "summit.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Living Together Summit] "
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so they are visible and tunable in one place; they use the shared cache.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Living Together Summit"
# Staff must have an authenticator (TOTP) before they may use /admin/. On by default in production.
ADMIN_REQUIRE_MFA = env.bool("ADMIN_REQUIRE_MFA", default=not DEBUG)

INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The summit's own content (summit/translation.py): one column per language, English when a translation is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
FORMAT_MODULE_PATH = ["summit.formats"]  # dates in each language's own way (summit/formats/)
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# The local disk, or with STORAGE_URL=s3://bucket?endpoint=…&region=… an object store (summit/storage.py).
STORAGE_URL = env.str("STORAGE_URL", default="")
MEDIA_ORIGIN = media_origin(STORAGE_URL)
STORAGES = storages_config(
    STORAGE_URL,
    static_backend="django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
    else "whitenoise.storage.CompressedManifestStaticFilesStorage",
)  # fmt: skip

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Living Together Summit <summit@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: filesystem broker in var/celery/ by default, Redis in production ("localhost" only keeps kombu quiet).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _celery_dir = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "control_folder": str(_celery_dir / "control"),
    }
    for _folder in CELERY_BROKER_TRANSPORT_OPTIONS.values():
        Path(_folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues a task waits at most this long for an unreachable broker; the outbox keeps the task.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
OUTBOX_DRAIN_SECONDS = env.int("OUTBOX_DRAIN_SECONDS", default=30)
# The last day passport numbers are kept (`passports_delete` runs nightly); unset, 30 days after the summit ends.
_passports_until = env.str("PASSPORT_DATA_UNTIL", default="")
PASSPORT_DATA_UNTIL = datetime.date.fromisoformat(_passports_until) if _passports_until else None
PASSPORT_DAYS_AFTER_SUMMIT = 30
# Consulates confirming letters, per address: enough for a consulate's day, too few to guess references.
LETTER_VERIFY_RATE = env.str("LETTER_VERIFY_RATE", default="30/10m")
# What tasks print (the console email backend in development) goes to the terminal as it is, not as log warnings.
CELERY_WORKER_REDIRECT_STDOUTS = False

# Discussion: flags that hide a comment until it is reviewed; posts and reactions allowed per account and per IP.
COMMENT_FLAG_THRESHOLD = env.int("COMMENT_FLAG_THRESHOLD", default=3)
COMMENT_EDIT_MINUTES = env.int("COMMENT_EDIT_MINUTES", default=15)
COMMENT_RATE = env.str("COMMENT_RATE", default="5/10m")
REACTION_RATE = env.str("REACTION_RATE", default="60/10m")
SEARCH_RATE = env.str("SEARCH_RATE", default="600/1m")  # as one types, per account and per (a venue's) address
# The licence of each edition's open data (data.json, data.zip).
OPEN_DATA_LICENCE = env.str("OPEN_DATA_LICENCE", default="CC BY 4.0")
# Events: sign-ups per account and per IP address.
SIGN_UP_RATE = env.str("SIGN_UP_RATE", default="10/10m")
# Live questions (rooms.passes): each pass or account asks once a minute and likes or reports 30 times a minute;
# one address (a venue's wifi, 500 phones behind it) gets room passes and acts within generous limits.
QUESTION_RATE = env.str("QUESTION_RATE", default="1/1m")
QUESTION_VOTE_RATE = env.str("QUESTION_VOTE_RATE", default="30/1m")
ROOM_JOIN_RATE = env.str("ROOM_JOIN_RATE", default="1000/10m")
ROOM_ADDRESS_RATE = env.str("ROOM_ADDRESS_RATE", default="3000/1m")
# Poll answers (rooms): each pass or account answers, or changes its answer, 30 times a minute.
POLL_ANSWER_RATE = env.str("POLL_ANSWER_RATE", default="30/1m")
# Statement votes (opinions): each person votes, or changes a vote, 120 times a minute.
VOTE_RATE = env.str("VOTE_RATE", default="120/1m")
# Reports that hide a question until a moderator looks: an account's report weighs 2, a pass's 1, and neither
# counts when it is newer than the question; 6 is three accounts or six passes.
QUESTION_REPORT_WEIGHT_TO_HIDE = env.int("QUESTION_REPORT_WEIGHT_TO_HIDE", default=6)

# Time of the nightly exhibition compile, in the summit's time zone (HH:MM).
EXHIBITION_COMPILE_AT = env.str("EXHIBITION_COMPILE_AT", default="02:00")

for _folder in (VAR_DIR, Path(MEDIA_ROOT), Path(STATIC_ROOT)):
    _folder.mkdir(parents=True, exist_ok=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "summit.logs.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every layout step at INFO; only its warnings matter.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "pikepdf")},
}

# Production hardening: on whenever DEBUG is off, so `check --deploy` is clean.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Errors to Sentry when SENTRY_DSN is set (off by default); no personal data is sent.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN, send_default_pii=False, environment=env.str("SENTRY_ENVIRONMENT", default="production")
    )
