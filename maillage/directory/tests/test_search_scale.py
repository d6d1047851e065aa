"""The search at national scale: a results page builds only the places it shows, in the same order."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.urls import reverse

from maillage.directory.search import SearchQuery, search_places
from maillage.factories import PlaceFactory, commune
from maillage.network.models import Place

pytestmark = pytest.mark.django_db

LYON = (45.7640, 4.8357)


@pytest.fixture
def crowded_lyon(db: Any) -> list[Place]:
    """45 places around Lyon: 25 at increasing distances, then 20 at one same spot (equal distances)."""
    commune("69123", *LYON)
    places = [PlaceFactory(name=f"Lieu {i:02d}", lat=LYON[0] + 0.001 * (i + 1), lon=LYON[1]) for i in range(25)]
    places += [PlaceFactory(name=f"Tour {name}", lat=45.80, lon=4.90) for name in "TSRQPONMLKJIHGFEDCBA"]
    return places


def _built_places(client: Client, params: dict[str, Any]) -> tuple[str, int]:
    built = []

    def count(sender: type, instance: Place, **kwargs: Any) -> None:
        built.append(instance)

    post_init.connect(count, sender=Place)
    try:
        body = client.get(reverse("directory:home"), params).content.decode()
    finally:
        post_init.disconnect(count, sender=Place)
    return body, len(built)


def test_search_page_builds_only_the_places_it_shows(client: Client, crowded_lyon: list[Place]) -> None:
    body, built = _built_places(client, {"where": "69123", "radius_km": 30})
    assert "45 lieux trouvés autour de Lyon" in body
    assert "Lieu 00" in body
    assert "Lieu 19" in body
    assert "Lieu 20" not in body
    assert built == 20


def test_places_at_equal_distance_keep_name_order_across_pages(crowded_lyon: list[Place]) -> None:
    results = search_places(SearchQuery(lat=LYON[0], lon=LYON[1], radius_km=30))
    every = [r.place.name for r in results]
    assert every == [f"Lieu {i:02d}" for i in range(25)] + [f"Tour {c}" for c in "ABCDEFGHIJKLMNOPQRST"]
    assert [r.place.name for r in results[20:40]] == every[20:40]
    assert [r.place.name for r in results[30:35]] == ["Tour F", "Tour G", "Tour H", "Tour I", "Tour J"]
    assert results[-1].place.name == "Tour T"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="plan SQLite")
def test_search_read_is_answered_by_the_covering_index(crowded_lyon: list[Place]) -> None:
    south, north, west, east = 45.5, 46.0, 4.5, 5.2
    query = (
        Place.objects.filter(is_published=True, lat__gte=south, lat__lte=north, lon__gte=west, lon__lte=east)
        .filter(services_index__contains="|internet_access|")
        .order_by()
        .values_list("id", "lat", "lon")
    )
    assert "COVERING INDEX place_search_idx" in query.explain()
