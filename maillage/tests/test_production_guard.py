"""A production start-up with a dangerous or missing setting stops with one French line, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from maillage.lib.crypto import new_key

REPO_ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "MAILLAGE_VAR_DIR": str(tmp_path),
            "MAILLAGE_REFERENCE_DIR": str(REPO_ROOT / "var" / "ref"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "MAILLAGE_ENV": "production",
            "SECRET_KEY": "x" * 64 + "-a-long-and-random-enough-production-secret-key",
            "ALLOWED_HOSTS": "maillage.exemple.fr",
            "FIELD_ENCRYPTION_KEYS": new_key(),
            "BLIND_INDEX_KEY": "b" * 43,
        }
    )
    env.update(overrides)
    return env


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "maillage", "check"], env=env, capture_output=True, text=True, check=False
    )


def _one_french_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"DEBUG": "true"}, "DEBUG=true est interdit en production"),
        ({"FIELD_ENCRYPTION_KEYS": ""}, "FIELD_ENCRYPTION_KEYS est obligatoire en production"),
        ({"FIELD_ENCRYPTION_KEYS": " , "}, "FIELD_ENCRYPTION_KEYS ne contient aucune clé"),
        ({"BLIND_INDEX_KEY": ""}, "BLIND_INDEX_KEY est obligatoire en production"),
        ({"SECRET_KEY": ""}, "SECRET_KEY est obligatoire en production"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS est obligatoire en production"),
        ({"DEBUG": "peut-être"}, "valeur booléenne attendue"),
    ],
)
def test_production_refuses_a_bad_configuration_with_one_french_line(
    tmp_path: Path, overrides: dict[str, str], fragment: str
) -> None:
    result = _check(_production_env(tmp_path, **overrides))
    assert result.returncode != 0
    line = _one_french_line(result.stderr)
    assert fragment in line


def test_the_wsgi_entry_point_also_stops_with_one_french_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import maillage.wsgi"],
        env=_production_env(tmp_path, DEBUG="true"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DEBUG=true est interdit en production" in _one_french_line(result.stderr)


def test_a_sound_production_configuration_still_starts(tmp_path: Path) -> None:
    result = _check(_production_env(tmp_path))
    assert result.returncode == 0, result.stderr
