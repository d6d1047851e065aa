"""Anyone downloads the data·inclusion files, with their licence and date; unpublished places stay out."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from maillage.exchange.tests.datainclusion_checks import assert_valid
from maillage.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places() -> dict[str, Any]:
    return {
        "shown": PlaceFactory(name="Lieu ouvert", summary="Accueil sans rendez-vous", updated_on=dt.date(2025, 5, 2)),
        "older": PlaceFactory(name="Lieu ancien", summary="Accueil sur rendez-vous", updated_on=dt.date(2024, 1, 9)),
        "hidden": PlaceFactory(name="Lieu caché", summary="Accueil réservé", is_published=False),
    }


def test_anyone_downloads_structures_and_services_without_logging_in(
    places: dict[str, Any], django_assert_num_queries: Any, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    # one read of the places, whatever their number; the others are the shared cache: the files and
    # their version (one read), the version's first write, the files' write (12 on SQLite, 7 on
    # PostgreSQL: the database cache's writes differ by engine)
    with django_assert_max_num_queries(12):
        structures = client.get("/donnees/data-inclusion/structures.json")
    with django_assert_num_queries(1):
        services = client.get(reverse("exchange:datainclusion_services"))
    assert structures.status_code == services.status_code == 200
    assert structures["Content-Type"] == "application/json; charset=utf-8"
    structure_rows, service_rows = json.loads(structures.content), json.loads(services.content)
    assert_valid(structure_rows, service_rows)
    assert sorted(row["nom"] for row in structure_rows) == ["Lieu ancien", "Lieu ouvert"]
    assert {row["structure_id"] for row in service_rows} == {
        f"maillage--{places['shown'].uuid}",
        f"maillage--{places['older'].uuid}",
    }
    assert "Lieu caché" not in structures.content.decode() + services.content.decode()
    assert structure_rows[0]["lien_source"].startswith("http://testserver/lieux/")


def test_files_carry_their_licence_and_the_date_of_the_newest_update(places: dict[str, Any]) -> None:
    response = Client().get("/donnees/data-inclusion/services.json")
    assert 'rel="license"' in response["Link"]
    assert "etalab.gouv.fr/licence-ouverte" in response["Link"]
    assert response["Last-Modified"] == "Fri, 02 May 2025 00:00:00 GMT"
    assert 'filename="services.json"' in response["Content-Disposition"]


def test_with_no_published_place_the_files_are_empty_lists() -> None:
    response = Client().get("/donnees/data-inclusion/structures.json")
    assert response.status_code == 200
    assert json.loads(response.content) == []
    assert "Last-Modified" not in response


def test_a_saved_change_reaches_the_files_at_once_and_a_bulk_update_after_the_delay(
    places: dict[str, Any],
) -> None:
    from maillage.network.models import Place

    client = Client()

    def count() -> int:
        return len(json.loads(client.get("/donnees/data-inclusion/structures.json").content))

    assert count() == 2
    places["older"].is_published = False
    places["older"].save()  # every server process sees the new version of the files
    assert count() == 1
    Place.objects.filter(pk=places["older"].pk).update(is_published=True)  # no signal
    assert count() == 1
    caches["shared"].clear()  # what the end of CACHE_SECONDS does
    assert count() == 2


def test_downloads_answer_only_get() -> None:
    assert Client().post("/donnees/data-inclusion/structures.json").status_code == 405


def test_open_data_page_links_both_files(places: dict[str, Any]) -> None:
    page = Client().get(reverse("exchange:open_data")).content.decode()
    assert 'href="/donnees/data-inclusion/structures.json"' in page
    assert 'href="/donnees/data-inclusion/services.json"' in page
