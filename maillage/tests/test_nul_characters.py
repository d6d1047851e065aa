"""A NUL character in any parameter is refused in French before a view or the database sees it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maillage.factories import sign_in
from maillage.network.models import Place

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_search_is_a_french_400(client: Client) -> None:
    response = client.get("/", {"where": "Lyon\x00"})
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()


def test_a_nul_in_a_form_writes_nothing(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.manager_a)
    before = Place.objects.count()
    response = client.post(
        f"/gestion/structures/{cast.structure_a.uuid}/lieux/nouveau/", {"name": "Lieu\x00", "commune": "Lyon\x00"}
    )
    assert response.status_code == 400
    assert Place.objects.count() == before


def test_the_api_answers_french_json(client: Client) -> None:
    response = client.get("/api/v1/places/search", {"commune": "69123\x00"})
    assert response.status_code == 400
    assert "caractère nul" in response.json()["detail"]
