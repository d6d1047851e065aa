"""France Services import: values the database cannot store are rejected per row before it sees them,
on SQLite and PostgreSQL alike, and the other rows of the batch are imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from maillage.factories import StructureFactory
from maillage.network.models import Place
from maillage.territory.france_services import SOURCE
from maillage.territory.tests.test_france_services import run_import, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def structure():
    return StructureFactory(name="Réseau national France Services")


def slots(hour: int) -> str:
    """Ten separate one-minute slots in the national list's format."""
    return " / ".join(f"{hour:02d}:{minute:02d} - {hour:02d}:{minute + 1:02d}" for minute in range(0, 40, 4))


@pytest.mark.parametrize("column", ["id_fs", "lib_fs", "adresse", "complement_adresse", "telephone"])
def test_a_nul_character_rejects_its_row_and_the_rest_of_the_batch_is_imported(
    tmp_path: Path, structure, capsys: pytest.CaptureFixture[str], column: str
) -> None:
    value = {"telephone": "04 78\x00"}.get(column, "Maison\x00 France services")
    path = write_csv(tmp_path / "fs.csv", {}, {column: value}, {})
    run_import(path, structure)
    out, err = capsys.readouterr()
    assert err == f"fs.csv, ligne 3, colonne {column} : caractère nul (octet 0) interdit.\n"
    assert out.strip() == "2 lieux créés, 0 mis à jour, 0 inchangé, 1 ligne rejetée."
    assert set(Place.objects.filter(source=SOURCE).values_list("external_id", flat=True)) == {"9001", "9003"}


def test_opening_hours_longer_than_the_column_reject_the_row(
    tmp_path: Path, structure, capsys: pytest.CaptureFixture[str]
) -> None:
    days = ["h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi"]
    path = write_csv(tmp_path / "fs.csv", {day: slots(8 + number) for number, day in enumerate(days)}, {})
    run_import(path, structure)
    out, err = capsys.readouterr()
    assert err == "fs.csv, ligne 2, colonne h_lundi à h_samedi : 750 caractères, 500 au plus.\n"
    assert out.strip() == "1 lieu créé, 0 mis à jour, 0 inchangé, 1 ligne rejetée."
    assert list(Place.objects.filter(source=SOURCE).values_list("external_id", flat=True)) == ["9002"]


def test_a_rejected_row_does_not_touch_the_place_it_would_update(
    tmp_path: Path, structure, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "fs.csv", {}, {})
    run_import(path, structure)
    write_csv(path, {"lib_fs": "Nouveau\x00nom"}, {"lib_fs": "Nom corrigé"})
    call_command("import", "france-services", str(path), "--structure", str(structure.uuid))
    assert "ligne 2, colonne lib_fs : caractère nul" in capsys.readouterr().err
    names = dict(Place.objects.filter(source=SOURCE).values_list("external_id", "name"))
    assert names == {"9001": "France services de Vénissieux", "9002": "Nom corrigé"}


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_a_list_saved_by_a_spreadsheet_in_another_encoding_is_imported(
    tmp_path: Path, structure, encoding: str
) -> None:
    path = write_csv(tmp_path / "fs.csv", {"lib_fs": "France services d'Œting – Vénissieux"})
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    run_import(path, structure)
    assert Place.objects.get(source=SOURCE).name == "France services d'Œting – Vénissieux"
