"""Coverage figures never hide what they skip: communes without a centre and places without
coordinates turn the headline into bounds, named in the page, the CSV and the siting summary.

Hand-made Territoire de Belfort: every commune keeps its shipped centre (far from the points below)
but has no inhabitants, except five moved to known positions:

    C1 (45.0, 4.0)  1000 inhabitants   the place of network A
    C2 (45.0, 4.1)   200 inhabitants   7.9 km east of C1: covered at 10 km
    C3 (45.5, 4.0)   300 inhabitants   55.6 km north: a white zone
    C4 (45.55, 4.0)  250 inhabitants   5.6 km north of C3
    C5 (46.0, 4.0)   100 inhabitants   alone, further north

All located: 1,200 covered of 1,850, 64.9 %. When C4 and C5 lose their centre, 350 inhabitants
cannot be placed: between 1,200 / 1,850 = 64.9 % and 1,550 / 1,850 = 83.8 %.
"""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import PlaceFactory
from maillage.territory.models import Commune, SitingRun

POINTS = [(45.0, 4.0, 1000), (45.0, 4.1, 200), (45.5, 4.0, 300), (45.55, 4.0, 250), (46.0, 4.0, 100)]


@pytest.fixture
def territory(cast: Any) -> list[Commune]:
    Commune.objects.filter(departement_id="90").update(population=0)  # shipped centres kept
    communes = list(Commune.objects.filter(departement_id="90").order_by("code")[:5])
    for commune, (lat, lon, population) in zip(communes, POINTS, strict=True):
        commune.lat, commune.lon, commune.population = lat, lon, population
        commune.save()
    cast.place_a.commune, cast.place_a.lat, cast.place_a.lon = communes[0], 45.0, 4.0
    cast.place_a.save()
    return communes


def _lose_centre(*communes: Commune) -> None:
    for commune in communes:
        commune.lat = commune.lon = None
        commune.save()


def _get(client: Client, name: str = "coverage") -> Any:
    return client.get(reverse(f"territory:{name}"), {"departement": "90", "distance": "10", "unit": "km"})


def _text(response: Any) -> str:
    """The page as a reader sees it: tags off, one space between words."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def test_with_every_commune_located_the_headline_is_the_plain_share_of_the_whole_population(
    territory: list[Commune], coordinator: Client
) -> None:
    response = _get(coordinator)
    result = response.context["result"]
    assert (result.population_total, result.population_covered, result.exact) == (1850, 1200, True)
    body = _text(response)
    assert "64,9 % de la population a un lieu à moins de 10 km à vol d'oiseau : 1 200 habitants sur 1 850" in body
    assert "non calculable" not in body


def test_two_communes_without_centre_are_named_and_the_headline_gives_bounds(
    territory: list[Commune], coordinator: Client
) -> None:
    c4, c5 = territory[3:]
    _lose_centre(c4, c5)
    response = _get(coordinator)
    result = response.context["result"]
    assert result.population_total == 1850  # the COG population of every commune
    assert (result.share_percent, round(result.share_low_percent, 1), round(result.share_high_percent, 1)) == (
        None,
        64.9,
        83.8,
    )
    assert [(c.code, c.population) for c in result.unlocated] == [(c4.code, 250), (c5.code, 100)]
    body = _text(response)
    assert "Part couverte non calculable exactement : 2 communes (350 habitants) sans position." in body
    assert "Entre 64,9 % et 83,8 % de 1 850 habitants ont un lieu à moins de 10 km" in body
    assert "de la population a un lieu" not in body  # no single share computed on the rest
    assert "Population non localisée (2 communes, 350 habitants)" in body
    assert f"{c4.name} {c4.code} 250" in body
    assert "2 communes sans position (350 habitants) ne peuvent pas être classées" in body  # white zones
    rows = list(
        csv.DictReader(io.StringIO(_get(coordinator, "coverage_csv").content.decode("utf-8-sig")), delimiter=";")
    )
    assert [(row["code_insee"], row["couverte"]) for row in rows if not row["latitude"]] == [
        (c4.code, "position inconnue"),
        (c5.code, "position inconnue"),
    ]
    assert sum(int(row["population"]) for row in rows) == 1850


def test_a_place_without_coordinates_leaves_only_a_lower_bound(
    territory: list[Commune], coordinator: Client, cast: Any
) -> None:
    PlaceFactory(structure=cast.structure_a, name="Lieu sans position", commune=territory[2], lat=None, lon=None)
    response = _get(coordinator)
    result = response.context["result"]
    assert (result.unknowns.places, result.share_percent, result.share_high_percent) == (1, None, None)
    body = _text(response)
    assert "Part couverte non calculable exactement : 1 lieu du département sans position" in body
    assert "Au moins 64,9 % de 1 850 habitants ont un lieu à moins de 10 km" in body


def test_siting_proposes_sites_and_says_what_it_could_not_take_into_account(
    territory: list[Commune], coordinator: Client, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    c3, c4, c5 = territory[2:]
    _lose_centre(c4, c5)
    data = {"departement": "90", "distance": "10", "unit": "km", "sites": "1"}
    response = coordinator.post(reverse("territory:siting"), data)
    result: Any = SitingRun.objects.get().result
    assert [p["code"] for p in result["proposals"]] == [c3.code]  # the only uncovered inhabited centre
    assert (result["population_total"], result["population_located"], result["already_covered"]) == (1850, 1500, 1200)
    assert (result["unlocated_population"], result["skipped"]) == (350, 2)
    assert [c["code"] for c in result["unlocated"]] == [c4.code, c5.code]
    body = _text(coordinator.get(response["Location"]))
    assert "Non pris en compte : 2 communes sans position (350 habitants sur 1 850)." in body
    assert f"{c4.name} ({c4.code}) : 250 habitants" in body
    assert "sur 1 850 habitants dont 350 sans position" in body
