"""Public JSON API: contract, French errors without state change, and a schemathesis run."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings

from maillage.factories import PartnerFactory, PlaceFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(db: Any) -> list[Any]:
    commune("69266", 45.7719, 4.8902)
    caf = PartnerFactory(code="caf", name="CAF")
    return [
        PlaceFactory(name="Près", lat=45.7725, lon=4.8900, partners=[caf]),
        PlaceFactory(name="Loin", lat=45.4397, lon=4.3872),
    ]


def test_search_contract(client: Client, places: list[Any]) -> None:
    data = client.get("/api/v1/places/search", {"commune": "69266", "radius_km": 10, "partner": "caf"}).json()
    assert data["count"] == 1
    result = data["results"][0]
    assert set(result) == {
        "id",
        "name",
        "commune",
        "lat",
        "lon",
        "distance_km",
        "open_now",
        "next_change",
        "services",
        "partners",
    }
    assert result["name"] == "Près"
    assert result["partners"] == ["caf"]
    assert result["distance_km"] == pytest.approx(0.07, abs=0.02)


def test_search_by_coordinates_orders_by_distance_and_limits(client: Client, places: list[Any]) -> None:
    data = client.get("/api/v1/places/search", {"lat": 45.77, "lon": 4.89, "radius_km": 100, "limit": 1}).json()
    assert data["count"] == 2
    assert [r["name"] for r in data["results"]] == ["Près"]


@pytest.mark.parametrize(
    ("params", "status", "field", "fragment"),
    [
        ({"radius_km": 250}, 400, "radius_km", "entre 0 et 200 km"),
        ({"lat": 51.5, "lon": -0.12}, 400, "lat", "hors de France"),
        ({"lat": 45.7}, 400, "lat", "lat et lon ensemble"),
        ({"service": "astrologie"}, 400, "service", "Service inconnu"),
        ({"partner": "nope"}, 400, "partner", "Partenaire inconnu"),
        ({"commune": "99999"}, 400, "commune", "Code commune inconnu"),
        ({"limit": 0}, 400, "limit", "entre 1 et 100"),
        ({"lat": "nord"}, 422, "lat", "Paramètre invalide"),
    ],
)
def test_bad_parameters_get_a_french_json_error(
    client: Client, places: list[Any], params: dict[str, Any], status: int, field: str, fragment: str
) -> None:
    response = client.get("/api/v1/places/search", params)
    assert response.status_code == status
    body = response.json()
    assert body["field"] == field
    assert fragment in body["detail"]


def test_place_detail_and_unknown_place(client: Client, places: list[Any]) -> None:
    data = client.get(f"/api/v1/places/{places[0].uuid}").json()
    assert data["name"] == "Près"
    assert data["opening_hours"].startswith("Mo-Fr")
    assert client.get("/api/v1/places/00000000-0000-0000-0000-000000000000").status_code == 404


def test_openapi_31_and_docs_are_served_locally(client: Client) -> None:
    assert client.get("/api/v1/openapi.json").json()["openapi"] == "3.1.0"
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "//cdn" not in docs


def test_api_never_answers_with_a_server_error(places: list[Any]) -> None:
    """Schemathesis generates requests from the OpenAPI schema; none may get a 5xx."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    # As Django's test client does: the real WSGI handler would close the test transaction's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _fuzz(schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application()))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _fuzz(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 3  # search, place, partner report (401 without a token)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: Any) -> None:
            response = case.call()
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"

        call()


def test_api_is_rate_limited_per_address(client: Client, places: list[Any], settings: Any) -> None:
    settings.API_RATE_LIMIT = "3/m"
    codes = [client.get("/api/v1/places/search").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]
