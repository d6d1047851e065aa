"""A small hand-made territory for the web pages of the territory app."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maillage.factories import sign_in
from maillage.territory.models import Commune

# Three communes of the Territoire de Belfort moved to hand-made positions and populations:
# C1 hosts the place, C2 is 7.9 km east of it, C3 55.6 km north; the others have no centre and
# no inhabitants (so the figures stay exact; test_unlocated_figures.py takes centres away).
C1, C2, C3 = (45.0, 4.0, 1000, "9001"), (45.0, 4.1, 200, "9001"), (45.5, 4.0, 300, "9002")


@pytest.fixture
def belfort(cast: Any) -> list[Commune]:
    Commune.objects.filter(departement_id="90").update(lat=None, lon=None, canton="", population=0)
    communes = list(Commune.objects.filter(departement_id="90").order_by("code")[:4])
    for commune, (lat, lon, population, canton) in zip(communes, (C1, C2, C3), strict=False):
        commune.lat, commune.lon, commune.population, commune.canton = lat, lon, population, canton
        commune.save()
    communes[3].canton = "9003"  # a canton known from a commune without a centre
    communes[3].save()
    cast.place_a.commune, cast.place_a.lat, cast.place_a.lon = communes[0], C1[0], C1[1]
    cast.place_a.save()
    return communes


@pytest.fixture
def coordinator(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.coordinator_a)
    return client
