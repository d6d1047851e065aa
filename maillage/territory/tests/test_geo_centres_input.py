"""`maillage geo centres`: any common encoding read, every bad row named, nothing written unless all are good."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maillage.territory.models import Commune

pytestmark = pytest.mark.django_db

# Lyon, Villeurbanne, Saint-Étienne: real codes of the loaded geography, real centres.
LYON = "69123,45.7578,4.8320,6999"
VILLEURBANNE = "69266,45.7719,4.8902,6998"
HEADER = "code,lat,lon,canton"


def write(tmp_path: Path, *rows: str, header: str = HEADER, encoding: str = "utf-8") -> Path:
    path = tmp_path / "centres.csv"
    path.write_bytes("\n".join([header, *rows, ""]).encode(encoding))
    return path


def refused(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    """The command's final message and the rejected lines it printed; checks that it exits with 2."""
    with pytest.raises(CommandError) as caught:
        call_command("geo", "centres", str(path))
    assert caught.value.returncode == 2
    return str(caught.value), capsys.readouterr().err.splitlines()


@pytest.fixture(autouse=True)
def _three_communes_without_centre(db: None) -> None:
    """The test set-up loads the shipped centres: these three start empty so a write shows."""
    Commune.objects.filter(code__in=["69123", "69266", "42218"]).update(lat=None, lon=None, canton="")


def nothing_written() -> bool:
    return not Commune.objects.filter(code__in=["69123", "69266", "42218"], lat__isnull=False).exists()


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16"])
def test_a_file_saved_in_a_common_encoding_is_imported(tmp_path: Path, encoding: str) -> None:
    path = write(
        tmp_path, f"{LYON},Lyon", "42218,45.4339,4.3900,4299,Saint-Étienne", header=f"{HEADER},nom", encoding=encoding
    )
    call_command("geo", "centres", str(path))
    etienne = Commune.objects.get(code="42218")
    assert (etienne.lat, etienne.lon, etienne.canton) == (45.4339, 4.39, "4299")
    assert Commune.objects.get(code="69123").has_centre


def test_a_binary_file_is_refused_in_one_french_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "centres.csv"
    path.write_bytes(bytes(range(256)) * 8)
    message, _ = refused(path, capsys)
    assert message == (
        "centres.csv n'est pas un fichier texte (encodages acceptés : UTF-8, UTF-16 avec BOM, "
        "Windows-1252 ou Latin-1). Rien n'a été importé."
    )


def test_a_binary_file_on_the_command_line_gives_one_line_and_exit_code_2(tmp_path: Path) -> None:
    path = tmp_path / "centres.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8)
    result = subprocess.run(
        [sys.executable, "-m", "maillage", "geo", "centres", str(path)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Erreur : centres.xlsx n'est pas un fichier texte (encodages acceptés : UTF-8, UTF-16 avec BOM, "
        "Windows-1252 ou Latin-1). Rien n'a été importé."
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("69266,45.7719,4.8902,69981234", "ligne 3, colonne canton : 8 caractères, 5 au plus."),
        ("69266,45.7719,4.8902,69-8", "ligne 3, colonne canton : code canton « 69-8 » invalide"),
        ("69266,45.7719,4.8902,69\x0098", "ligne 3, colonne canton : caractère nul (octet 0) interdit."),
        ("69\x00266,45.7719,4.8902,6998", "ligne 3, colonne code : caractère nul (octet 0) interdit."),
        ("692660,45.7719,4.8902,6998", "ligne 3, colonne code : 6 caractères, 5 au plus."),
        ("6926,45.7719,4.8902,6998", "ligne 3, colonne code : code commune « 6926 » invalide"),
        ("99999,45.7719,4.8902,6998", "ligne 3, colonne code : code commune « 99999 » inconnu"),
        ("69266,45.7719,inf,6998", "ligne 3, colonne lon : « inf » n'est pas un nombre."),
        ("69266,45.7719,,6998", "ligne 3, colonne lon : valeur manquante."),
        ("69266,45.7719", "ligne 3 : 2 champs au lieu de 4."),
    ],
)
def test_a_bad_row_is_named_with_its_column_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], row: str, expected: str
) -> None:
    message, errors = refused(write(tmp_path, LYON, row, "42218,45.4339,4.3900,4299"), capsys)
    assert message == "1 ligne(s) rejetée(s) : aucun centre n'a été importé."
    assert len(errors) == 1
    assert errors[0].startswith(f"centres.csv, {expected}")
    assert nothing_written()


def test_duplicate_codes_are_refused_naming_every_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message, errors = refused(write(tmp_path, LYON, VILLEURBANNE, "69123,45.76,4.83,6999"), capsys)
    assert message == "2 ligne(s) rejetée(s) : aucun centre n'a été importé."
    assert errors == [
        f"centres.csv, ligne {line}, colonne code : code « 69123 » présent plusieurs fois (lignes 2, 4)."
        for line in (2, 4)
    ]
    assert nothing_written()


def test_every_problem_of_every_row_is_listed_in_file_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, errors = refused(write(tmp_path, "69123,nord,4.83,123456", "42218,45.43,,4299"), capsys)
    assert [error.split(" : ")[0] for error in errors] == [
        "centres.csv, ligne 2, colonne canton",
        "centres.csv, ligne 2, colonne lat",
        "centres.csv, ligne 3, colonne lon",
    ]
