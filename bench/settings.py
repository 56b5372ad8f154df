"""Settings for the benchmarks: the app's own settings, pointed at the scale database.

The database comes from DATABASE_URL (PostgreSQL) or, without it, from the SQLite file in
FOLLOWTHROUGH_DATA, which defaults here to bench/out/sqlite (git-ignored) so a benchmark never
touches the data folder of a demo or a real installation.
"""

import os
import warnings
from pathlib import Path

os.environ.setdefault("FOLLOWTHROUGH_DATA", str(Path(__file__).resolve().parent / "out" / "sqlite"))

from followthrough.settings.base import *  # noqa: F403
from followthrough.settings.base import DATA_DIR, PREPARE_AGENDA_QUERY
from followthrough.settings.env import database_config, envsecret

DEBUG = False
SECRET_KEY = "bench-only-not-secret-followthrough-0123456789abcdefghijklmnop"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {
    "default": database_config(
        envsecret("DATABASE_URL"), DATA_DIR, generic_plans=PREPARE_AGENDA_QUERY
    )
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Static files are not collected for benchmarks; WhiteNoise would say so on every start.
warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
