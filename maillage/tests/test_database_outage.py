"""During a database outage every page answers the static French 503, and the API French JSON.

A real outage: a separate process whose DATABASE_URL points at a PostgreSQL port where nobody
listens (or an SQLite file in a missing folder), requests sent through Django's full handler.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, django
django.setup()
from django.test import Client
out = []
for path, cookie in [("/", False), ("/gestion/", True), ("/accueil/", True), ("/api/v1/places/search", False)]:
    client = Client(raise_request_exception=False)
    if cookie:  # a logged-in browser: its session can only be read from the database
        client.cookies["sessionid"] = "x" * 32
    response = client.get(path)
    out.append({"path": path, "status": response.status_code, "type": response["Content-Type"],
                "body": response.content.decode()})
print(json.dumps(out))
"""


# Port 1 (tcpmux): privileged, and nothing listens there; a refused connection is immediate.
UNREACHABLE_POSTGRES = "postgres://maillage:secret@127.0.0.1:1/maillage?connect_timeout=3"


def _answers_during_outage(tmp_path: Path, database_url: str, theme: str) -> dict[str, dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MAILLAGE_ENV"}}
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "DJANGO_SETTINGS_MODULE": "maillage.settings",
            "MAILLAGE_VAR_DIR": str(tmp_path),
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "MAILLAGE_THEME": theme,
            "LOG_LEVEL": "CRITICAL",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return {answer["path"]: answer for answer in json.loads(result.stdout)}


@pytest.mark.parametrize(
    ("engine", "theme"), [("postgresql", "dsfr"), ("sqlite", "neutral")], ids=["postgresql-dsfr", "sqlite-neutral"]
)
def test_pages_show_the_static_french_503_during_a_database_outage(tmp_path: Path, engine: str, theme: str) -> None:
    url = UNREACHABLE_POSTGRES if engine == "postgresql" else f"sqlite:///{tmp_path / 'absent-folder' / 'db.sqlite3'}"
    answers = _answers_during_outage(tmp_path, url, theme)
    # "/" fails in its view, the two others already in a middleware (their session is in the database)
    for path in ["/", "/gestion/", "/accueil/"]:
        answer = answers[path]
        assert answer["status"] == 503, answer
        body = str(answer["body"])
        assert '<html lang="fr"' in body
        assert "Service momentanément indisponible" in body
        assert "La base de données du service ne répond pas" in body
        assert "Erreur 503" in body
        assert "Retour à l'accueil" in body
        assert "Server Error" not in body
        assert "Service Unavailable" not in body
        assert "Traceback" not in body
        assert ("fr-header" in body) == (theme == "dsfr")


def test_the_api_answers_french_json_during_a_database_outage(tmp_path: Path) -> None:
    answers = _answers_during_outage(tmp_path, UNREACHABLE_POSTGRES, "dsfr")
    answer = answers["/api/v1/places/search"]
    assert answer["status"] == 503
    assert str(answer["type"]).startswith("application/json")
    assert json.loads(str(answer["body"]))["detail"].startswith("Service momentanément indisponible")
