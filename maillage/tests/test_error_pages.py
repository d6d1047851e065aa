"""Error pages are French, in the site's layout, with a way back home (and the menu when logged in)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maillage.factories import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("theme", ["dsfr", "neutral"])
def test_unknown_page_is_a_french_404_in_the_theme_layout(client: Client, settings: Any, theme: str) -> None:
    settings.MAILLAGE_THEME = theme
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="fr"' in page
    assert "Page introuvable" in page
    assert "Not Found" not in page
    assert "Retour à l'accueil" in page
    assert ("fr-header" in page) == (theme == "dsfr")
    assert ("neutral-header" in page) == (theme == "neutral")


def test_logged_in_404_keeps_the_menu(client: Client, cast: Any) -> None:
    sign_in(client, cast.mediator_a)
    page = client.get("/gestion/rien-ici/").content.decode()
    assert "Page introuvable" in page
    assert "Accueil du public" in page
    assert "Se déconnecter" in page


def test_permission_denied_is_a_french_403_with_the_reason(client: Client, cast: Any) -> None:
    sign_in(client, cast.partner_viewer)
    response = client.get("/accueil/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Accès refusé" in page
    assert "est réservé aux équipes des structures qui ont des lieux" in page
    assert "403 Forbidden" not in page


def test_csrf_failure_is_a_french_403(cast: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in(client, cast.mediator_a)
    response = client.post("/compte/logout/", {})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Le formulaire a expiré" in page
    assert "CSRF verification failed" not in page
    assert '<html lang="fr"' in page


def test_bad_host_is_a_french_400(client: Client) -> None:
    response = client.get("/", HTTP_HOST="pirate.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Requête invalide" in page
    assert "Bad Request" not in page


def test_500_page_needs_no_database_and_survives_a_missing_static_manifest(
    settings: Any, tmp_path: Any, django_assert_num_queries: Any
) -> None:
    from django.test import RequestFactory

    from maillage.errors import server_error

    request = RequestFactory().get("/gestion/")
    with django_assert_num_queries(0):
        page = server_error(request)
    assert page.status_code == 500
    assert "dsfr.min.css" in page.content.decode()
    # Production static files without `collectstatic`: no manifest, the page is still French.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    bare = server_error(request)
    assert bare.status_code == 500
    assert "Erreur du serveur" in bare.content.decode()
    assert "Retour à l'accueil" in bare.content.decode()
    assert "dsfr.min.css" not in bare.content.decode()  # the built-in fallback, without style sheets


def test_too_many_login_attempts_is_a_french_429(client: Client, cast: Any, settings: Any) -> None:
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    wrong = {"login": cast.mediator_a.email, "password": "pas-le-bon-mot-de-passe"}
    client.post("/compte/login/", wrong)
    response = client.post("/compte/login/", wrong)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de requêtes" in page
    assert "Too Many Requests" not in page
    assert '<html lang="fr"' in page
