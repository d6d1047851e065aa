"""Every commune has a position out of the box; former communes resolve to the commune holding them."""

from __future__ import annotations

import csv
from typing import Any

from django.db.models import Sum
from django.test import Client

from maillage.factories import PlaceFactory
from maillage.territory.cog import DEFAULT_CENTRES
from maillage.territory.models import Commune


def _shipped_rows() -> dict[str, dict[str, str]]:
    with DEFAULT_CENTRES.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def test_every_commune_of_the_reference_has_its_shipped_centre(db: Any) -> None:
    shipped = _shipped_rows()
    without = {code for code, row in shipped.items() if not row["lat"]}
    assert len(shipped) == Commune.objects.count() == 34969
    assert set(Commune.objects.filter(lat__isnull=True).values_list("code", flat=True)) == without
    assert len(without) == 99  # communes of the collectivités d'outre-mer and six re-established in 2025–26
    marlhes = Commune.objects.get(code="42139")
    assert (marlhes.lat, marlhes.lon, marlhes.canton) == (
        float(shipped["42139"]["lat"]),
        float(shipped["42139"]["lon"]),
        shipped["42139"]["canton"],
    )


def test_the_loire_is_whole(db: Any) -> None:
    loire = Commune.objects.filter(departement_id="42")
    assert loire.count() == loire.located().count() == 320
    assert loire.aggregate(total=Sum("population"))["total"] == 774133


def test_former_commune_codes_and_names_find_the_commune_holding_them(db: Any) -> None:
    # Champtoceaux (49069) merged into Orée d'Anjou (49126); Pierrefitte-sur-Seine (93059) into Saint-Denis.
    assert Commune.objects.resolve_code("49069").code == "49126"
    assert Commune.objects.resolve_code(" 93059 ").code == "93066"
    assert Commune.objects.resolve_code("69381").code == "69123"  # Lyon 1er arrondissement
    assert Commune.objects.resolve_code("42218").code == "42218"
    assert Commune.objects.resolve_code("99999") is None
    assert list(Commune.objects.matching("49069").values_list("code", flat=True)) == ["49126"]
    assert "49126" in Commune.objects.matching("Champtoceaux").values_list("code", flat=True)
    assert Commune.objects.current_codes(["49069", "42218", "00000"]) == {"49069": "49126", "42218": "42218"}


def test_public_api_accepts_a_former_commune_code(client: Client, db: Any) -> None:
    place = PlaceFactory(commune=Commune.objects.get(code="93066"), lat=48.936, lon=2.357)
    data = client.get("/api/v1/places/search", {"commune": "93059", "radius_km": 10}).json()
    assert [item["id"] for item in data["results"]] == [str(place.uuid)]


def test_public_search_finds_a_village_the_demo_does_not_know(client: Client, db: Any) -> None:
    body = client.get("/", {"where": "Marlhes"}).content.decode()
    assert "La position de Marlhes n'est pas connue" not in body
    assert "Aucun lieu" in body  # an empty state, not an error
