"""/donnees/: the published places in the national standard, for anyone, with their licence and date."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.exchange.tests.official_schema import csv_errors, json_errors
from maillage.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _content(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def places() -> None:
    PlaceFactory(name="Lieu publié A")
    PlaceFactory(name="Lieu publié B")
    PlaceFactory(name="Lieu en préparation", is_published=False)
    PlaceFactory(name="Lieu sans adresse", address="")


def test_anyone_downloads_the_published_places_as_csv_without_login(client: Client, places: None) -> None:
    response = client.get("/donnees/lieux-mediation-numerique.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lieux-mediation-numerique.csv"'
    assert response["Link"] == '<https://www.etalab.gouv.fr/licence-ouverte-open-licence>; rel="license"'
    assert response["X-Licence"] == "etalab-2.0"
    assert response["X-Generated-At"][:2] == "20"
    text = _content(response)
    assert [row["nom"] for row in csv.DictReader(io.StringIO(text))] == ["Lieu publié A", "Lieu publié B"]
    assert csv_errors(text) == []


def test_anyone_downloads_the_published_places_as_json_without_login(client: Client, places: None) -> None:
    response = client.get(reverse("exchange:places_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Licence"] == "etalab-2.0"
    records = json.loads(_content(response))
    assert [r["nom"] for r in records] == ["Lieu publié A", "Lieu publié B"]
    assert isinstance(records[0]["latitude"], float)
    assert json_errors(records) == []


def test_the_file_is_read_in_one_query_whatever_the_number_of_places(
    client: Client, django_assert_num_queries: Any
) -> None:
    PlaceFactory.create_batch(30)
    response = client.get(reverse("exchange:places_csv"))
    with django_assert_num_queries(1):
        text = _content(response)
    assert len(list(csv.DictReader(io.StringIO(text)))) == 30


def test_the_open_data_page_lists_the_files_with_licence_date_and_count(
    client: Client, places: None, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        response = client.get(reverse("exchange:open_data"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 lieux à la date du" in page
    # The published place the standard cannot take is named in the headline, not silently left out.
    assert "sur 3 lieux publiés dans l'annuaire : 1 n'y figure pas encore" in page
    assert 'href="/donnees/lieux-mediation-numerique.csv"' in page
    assert 'href="/donnees/lieux-mediation-numerique.json"' in page
    assert "Licence Ouverte 2.0 (etalab-2.0)" in page


def test_the_files_cannot_be_posted_to(client: Client) -> None:
    assert client.post(reverse("exchange:places_csv")).status_code == 405
