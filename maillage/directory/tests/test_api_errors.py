"""Every answer of the public API that is not a success is French JSON, and the schema documents them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maillage.factories import PlaceFactory, commune
from maillage.lib.geo import coordinates_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db: Any) -> Any:
    commune("69266", 45.7719, 4.8902)
    return PlaceFactory(name="Près", lat=45.7725, lon=4.8900)


def _french_json(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "field"}
    return body


def test_unknown_place_is_a_french_404(client: Client, place: Any) -> None:
    body = _french_json(client.get("/api/v1/places/00000000-0000-0000-0000-000000000000"), 404)
    assert body["detail"].startswith("Introuvable")


def test_unknown_api_address_is_french_json_not_an_html_page(client: Client) -> None:
    body = _french_json(client.get("/api/v1/inconnu"), 404)
    assert body["detail"].startswith("Introuvable")


def test_malformed_place_id_is_a_french_422(client: Client) -> None:
    body = _french_json(client.get("/api/v1/places/pas-un-uuid"), 422)
    assert body == {"detail": "Paramètre invalide : place_id (identifiant UUID attendu).", "field": "place_id"}


def test_wrong_method_is_a_french_405_that_names_the_allowed_one(client: Client, place: Any) -> None:
    response = client.post("/api/v1/places/search")
    body = _french_json(response, 405)
    assert body["detail"] == "Méthode non autorisée sur cette adresse."
    assert response["Allow"] == "GET"


def test_unreadable_parameters_are_a_french_422_that_says_why(client: Client, place: Any) -> None:
    body = _french_json(client.get("/api/v1/places/search", {"lat": "nord", "limit": "beaucoup"}), 422)
    assert body["detail"] == "Paramètre invalide : lat (nombre attendu), limit (nombre entier attendu)."
    assert body["field"] == "lat"


def test_too_many_requests_is_a_french_429(client: Client, place: Any, settings: Any) -> None:
    from maillage.errors import TOO_MANY_REQUESTS

    settings.API_RATE_LIMIT = "1/m"
    client.get("/api/v1/places/search")
    response = client.get("/api/v1/places/search")
    body = _french_json(response, 429)
    assert body["detail"] == TOO_MANY_REQUESTS
    assert "Too many" not in body["detail"]
    assert int(response["Retry-After"]) > 0


def _responses(schema: dict[str, Any], path: str) -> dict[str, Any]:
    return schema["paths"][path]["get"]["responses"]


def test_openapi_documents_the_outside_france_400_and_the_422(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    search = _responses(schema, "/api/v1/places/search")
    assert {"200", "400", "422", "429"} <= set(search)
    error_ref = "#/components/schemas/ErrorOut"
    for status in ("400", "422", "429"):
        assert search[status]["content"]["application/json"]["schema"]["$ref"] == error_ref
    assert "hors de France" in search["400"]["description"]
    examples = search["400"]["content"]["application/json"]["examples"]
    assert examples["hors_de_france"]["value"] == {"detail": coordinates_error(51.5, -0.12), "field": "lat"}
    assert search["422"]["description"].startswith("Paramètre mal formé")
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == {"detail", "field"}
    detail = _responses(schema, "/api/v1/places/{place_id}")
    assert detail["404"]["description"] == "Aucun lieu publié ne porte cet identifiant."
    assert detail["422"]["content"]["application/json"]["schema"]["$ref"] == error_ref


def test_documented_outside_france_answer_is_the_one_given(client: Client, place: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    documented = _responses(schema, "/api/v1/places/search")["400"]["content"]["application/json"]["examples"]
    given = _french_json(client.get("/api/v1/places/search", {"lat": 51.5, "lon": -0.12}), 400)
    assert given == documented["hors_de_france"]["value"]
