"""A full export of the places validates against the official national schema: 0 errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from maillage.exchange.lieux_export import SCHEMA_PATH, columns
from maillage.exchange.lieux_files import PlacesFile
from maillage.exchange.tests.official_schema import csv_errors, json_errors, official_descriptor
from maillage.factories import StructureFactory
from maillage.network.models import Place

pytestmark = pytest.mark.django_db


def test_the_schema_shipped_with_maillage_is_the_official_one() -> None:
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == official_descriptor()


def test_the_columns_are_the_official_ones_in_their_order() -> None:
    assert columns() == [field["name"] for field in official_descriptor()["fields"]]
    assert len(columns()) == 32


def test_the_demo_exports_as_valid_csv_and_json() -> None:
    call_command("demo")
    published = Place.objects.filter(is_published=True).count()
    assert published >= 30

    export = PlacesFile(Place.objects.all())
    text = export.text("csv")
    assert csv_errors(text) == []
    assert export.exported == published
    assert export.skipped == []
    assert len(list(csv.DictReader(io.StringIO(text)))) == published

    records = json.loads(PlacesFile(Place.objects.all()).text("json"))
    assert json_errors(records) == []
    assert len(records) == published


@pytest.mark.slow
def test_the_national_france_services_list_exports_as_valid_csv_and_json(shared_data: Path) -> None:
    structure = StructureFactory(name="Réseau national France Services")
    call_command(
        "import", "france-services", str(shared_data / "france-services-2024-08-01.csv"), "--structure", structure.pivot
    )
    assert Place.objects.count() == 2845

    export = PlacesFile(Place.objects.all())
    text = export.text("csv")
    assert csv_errors(text) == []
    assert export.exported + len(export.skipped) == 2845
    assert export.exported == 2845, [str(s) for s in export.skipped[:5]]

    records = json.loads(PlacesFile(Place.objects.all()).text("json"))
    assert json_errors(records) == []
    assert len(records) == 2845
