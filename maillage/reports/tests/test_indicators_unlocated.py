"""The mesh indicators count every commune: what cannot be placed turns them into bounds.

Same hand-built network as test_indicators.py (C1 1000, C2 200 covered at 10 km, C3 300 and C4 500:
1,700 of 2,000 covered, 85 %). When C2 loses its centre, its 200 inhabitants may or may not be
covered: between 1,500 / 2,000 = 75 % and 1,700 / 2,000 = 85 %, never 1,500 / 1,800 = 83.3 %.
"""

from __future__ import annotations

import csv
import html
import io
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import PlaceFactory, sign_in
from maillage.reports.indicators import compute_indicators
from maillage.reports.period import parse_period
from maillage.reports.tests.test_indicators import build_network
from maillage.territory.models import Commune


@pytest.fixture
def network(cast: Any) -> SimpleNamespace:
    network = build_network(cast)
    c2 = Commune.objects.filter(departement_id="90", population=200).get()
    c2.lat = c2.lon = None
    c2.save()
    network.c2 = c2
    return network


@pytest.fixture
def coordinator(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.coordinator_a)
    return client


def _mesh(network: SimpleNamespace) -> dict[str, Any]:
    family = compute_indicators(network.scope, parse_period("2025"), 10).families[0]
    return {item.code: item for item in family.indicators}


def _unlocated() -> int:
    return Commune.objects.filter(departement_id="90", lat__isnull=True).count()


def test_a_commune_without_centre_gives_bounds_on_the_whole_population(network: SimpleNamespace) -> None:
    mesh = _mesh(network)
    population = mesh["mesh_population"]
    assert (population.numerator, population.denominator) == (1500, 2000)
    assert (population.value, population.low, population.high) == (None, 75.0, 85.0)
    assert population.missing == f"{_unlocated()} communes (200 habitants) sans position"
    white = mesh["mesh_white_communes"]  # C3 is white; each commune without a centre may be too
    assert (white.value, white.low, white.high) == (None, 1.0, 1.0 + _unlocated())


def test_a_place_without_coordinates_leaves_the_share_without_upper_bound(cast: Any, network: SimpleNamespace) -> None:
    PlaceFactory(structure=cast.structure_a, name="Lieu sans position", commune=network.c2, lat=None, lon=None)
    mesh = _mesh(network)
    assert (mesh["mesh_population"].low, mesh["mesh_population"].high) == (75.0, None)
    assert mesh["mesh_population"].missing.endswith(" et 1 lieu du périmètre sans position")
    assert (mesh["mesh_white_communes"].low, mesh["mesh_white_communes"].high) == (None, 1.0 + _unlocated())


def test_page_headline_and_csv_say_the_share_cannot_be_computed_exactly(
    cast: Any, network: SimpleNamespace, coordinator: Client
) -> None:
    params = {"scope": f"network:{cast.network_a.uuid}", "period": "2025", "distance": "10"}
    response = coordinator.get(reverse("reports:indicators"), params)
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    body = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    essentials = body[body.index("L'essentiel") : body.index("Signe de progrès")]
    assert f"Non calculable exactement : {_unlocated()} communes (200 habitants) sans position." in essentials
    assert "entre 75,0 % et 85,0 % population à moins de 10 km" in essentials
    assert "83,3 %" not in body
    assert "1 500 habitants sur 2 000" in body
    rows = coordinator.get(reverse("reports:indicators"), {**params, "format": "csv"}).content.decode("utf-8-sig")
    mesh = {row["code"]: row for row in csv.DictReader(io.StringIO(rows), delimiter=";")}["mesh_population"]
    assert (mesh["valeur"], mesh["valeur_min"], mesh["valeur_max"]) == ("", "75,00", "85,00")
    assert mesh["non_pris_en_compte"].endswith("communes (200 habitants) sans position")
