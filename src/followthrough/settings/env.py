"""Small typed helpers that read the environment and fail loudly on bad values."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envsecret(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points at {path!r}: {exc}") from exc
    return os.environ.get(name, default)


def database_config(
    url: str | None, data_dir: Path, *, generic_plans: bool = False
) -> dict[str, object]:
    """SQLite (WAL, busy timeout, IMMEDIATE transactions) by default; PostgreSQL from a URL.
    `generic_plans`: PostgreSQL plans a prepared statement once per connection. Django
    prepares nothing itself; the agenda prepares its one query (agenda.due._fetch)."""
    if not url:
        # The embedded default needs nothing installed: make its data folder on first use.
        data_dir.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": data_dir / "followthrough.sqlite3",
            # Keep the connection (and SQLite's page cache) between requests: a fresh
            # connection per request starts cold and re-runs the PRAGMAs.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA cache_size=-64000;"
                    "PRAGMA mmap_size=268435456;"
                    "PRAGMA temp_store=MEMORY;"
                ),
            },
            "TEST": {"NAME": data_dir / "test.sqlite3"},
        }
    import dj_database_url

    try:
        config = dict(dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
    engine = str(config.get("ENGINE", ""))
    if "postgresql" not in engine and "sqlite" not in engine:
        raise ImproperlyConfigured(f"DATABASE_URL must be postgres:// or sqlite://, got {engine}")
    if generic_plans and "postgresql" in engine:
        options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        given = str(options.get("options", ""))
        options["options"] = f"{given} -c plan_cache_mode=force_generic_plan".strip()
        config["OPTIONS"] = options
    return config
