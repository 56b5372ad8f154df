"""Settings shared by every environment. The environment is read only here."""

from __future__ import annotations

from pathlib import Path

from followthrough.settings.env import (
    database_config,
    envbool,
    envint,
    envlist,
    envsecret,
    envstr,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(envstr("FOLLOWTHROUGH_DATA", str(Path.cwd() / "data"))).expanduser().resolve()

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envsecret("SECRET_KEY") or ""
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "followthrough.core",
    "followthrough.workspaces",
    "followthrough.contacts",
    "followthrough.commitments",
    "followthrough.agenda",
    "followthrough.composer",
    "followthrough.orders",
    "followthrough.plans",
    "followthrough.lost",
    "followthrough.mail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "followthrough.core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "followthrough.workspaces.middleware.WorkspaceMiddleware",
]

ROOT_URLCONF = "followthrough.urls"
WSGI_APPLICATION = "followthrough.wsgi.application"
AUTH_USER_MODEL = "workspaces.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "followthrough.workspaces.context_processors.workspace",
            ],
            # The one way to write a time (`|when`, `|when_iso`): in every template, no load.
            "builtins": ["followthrough.core.templatetags.when"],
        },
    }
]

# Today's one query is prepared on PostgreSQL, with one generic plan per connection: planning
# it costs more than running it. Turn off behind a pooler that cannot keep prepared
# statements or rejects startup options (PgBouncer in transaction mode before 1.21).
PREPARE_AGENDA_QUERY = envbool("PREPARE_AGENDA_QUERY", True)
DATABASES = {
    "default": database_config(
        envsecret("DATABASE_URL"), DATA_DIR, generic_plans=PREPARE_AGENDA_QUERY
    )
}


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"

TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "followthrough@localhost")

# Every password check goes through one throttled backend (docs/security.md, "Throttling").
AUTHENTICATION_BACKENDS = ["followthrough.workspaces.auth.ThrottledBackend"]
# Wrong passwords within the window: per (account, address), and per address for any accounts.
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", 5)
LOGIN_MAX_FAILURES_PER_ADDRESS = envint("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
LOGIN_FAILURE_WINDOW_SECONDS = envint("LOGIN_FAILURE_WINDOW_SECONDS", 900)
# How many reverse proxies in front of the app append to X-Forwarded-For. 0: the header is
# ignored and the connection's address is the client's (anyone can write the header).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
# Reset links: valid this long, and at most this many asked for per email / per address
# within the window above.
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 3600)
PASSWORD_RESET_MAX_PER_EMAIL = envint("PASSWORD_RESET_MAX_PER_EMAIL", 3)
PASSWORD_RESET_MAX_PER_ADDRESS = envint("PASSWORD_RESET_MAX_PER_ADDRESS", 10)

CONTACTS_PAGE_SIZE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
