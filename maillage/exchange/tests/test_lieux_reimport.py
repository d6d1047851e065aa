"""A file exported by this instance and imported back updates its places: the `id` is their UUID."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from maillage.exchange.lieux_files import PlacesFile
from maillage.exchange.lieux_import import import_lieux
from maillage.factories import PlaceFactory, StructureFactory
from maillage.network.models import Place

pytestmark = pytest.mark.django_db
V0_FILE = Path(__file__).parent / "data" / "lieux-v0-region.json"


def _snapshot() -> dict[Any, tuple[Any, ...]]:
    return {p.uuid: (p.structure_id, p.name, p.address, p.summary, p.updated_on) for p in Place.objects.all()}


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_the_demo_exported_then_imported_back_creates_nothing(file_format: str) -> None:
    call_command("demo")
    before = _snapshot()
    export = PlacesFile(Place.objects.all())
    data = export.text(file_format).encode()
    assert export.exported > 0

    report = import_lieux(data, f"lieux.{file_format}")

    assert report.rejected == []
    assert report.created == 0
    assert report.new_structures == []
    assert report.unchanged + report.updated == export.exported
    assert _snapshot() == before


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_places_imported_without_siret_come_back_unchanged(file_format: str) -> None:
    import_lieux(V0_FILE.read_bytes(), V0_FILE.name)
    before = _snapshot()
    export = PlacesFile(Place.objects.all())
    data = export.text(file_format).encode()

    report = import_lieux(data, f"lieux.{file_format}")

    assert (report.created, len(report.rejected), report.new_structures) == (0, 0, [])
    assert report.unchanged + report.updated == export.exported == len(before)
    assert _snapshot() == before


def test_a_moved_place_is_found_by_its_uuid_and_its_new_address_kept() -> None:
    place = PlaceFactory(name="Espace numérique", summary="Aide aux démarches en ligne.", address="1 rue Haute")
    rows = json.loads(PlacesFile(Place.objects.all()).text("json"))
    rows[0]["adresse"] = "12 place du Marché"

    report = import_lieux(json.dumps(rows).encode(), "lieux.json")

    assert (report.created, report.updated, report.rejected) == (0, 1, [])
    place.refresh_from_db()
    assert place.address == "12 place du Marché"
    assert Place.objects.count() == 1


def test_a_field_changed_in_the_exported_file_updates_the_place() -> None:
    place = PlaceFactory(name="Espace numérique", summary="Aide aux démarches en ligne.")
    rows = json.loads(PlacesFile(Place.objects.all()).text("json"))
    rows[0]["presentation_resume"] = "Aide aux démarches et ateliers."
    rows[0]["date_maj"] = "2031-05-04"

    report = import_lieux(json.dumps(rows).encode(), "lieux.json", structure=place.structure)

    assert (report.created, report.updated) == (0, 1)
    place.refresh_from_db()
    assert place.summary == "Aide aux démarches et ateliers."
    assert place.updated_on.isoformat() == "2031-05-04"
    assert place.external_id == ""  # our own identifier is the UUID, not an identifier of a source
    assert Place.objects.count() == 1


def test_a_place_of_another_structure_is_rejected_never_moved() -> None:
    place = PlaceFactory(name="Espace numérique", summary="Aide aux démarches en ligne.")
    other = StructureFactory(name="Autre structure")
    rows = json.loads(PlacesFile(Place.objects.all()).text("json"))
    rows[0]["adresse"] = "12 place du Marché"  # found by its UUID only

    report = import_lieux(json.dumps(rows).encode(), "lieux.json", structure=other)

    assert report.created == report.updated == 0
    assert [(issue.field, issue.reason) for issue in report.rejected] == [
        ("id", f"ce lieu est déjà rattaché à une autre structure (« {place.structure} »).")
    ]
    place.refresh_from_db()
    assert place.structure != other
    assert Place.objects.count() == 1
