"""The test suite: SQLite in a temporary file unless DATABASE_URL is set."""

import tempfile
from pathlib import Path

from followthrough.settings.base import *  # noqa: F403
from followthrough.settings.base import DATABASES

DEBUG = False
SECRET_KEY = "test-only-not-secret-followthrough-0123456789abcdefghijklmnop"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if "sqlite" in str(DATABASES["default"]["ENGINE"]):
    _tmp = Path(tempfile.gettempdir())
    DATABASES["default"]["NAME"] = _tmp / "followthrough-test.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": None}

STATIC_ROOT = None  # type: ignore[assignment]  # tests serve static files from the finders
WHITENOISE_USE_FINDERS = True

# A fixed key for mailbox credentials in tests only (production reads FOLLOWTHROUGH_MAIL_KEYS).
MAIL_KEYS = "dGVzdC1vbmx5LWZvbGxvd3Rocm91Z2gtbWFpbC1rZXk="
