"""Every page links the accessibility statement, the legal notice and the personal-data page;
they open without an account, and a deployment replaces their text with its own."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in

pytestmark = pytest.mark.django_db

FOOTER = ["sitepages:accessibility", "sitepages:legal_notice", "sitepages:personal_data"]


@pytest.mark.parametrize("theme", ["dsfr", "neutral"])
def test_footer_links_the_three_pages_and_they_open_without_login(client: Client, settings: Any, theme: str) -> None:
    settings.MAILLAGE_THEME = theme
    page = html.unescape(client.get(reverse("directory:home")).content.decode())
    footer = page[page.index("<footer") :]
    assert "Accessibilité : non conforme" in footer
    assert "Mentions légales" in footer
    assert "Données personnelles" in footer
    for name in FOOTER:
        assert f'href="{reverse(name)}"' in footer
        assert client.get(reverse(name)).status_code == 200


def test_footer_is_there_for_a_signed_in_mediator_too(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_a)
    page = client.get(reverse("counter:counter")).content.decode()
    for name in FOOTER:
        assert f'href="{reverse(name)}"' in page


def test_accessibility_statement_gives_conformity_date_and_recourse(client: Client) -> None:
    page = html.unescape(client.get(reverse("sitepages:accessibility")).content.decode())
    assert "non conforme" in page
    assert "RGAA" in page
    assert "Aucun audit de conformité RGAA n'a encore été réalisé" in page
    assert "établie le 7 décembre 2026" in page
    assert "Défenseur des droits" in page


def test_declared_conformity_follows_the_setting(client: Client, settings: Any) -> None:
    settings.MAILLAGE_ACCESSIBILITY_STATUS = "partiellement"
    page = html.unescape(client.get(reverse("directory:home")).content.decode())
    assert "Accessibilité : partiellement conforme" in page


def test_personal_data_page_states_the_configured_retention(client: Client, settings: Any) -> None:
    settings.PERSON_RETENTION_MONTHS = 18
    page = html.unescape(client.get(reverse("sitepages:personal_data")).content.decode())
    assert "supprimé au bout de 18 mois" in page
    assert "CNIL" in page


def test_deployment_template_replaces_the_shipped_text(client: Client, settings: Any, tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "mentions-legales.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Mentions légales</h1>'
        "<p>Éditeur : Union des PIMMS de la Loire</p>{% endblock %}",
        encoding="utf-8",
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    page = html.unescape(client.get(reverse("sitepages:legal_notice")).content.decode())
    assert "Union des PIMMS de la Loire" in page
    assert "Ce texte est celui livré avec le logiciel" not in page


def _settings_dirs(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import django; from django.conf import settings; print(settings.TEMPLATES[0]['DIRS'][0])"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "maillage.settings", "PYTHONPATH": ":".join(sys.path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_pages_dir_setting_comes_first_and_must_exist(tmp_path: Path) -> None:
    result = _settings_dirs({"MAILLAGE_PAGES_DIR": str(tmp_path)})
    assert result.stdout.strip() == str(tmp_path)
    missing = _settings_dirs({"MAILLAGE_PAGES_DIR": str(tmp_path / "absent")})
    assert missing.returncode != 0
    assert "ce dossier n'existe pas" in missing.stderr
