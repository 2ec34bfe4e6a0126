"""Django settings for Teekond.

Everything is read through the typed helpers in ``teekond.config``; with no environment
at all Teekond runs on SQLite under ``./data`` in the current directory.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from teekond.config import (
    data_dir,
    database_config,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_networks,
    env_str,
    proxy_ssl_header,
    read_secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent
# Importing the settings never writes a file or creates a folder: `teekond migrate`, `demo`
# and `serve` create the data directory and the secret key (teekond.config).
DATA_DIR = data_dir()
SECRET_KEY, SECRET_KEY_SOURCE = read_secret_key(DATA_DIR)
DEBUG = env_bool("TEEKOND_DEBUG", False)
ALLOWED_HOSTS = env_list("TEEKOND_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("TEEKOND_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("TEEKOND_SITE_URL", "http://127.0.0.1:8000")
# Reverse proxies whose forwarded header names the client (teekond.core.clientip); none by
# default, so a forged X-Forwarded-For from a visitor changes nothing.
TEEKOND_TRUSTED_PROXIES = env_networks("TEEKOND_TRUSTED_PROXIES")
TEEKOND_PROXY_HEADER = env_choice(
    "TEEKOND_PROXY_HEADER", "x-forwarded-for", ("x-forwarded-for", "forwarded")
)

INSTALLED_APPS = [
    # Teekond's apps first: among catalogues the first app wins, so each app's own
    # translation beats Django's ("Log in" is "Sisene" in django.contrib.admin).
    "teekond.core",
    "teekond.accounts",
    "teekond.journeys",
    "teekond.actions",
    "teekond.exports",
    "teekond.research",
    # After journeys: its demo builder links a log to a map the journeys builder made.
    "teekond.eventlogs",
    "teekond.workshops",
    # Then the project catalogue (src/teekond/locale: shared templates, accounts, core) as
    # this app's catalogue, so an app's own word wins over it (Django would let LOCALE_PATHS
    # override every app) and it still wins over Django's own apps (docs/estonian.md).
    "teekond",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "teekond.core.i18n.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "teekond.core.csp.CSPMiddleware",  # django-csp, its plain policy built once
    "django_htmx.middleware.HtmxMiddleware",
    "teekond.actions.audit.AuditMiddleware",
]

ROOT_URLCONF = "teekond.urls"
WSGI_APPLICATION = "teekond.wsgi.application"
ASGI_APPLICATION = "teekond.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "teekond.core.context_processors.teekond",
            ],
        },
    }
]

DATABASES = {"default": database_config(env_str("DATABASE_URL", ""), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Estonian first: it is the product's home language; English is complete as well.
LANGUAGE_CODE = "en"
LANGUAGES = [("et", _("Estonian")), ("en", _("English"))]
# Empty on purpose: see "teekond" in INSTALLED_APPS (docs/estonian.md).
LOCALE_PATHS: list[Path] = []
USE_I18N = True
TIME_ZONE = env_str("TEEKOND_TIME_ZONE", "Europe/Tallinn")
USE_TZ = True
# Estonian date and time formats that Django lacks (24-hour times, day.month.year).
FORMAT_MODULE_PATH = ["teekond.core.formats"]
LANGUAGE_COOKIE_NAME = "teekond_language"

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Created by the `teekond` commands (not on import); finders serve the files anyway.
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = True
# Hashed names, gzip and Brotli copies, made by collectstatic (which `teekond serve` runs);
# without it the plain files are linked and served (teekond.core.staticfiles).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True  # half the compressing; plain names come from the finders
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "teekond.core.staticfiles.StaticStorage"},
}
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env_str("TEEKOND_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("TEEKOND_FROM_EMAIL", "teekond@localhost")

TASKS = {
    "default": {
        "BACKEND": env_str("TEEKOND_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        # Alert webhooks call other people's servers: they wait in their own queue (and
        # worker), so a slow webhook never holds up an import (docs/measure.md).
        "QUEUES": ["default", "webhooks"],
    }
}

# Alert webhooks may not reach private, loopback, link-local or cloud-metadata addresses
# unless the operator allows them (all private ones, or only the listed networks).
TEEKOND_WEBHOOK_ALLOW_PRIVATE = env_bool("TEEKOND_WEBHOOK_ALLOW_PRIVATE", False)
TEEKOND_WEBHOOK_ALLOWED_NETWORKS = env_networks("TEEKOND_WEBHOOK_ALLOWED_NETWORKS")
TEEKOND_WEBHOOK_TIMEOUT = env_int("TEEKOND_WEBHOOK_TIMEOUT", 5, minimum=1, maximum=30)
# The whole call, however slowly the server trickles its answer (research/webhooks.py).
TEEKOND_WEBHOOK_DEADLINE = env_int("TEEKOND_WEBHOOK_DEADLINE", 10, minimum=1, maximum=120)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Behind TLS (TEEKOND_SECURE=true; the default when TEEKOND_SITE_URL is https): Secure
# cookies and HSTS. Django sends HSTS only on requests it sees as https, so behind a proxy
# that ends TLS set TEEKOND_PROXY_SSL_HEADER (trusted only when configured).
SECURE = env_bool("TEEKOND_SECURE", SITE_URL.lower().startswith("https://"))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = env_int(
    "TEEKOND_HSTS_SECONDS", 31_536_000 if SECURE else 0, minimum=0, maximum=63_072_000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TEEKOND_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_SSL_REDIRECT = env_bool("TEEKOND_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(env_str("TEEKOND_PROXY_SSL_HEADER", ""))

# Login throttling (teekond.accounts.throttle): failures counted in the database, so every
# web process sees the same counts; the lockout ends when the window has passed.
LOGIN_FAILURES_PER_ACCOUNT = env_int("TEEKOND_LOGIN_FAILURES_PER_ACCOUNT", 10, minimum=1)
LOGIN_FAILURES_PER_ADDRESS = env_int("TEEKOND_LOGIN_FAILURES_PER_ADDRESS", 50, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("TEEKOND_LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=1440)

# Everything the pages load is served from here (front-end packages are vendored from
# npm by the setup step); no inline scripts and no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

INVITATION_DAYS = env_int("TEEKOND_INVITATION_DAYS", 14, minimum=1, maximum=365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TEEKOND_LOG_LEVEL", "WARNING")},
}

# The public survey's rate limits (teekond.research.ratelimit): counted in Redis when
# TEEKOND_REDIS_URL is set (shared by every web process), else in the database when
# `teekond serve --workers N` runs several processes, else in this process's memory.
TEEKOND_REDIS_URL = env_str("TEEKOND_REDIS_URL", "")
TEEKOND_REDIS_PREFIX = env_str("TEEKOND_REDIS_PREFIX", "teekond:")
TEEKOND_RATE_LIMIT_STORE = env_choice(
    "TEEKOND_RATE_LIMIT_STORE",
    "redis" if TEEKOND_REDIS_URL else "memory",
    ("memory", "cache", "database", "redis"),
)
# Live co-editing (teekond.core.live, docs/live.md): websockets through Django Channels on
# the same ASGI server. One process needs nothing; several processes (or `serve --workers`)
# share events through Redis when TEEKOND_REDIS_URL is set (redis://127.0.0.1:6379/0).
CHANNEL_LAYERS = {
    "default": (
        {
            # Redis pub/sub: a group send is one PUBLISH however many sockets follow the
            # map (bench/workshop_broadcast.py); what a dropped client missed it catches up on
            # from the stored events (core.live), not from Redis.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [TEEKOND_REDIS_URL],
                "prefix": TEEKOND_REDIS_PREFIX,
            },
        }
        if TEEKOND_REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 1000}}
    )
}
# Events kept per topic for reconnecting clients; the largest message a client may send
# (bytes); messages a connection may send per second (and in one burst).
TEEKOND_LIVE_KEEP = env_int("TEEKOND_LIVE_KEEP", 500, minimum=10, maximum=100_000)
TEEKOND_LIVE_MAX_MESSAGE = env_int("TEEKOND_LIVE_MAX_MESSAGE", 16_384, minimum=256)
TEEKOND_LIVE_RATE = env_int("TEEKOND_LIVE_RATE", 20, minimum=1, maximum=1000)
TEEKOND_LIVE_BURST = env_int("TEEKOND_LIVE_BURST", 40, minimum=1, maximum=10_000)
