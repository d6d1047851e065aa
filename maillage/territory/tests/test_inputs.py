"""CSV inputs: good files are read, every bad one is refused with file, line and column in French."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.territory.inputs import (
    InputError,
    parse_radius,
    parse_site_count,
    read_demand,
    read_places,
)


def write(tmp_path: Path, text: str, name: str = "demande.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def refusal(path: Path, *, demand: bool = True) -> str:
    with pytest.raises(InputError) as caught:
        read_demand(path) if demand else read_places(path)
    return str(caught.value)


def test_reads_a_demand_file(tmp_path: Path) -> None:
    demand = read_demand(
        write(tmp_path, "id,lat,lon,population,nom\n01001,46.15,4.93,860,Abergement\n007,48.5,2,0,X\n")
    )
    assert demand.ids == ("01001", "007")  # ids stay strings: leading zeros kept
    assert demand.lat.tolist() == [46.15, 48.5]
    assert demand.population.tolist() == [860, 0]


def test_reads_semicolons_decimal_commas_and_a_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffID;Lat;Lon;Population\na;48,5;2,25;12\n", encoding="utf-8")
    demand = read_demand(path)
    assert (demand.ids, demand.lat.tolist(), demand.lon.tolist()) == (("a",), [48.5], [2.25])


@pytest.mark.parametrize("text", ["", "id,lat,lon\n", "id,lat,lon\n\n"])
def test_an_empty_places_file_means_no_places(tmp_path: Path, text: str) -> None:
    assert len(read_places(write(tmp_path, text, "lieux.csv"))) == 0


@pytest.mark.parametrize("text", ["", "id,lat,lon,population\n"])
def test_an_empty_demand_file_is_refused(tmp_path: Path, text: str) -> None:
    message = refusal(write(tmp_path, text))
    assert "demande.csv" in message
    assert "vide" in message or "aucune ligne" in message


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        ("a,,2.0,10", "colonne 2 (« lat »)", "valeur manquante"),
        ("a,48.0,,10", "colonne 3 (« lon »)", "valeur manquante"),
        ("a,quarante,2.0,10", "colonne 2 (« lat »)", "« quarante » n'est pas un nombre"),
        ("a,nan,2.0,10", "colonne 2 (« lat »)", "n'est pas un nombre"),
        ("a,91,2.0,10", "colonne 2 (« lat »)", "la latitude va de -90 à 90"),
        ("a,48.0,181,10", "colonne 3 (« lon »)", "la longitude va de -180 à 180"),
        ("a,48.0,2.0,-5", "colonne 4 (« population »)", "population négative"),
        ("a,48.0,2.0,12.5", "colonne 4 (« population »)", "nombre entier d'habitants"),
        ("a,48.0,2.0,", "colonne 4 (« population »)", "valeur manquante"),
        (",48.0,2.0,5", "colonne 1 (« id »)", "identifiant manquant"),
    ],
)
def test_bad_values_are_refused_with_line_and_column(tmp_path: Path, row: str, column: str, expected: str) -> None:
    message = refusal(write(tmp_path, f"id,lat,lon,population\nok,48.0,2.0,1\n{row}\n"))
    assert f"demande.csv, ligne 3, {column}" in message
    assert expected in message


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    message = refusal(write(tmp_path, "id,lat,lon\np1,48,2\np2,48,2\np1,47,3\n", "lieux.csv"), demand=False)
    assert "lieux.csv, ligne 4, colonne 1 (« id ») : identifiant « p1 » en double (déjà vu ligne 2)." in message


def test_missing_columns_are_named(tmp_path: Path) -> None:
    message = refusal(write(tmp_path, "id,latitude,lon\na,48,2\n"))
    assert "demande.csv, ligne 1" in message
    assert "« lat »" in message
    assert "« population »" in message


def test_all_errors_are_reported_up_to_a_limit(tmp_path: Path) -> None:
    rows = "".join(f"x{i},abc,2,1\n" for i in range(30))
    with pytest.raises(InputError) as caught:
        read_demand(write(tmp_path, "id,lat,lon,population\n" + rows))
    assert len(caught.value.messages) == 11
    assert "arrêt après 10 erreurs" in caught.value.messages[-1]


def test_unreadable_files_are_reported(tmp_path: Path) -> None:
    assert "fichier introuvable" in refusal(tmp_path / "absent.csv")
    (tmp_path / "latin1.csv").write_bytes("id,lat,lon,population\né,48,2,1\n".encode("latin-1"))
    assert "UTF-8" in refusal(tmp_path / "latin1.csv")


@pytest.mark.parametrize("raw", ["0", "-3", "abc", "inf", ""])
def test_radius_must_be_a_positive_number(raw: str) -> None:
    with pytest.raises(InputError, match="--radius-km"):
        parse_radius(raw)


def test_radius_accepts_decimals() -> None:
    assert parse_radius("12.5") == 12.5
    assert parse_radius("12,5") == 12.5


@pytest.mark.parametrize(
    ("raw", "expected"), [("0", "au moins 1"), ("x", "nombre entier"), ("4", "n'en propose que 3")]
)
def test_site_count_is_checked_against_the_candidates(raw: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        parse_site_count(raw, 3, "candidats.csv")


def test_site_count_within_range() -> None:
    assert parse_site_count("3", 3, "candidats.csv") == 3
