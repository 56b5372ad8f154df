import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from followthrough.settings.env import database_config, envbool, envint, envsecret


def test_sqlite_is_the_default_with_wal_a_busy_timeout_and_immediate_transactions(tmp_path):
    config = database_config(None, tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == tmp_path / "followthrough.sqlite3"
    options = config["OPTIONS"]
    assert isinstance(options, dict)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_a_postgres_url_gives_persistent_health_checked_connections(tmp_path):
    config = database_config("postgres://u:p@db.internal:6543/crm", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 6543, "crm")
    assert config["CONN_MAX_AGE"] == 600
    assert config["CONN_HEALTH_CHECKS"] is True


def test_postgres_can_plan_prepared_statements_once_per_connection(tmp_path):
    url = "postgres://u:p@db.internal:6543/crm?sslmode=require"
    config = database_config(url, tmp_path, generic_plans=True)
    assert config["OPTIONS"] == {
        "sslmode": "require",
        "options": "-c plan_cache_mode=force_generic_plan",
    }
    assert "options" not in database_config(url, tmp_path)["OPTIONS"]  # type: ignore[operator]
    assert "options" not in database_config(None, tmp_path)["OPTIONS"]  # type: ignore[operator]


def test_an_unsupported_database_url_fails_loudly(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_config("mysql://u:p@host/db", tmp_path)


def test_env_helpers_refuse_bad_values(monkeypatch):
    monkeypatch.setenv("FT_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FT_FLAG"):
        envbool("FT_FLAG", False)
    monkeypatch.setenv("FT_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="FT_NUM"):
        envint("FT_NUM", 1)
    monkeypatch.setenv("FT_FLAG", "Yes")
    assert envbool("FT_FLAG", False) is True


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("FT_KEY_FILE", str(secret))
    assert envsecret("FT_KEY") == "s3cret"


def _django(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    src = str(Path(__file__).resolve().parents[2] / "src")
    full = {**os.environ, "PYTHONPATH": src, **env}
    full.pop("DATABASE_URL", None)
    full.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", *args],
        env=full,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_checks_with_no_warnings(tmp_path):
    result = _django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "followthrough.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "crm.example.com",
            "FOLLOWTHROUGH_DATA": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = _django(
        ["check"],
        {
            "DJANGO_SETTINGS_MODULE": "followthrough.settings.prod",
            "SECRET_KEY": "",
            "FOLLOWTHROUGH_DATA": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_sqlite_data_folder_is_made_on_first_use(tmp_path):
    folder = tmp_path / "fresh" / "data"
    database_config(None, folder)
    assert folder.is_dir()
