"""The official geography, loaded from the real @etalab/decoupage-administratif package."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maillage.territory.models import Commune, Departement, Epci, PostalCode, Region

pytestmark = pytest.mark.django_db


def test_full_cog_is_loaded_with_codes_and_population() -> None:
    assert Region.objects.count() >= 18
    assert Departement.objects.filter(code="2A").exists()
    assert Commune.objects.count() > 34_000
    lyon = Commune.objects.get(code="69123")
    assert lyon.name == "Lyon"
    assert lyon.population > 500_000
    assert lyon.epci is not None
    assert lyon.epci.name.startswith("Métropole de Lyon")


def test_postcodes_find_communes() -> None:
    assert list(Commune.objects.matching("69003").values_list("code", flat=True)) == ["69123"]
    names = set(Commune.objects.matching("42000").values_list("name", flat=True))
    assert "Saint-Étienne" in names


def test_names_match_without_accents_or_hyphens() -> None:
    assert Commune.objects.matching("saint etienne").filter(code="42218").exists()
    assert Commune.objects.matching("VENISSIEUX").filter(code="69259").exists()


def test_loading_twice_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    before = (Commune.objects.count(), PostalCode.objects.count(), Epci.objects.count())
    call_command("geo", "load")
    assert (Commune.objects.count(), PostalCode.objects.count(), Epci.objects.count()) == before
    assert "communes" in capsys.readouterr().out


def test_missing_package_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("geo", "load", "--data-dir", str(tmp_path))


def _subset(shared: Path, out: Path, n: int) -> list[dict[str, str]]:
    with (shared / "communes.csv").open(encoding="utf-8") as handle:
        rows = [row for _, row in zip(range(n), csv.DictReader(handle), strict=False)]
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "lat", "lon", "canton"])
        for row in rows:
            writer.writerow([row["code"], row["lat"], row["lon"], row["canton"]])
    return rows


def test_centres_import_sets_points_and_cantons(shared_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    rows = _subset(shared_data, path, 300)
    call_command("geo", "centres", str(path))
    first = rows[0]
    commune = Commune.objects.get(code=first["code"])
    assert commune.lat == pytest.approx(float(first["lat"]))
    assert commune.canton == first["canton"]
    assert Commune.objects.located().filter(code__in=[r["code"] for r in rows]).count() >= 290


def test_full_shared_centres_file_imports(shared_data: Path) -> None:
    call_command("geo", "centres", str(shared_data / "communes.csv"))
    assert Commune.objects.located().count() > 34_000


def test_one_bad_row_rejects_the_whole_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "centres.csv"
    path.write_text("code,lat,lon\n69123,45.76,4.83\n69266,abc,4.89\n42218,4.38,45.43\n", encoding="utf-8")
    Commune.objects.filter(code="69123").update(lat=None, lon=None)
    with pytest.raises(CommandError, match="2 ligne"):
        call_command("geo", "centres", str(path))
    err = capsys.readouterr().err
    assert "ligne 3, colonne lat : « abc » n'est pas un nombre." in err
    assert "ligne 4, colonne lat, lon : Ces coordonnées sont hors de France" in err
    assert not Commune.objects.filter(code="69123", lat__isnull=False).exists()


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text("code,latitude\n69123,45.7\n", encoding="utf-8")
    with pytest.raises(CommandError, match="colonnes manquantes : lat, lon"):
        call_command("geo", "centres", str(path))


def test_rows_without_any_coordinate_are_skipped_not_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "centres.csv"
    path.write_text("code,lat,lon\n69123,45.76,4.83\n15031,,\n", encoding="utf-8")
    call_command("geo", "centres", str(path))
    assert "1 commune(s) sans coordonnées" in capsys.readouterr().out
    assert Commune.objects.get(code="69123").has_centre
    assert not Commune.objects.get(code="15031").has_centre


def test_insee_code_is_used_when_no_postcode_matches() -> None:
    assert list(Commune.objects.matching("2A004").values_list("name", flat=True)) == ["Ajaccio"]
