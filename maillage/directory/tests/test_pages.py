"""Public pages: search form, place page, map data; no login, no external host, strict CSP."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import OutreachStopFactory, PartnerFactory, PlaceFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def lyon_places(db: Any) -> list[Any]:
    commune("69123", 45.7640, 4.8357)
    commune("69266", 45.7719, 4.8902)
    caf = PartnerFactory(code="caf", name="CAF")
    return [
        PlaceFactory(name="PIMMS Villeurbanne", partners=[caf]),
        PlaceFactory(name="PIMMS Part-Dieu", lat=45.7606, lon=4.8597, postcode="69003"),
    ]


def test_search_by_commune_name_lists_places_by_distance(client: Client, lyon_places: list[Any]) -> None:
    body = client.get(reverse("directory:home"), {"where": "lyon", "radius_km": 30}).content.decode()
    assert "2 lieux trouvés autour de Lyon" in body
    assert body.index("PIMMS Part-Dieu") < body.index("PIMMS Villeurbanne")


def test_search_by_postcode_and_partner(client: Client, lyon_places: list[Any]) -> None:
    body = client.get(reverse("directory:home"), {"where": "69100", "partner": "caf"}).content.decode()
    assert "1 lieu trouvé autour de Villeurbanne" in body


@pytest.mark.parametrize(
    ("where", "message"),
    [("99999", "Aucune commune ne correspond au code postal « 99999 »"), ("Xyzzyville", "Vérifiez l'orthographe")],
)
def test_unknown_place_names_get_a_clear_message(
    client: Client, lyon_places: list[Any], where: str, message: str
) -> None:
    response = client.get(reverse("directory:home"), {"where": where})
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())


def test_commune_without_centre_is_explained(client: Client, lyon_places: list[Any]) -> None:
    # Celles (Cantal, 15031) was re-established in 2026: no reference file knows its position yet.
    body = html.unescape(client.get(reverse("directory:home"), {"where": "15031"}).content.decode())
    assert "La position de Celles n'est pas connue" in body


def test_empty_result_has_an_empty_state(client: Client, lyon_places: list[Any]) -> None:
    body = client.get(reverse("directory:home"), {"where": "lyon", "service": "parenting"}).content.decode()
    assert "Aucun lieu ne correspond" in body


def test_htmx_search_returns_only_the_results_fragment(client: Client, lyon_places: list[Any]) -> None:
    response = client.get(reverse("directory:home"), {"where": "lyon"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="resultats"')
    assert "<html" not in body


def test_search_list_query_count_does_not_grow_with_results(
    client: Client, lyon_places: list[Any], django_assert_max_num_queries: Any
) -> None:
    for i in range(25):
        PlaceFactory(name=f"Lieu {i:02d}", partners=[lyon_places[0].partners.first()])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("directory:home"), {"where": "lyon"})
    assert "27 lieux trouvés" in response.content.decode()


def test_place_page_shows_status_hours_partners_and_stops(client: Client, db: Any) -> None:
    stop = OutreachStopFactory(place__name="Bus France Services", place__accessibility_notes="Rampe d'accès")
    body = html.unescape(client.get(stop.place.get_absolute_url()).content.decode())
    assert "Bus France Services" in body
    assert "Étapes de l'itinérance" in body
    assert "Saint-Étienne" in body
    assert "Rampe d'accès" in body
    assert re.search(r"Ouvert maintenant|Fermé", body)
    assert "Horaires des 7 prochains jours" in body


def test_unpublished_place_is_not_found(client: Client, db: Any) -> None:
    place = PlaceFactory(is_published=False)
    assert client.get(place.get_absolute_url()).status_code == 404


def test_map_data_is_geojson_of_matching_places(client: Client, lyon_places: list[Any]) -> None:
    data = client.get(reverse("directory:map_data"), {"where": "lyon", "partner": "caf"}).json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in data["features"]] == ["PIMMS Villeurbanne"]
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert (lat, lon) == (45.7719, 4.8902)


def test_map_data_rejects_bad_filters_with_400(client: Client, lyon_places: list[Any]) -> None:
    response = client.get(reverse("directory:map_data"), {"where": "99999"})
    assert response.status_code == 400
    assert "where" in response.json()["errors"]


def test_commune_suggestions(client: Client, lyon_places: list[Any]) -> None:
    body = client.get(reverse("directory:communes"), {"where": "villeur"}).content.decode()
    assert '<option value="Villeurbanne">' in body


EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")


@pytest.mark.parametrize("page", ["home", "map", "place", "login"])
def test_public_pages_reference_no_external_host_and_send_strict_csp(
    client: Client, lyon_places: list[Any], page: str
) -> None:
    url = {
        "home": reverse("directory:home") + "?where=lyon",
        "map": reverse("directory:map"),
        "place": lyon_places[0].get_absolute_url(),
        "login": reverse("account_login"),
    }[page]
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert not EXTERNAL.search(body), EXTERNAL.search(body)
    assert "<script>" not in body
    assert " style=" not in body
    assert not re.search(r"\son[a-z]+=", body)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp


def test_neutral_theme_replaces_the_design_system(client: Client, lyon_places: list[Any], settings: Any) -> None:
    settings.MAILLAGE_THEME = "neutral"
    body = client.get(reverse("directory:home")).content.decode()
    assert "maillage/css/neutral.css" in body
    assert "dsfr.min.css" not in body
    assert "Trouver un lieu pour être aidé" in body
