from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from maillage.env import ConfigurationError, env_bool, env_int, env_list
from maillage.lib.crypto import new_key


def test_env_bool_reads_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False


def test_env_bool_fails_loudly_on_garbage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "peut-être")
    with pytest.raises(ConfigurationError, match="valeur booléenne"):
        env_bool("X_FLAG")


def test_env_int_rejects_non_numbers_and_too_small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_NUM", "douze")
    with pytest.raises(ConfigurationError, match="entier"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ConfigurationError, match="supérieur ou égal"):
        env_int("X_NUM", 1, minimum=1)


def test_env_list_splits_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_LIST", " a.fr, b.fr ,,")
    assert env_list("X_LIST") == ["a.fr", "b.fr"]


def _run_settings(extra: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "MAILLAGE_ENV", "DATABASE_URL"}}
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='maillage.settings'; {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_requires_a_secret_key(tmp_path: object) -> None:
    result = _run_settings({"MAILLAGE_ENV": "production"}, "from django.conf import settings; settings.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire en production" in result.stderr


def test_production_requires_the_encryption_keys() -> None:
    result = _run_settings(
        {"MAILLAGE_ENV": "production", "SECRET_KEY": "s" * 60, "FIELD_ENCRYPTION_KEYS": "", "BLIND_INDEX_KEY": ""},
        "from django.conf import settings; settings.DEBUG",
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS est obligatoire en production" in result.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "maillage", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **os.environ,
            "MAILLAGE_VAR_DIR": str(tmp_path),
            "MAILLAGE_REFERENCE_DIR": str(Path(__file__).resolve().parents[2] / "var" / "ref"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "MAILLAGE_ENV": "production",
            "SECRET_KEY": "x" * 64 + "-a-long-and-random-enough-production-secret-key",
            "ALLOWED_HOSTS": "maillage.exemple.fr",
            "FIELD_ENCRYPTION_KEYS": new_key(),
            "BLIND_INDEX_KEY": "b" * 43,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_postgres_url_is_understood_and_its_pool_checks_connections_before_lending_them() -> None:
    result = _run_settings(
        {"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/maillage", "DATABASE_POOL": "true", "DATABASE_POOL_SIZE": "2"},
        "django.setup(); from django.conf import settings; d = settings.DATABASES['default']; "
        "pool = d['OPTIONS']['pool']; print(d['ENGINE'], d['NAME'], pool['min_size'], pool['max_size'], "
        "d['CONN_HEALTH_CHECKS'])",
    )
    # Django gives the pool psycopg's connection check when CONN_HEALTH_CHECKS is on
    expected = ["django.db.backends.postgresql", "maillage", "2", "2", "True"]
    assert result.stdout.split() == expected, result.stderr


def test_persistent_connections_are_checked_before_a_request_reuses_them() -> None:
    result = _run_settings(
        {"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/maillage", "DATABASE_CONN_MAX_AGE": "60"},
        "django.setup(); from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
    )
    assert result.stdout.split() == ["60", "True"], result.stderr


def test_bad_tiles_url_is_refused() -> None:
    result = _run_settings(
        {"MAP_TILES_URL": "tiles/{z}/{x}/{y}.png"}, "from django.conf import settings; settings.DEBUG"
    )
    assert "MAP_TILES_URL" in result.stderr


def test_checks_report_missing_front_end_files(settings: object, tmp_path: object) -> None:
    from pathlib import Path

    from maillage.checks import vendor_assets_check

    settings.VENDOR_ASSETS = {"vendor/leaflet": Path(str(tmp_path)) / "absent"}
    errors = vendor_assets_check(None)
    assert [e.id for e in errors] == ["maillage.E001"]
    assert "make install" in (errors[0].hint or "")


def test_checks_warn_about_console_email_in_production(settings: object) -> None:
    from maillage.checks import production_checks

    settings.PRODUCTION = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert "maillage.W002" in [w.id for w in production_checks(None)]
