"""A regional file in the older v0 layout round-trips: imported, then exported as a valid v1 file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from maillage.exchange.lieux_files import PlacesFile
from maillage.exchange.lieux_import import import_lieux
from maillage.exchange.tests.official_schema import csv_errors
from maillage.network.models import Place

pytestmark = pytest.mark.django_db

V0_FILE = Path(__file__).parent / "data" / "lieux-v0-region.json"


def test_an_imported_v0_regional_file_exports_as_a_valid_national_file() -> None:
    report = import_lieux(V0_FILE.read_bytes(), V0_FILE.name)
    assert report.created > 0

    export = PlacesFile(Place.objects.all())
    text = export.text("csv")
    assert csv_errors(text) == []
    assert export.skipped == []
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == Place.objects.filter(is_published=True).count() == report.created
    # Places of the file without SIRET sit in one structure without a pivot: the standard's "no SIRET".
    assert "00000000000000" in {row["pivot"] for row in rows}
