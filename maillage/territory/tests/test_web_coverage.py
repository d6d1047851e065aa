"""Coverage page, white zones, canton check and downloads on a small hand-made case."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import OutreachStopFactory
from maillage.territory.models import Commune
from maillage.territory.tests.conftest import C1, C3


def _get(client: Client, name: str, **params: Any) -> Any:
    query = {"departement": "90", "distance": "10", "unit": "km", **params}
    return client.get(reverse(f"territory:{name}"), query)


def test_coverage_numbers_through_the_page(belfort: list[Commune], coordinator: Client, cast: Any) -> None:
    response = _get(coordinator, "coverage", network=str(cast.network_a.uuid))
    result = response.context["result"]
    assert (result.population_total, result.population_covered) == (1500, 1200)
    body = response.content.decode()
    assert "80,0 %" in body
    unlocated = Commune.objects.filter(departement_id="90").count() - 3
    assert f"{unlocated} communes sans position et sans habitant recensé" in body
    white = response.context["page"].object_list
    assert [row.code for row in white] == [belfort[2].code]
    assert white[0].distance_km == pytest.approx(55.6, abs=0.2)
    assert "2 cantons sur 3 sans lieu : 9002, 9003." in body
    assert 'data-territory-map data-geojson-url="/territoire/couverture.geojson?' in body


def test_minutes_use_the_estimated_travel_time(belfort: list[Commune], coordinator: Client) -> None:
    # 10 minutes at 50 km/h with a 1.3 detour reach 6.4 km in a straight line: C2 (7.9 km) is out.
    result = _get(coordinator, "coverage", distance="10", unit="min").context["result"]
    assert result.population_covered == 1000
    assert [row.code for row in result.white_zones] == [belfort[2].code, belfort[1].code]


def test_service_and_partner_filters_choose_the_places(belfort: list[Commune], coordinator: Client, cast: Any) -> None:
    assert _get(coordinator, "coverage", service="job_insertion").context["result"].population_covered == 0
    assert _get(coordinator, "coverage", partner=cast.partner.code).context["result"].population_covered == 0
    cast.place_a.partners.add(cast.partner)
    assert _get(coordinator, "coverage", partner=cast.partner.code).context["result"].population_covered == 1200


def test_unpublished_places_do_not_count_but_stops_do(belfort: list[Commune], coordinator: Client, cast: Any) -> None:
    cast.place_a.is_published = False
    cast.place_a.save()
    assert _get(coordinator, "coverage").context["result"].population_covered == 0
    OutreachStopFactory(place__structure=cast.structure_a, commune=belfort[2], lat=C3[0], lon=C3[1])
    result = _get(coordinator, "coverage").context["result"]
    assert result.population_covered == 300
    assert result.cantons_without_place == ["9001", "9003"]


def test_departement_without_centres_explains_what_to_load(coordinator: Client) -> None:
    Commune.objects.filter(departement_id="2A").update(lat=None, lon=None)  # a deployment's file without them
    body = _get(coordinator, "coverage", departement="2A").content.decode()
    assert "n'a de position" in body
    assert "maillage geo centres" in body
    assert "data-territory-map" not in body


def test_bad_distance_is_refused_in_french(coordinator: Client) -> None:
    response = _get(coordinator, "coverage", distance="500")
    assert response.context["result"] is None
    assert "La distance ne peut pas dépasser 100 km." in response.content.decode()
    assert _get(coordinator, "coverage_csv", distance="-1").status_code == 400


def test_coverage_page_query_count(belfort: list[Commune], coordinator: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(18):
        assert _get(coordinator, "coverage").status_code == 200


def test_csv_download(belfort: list[Commune], coordinator: Client) -> None:
    response = _get(coordinator, "coverage_csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="couverture-90-10km.csv"'
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [row["code_insee"] for row in rows[:3]] == [c.code for c in belfort[:3]]
    assert len(rows) == Commune.objects.filter(departement_id="90").count()  # every commune, located or not
    assert {row["couverte"] for row in rows[3:]} == {"position inconnue"}
    assert rows[0]["distance_km"] == "0,00"
    assert rows[1]["couverte"] == "oui"
    assert rows[2]["couverte"] == "non"
    assert float(rows[2]["distance_km"].replace(",", ".")) == pytest.approx(55.6, abs=0.2)


def test_geojson_download(belfort: list[Commune], coordinator: Client) -> None:
    response = _get(coordinator, "coverage_geojson", download="1")
    assert response["Content-Type"] == "application/geo+json"
    assert "couverture-90-10km.geojson" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    first, second, third, *unlocated = data["features"]
    assert len(unlocated) == Commune.objects.filter(departement_id="90").count() - 3
    assert {(f["geometry"], f["properties"]["band"]) for f in unlocated} == {(None, "unlocated")}
    assert first["geometry"]["coordinates"] == [C1[1], C1[0]]
    assert (first["properties"]["covered"], second["properties"]["covered"], third["properties"]["covered"]) == (
        True,
        True,
        False,
    )
    assert third["properties"]["band"] == "far"  # beyond twice the 10 km reach
    assert second["properties"]["distance_km"] == pytest.approx(7.86, abs=0.05)
