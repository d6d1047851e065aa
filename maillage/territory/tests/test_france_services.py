"""`maillage import france-services`: the national list loaded into places, with every bad row named."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maillage.factories import StructureFactory
from maillage.lib.opening_hours import PARIS, status_at
from maillage.network import enums
from maillage.network.models import Partner, Place
from maillage.territory.france_services import PARTNER_CODES, SOURCE, parse_day

pytestmark = pytest.mark.django_db

FILE_NAME = "france-services-2024-08-01.csv"
HEADER = [
    "id_fs", "insee_dep", "lib_fs", "adresse", "complement_adresse", "insee_com", "code_postal", "lib_com",
    "latitude", "longitude", "mail", "telephone", "h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi",
    "h_samedi", "prise_rdv", "commentaire", "type_fs", "format_fs", "groupe_fs", "labellisation_fs",
]  # fmt: skip
OFFICE = "09:00 - 12:00 / 13:30 - 17:00"
VALID = {
    "id_fs": "9001",
    "insee_dep": "69",
    "lib_fs": "France services de Vénissieux",
    "adresse": "5 Avenue Marcel Houël",
    "complement_adresse": "",
    "insee_com": "69259",
    "code_postal": "69200",
    "lib_com": "Vénissieux",
    "latitude": "45.6975",
    "longitude": "4.8864",
    "mail": "venissieux@france-services.gouv.fr",
    "telephone": "04 78 00 00 00",
    "h_lundi": OFFICE,
    "h_mardi": OFFICE,
    "h_mercredi": OFFICE,
    "h_jeudi": OFFICE,
    "h_vendredi": OFFICE,
    "h_samedi": "09:00 - 12:00",
    "prise_rdv": "Non",
    "commentaire": "",
    "type_fs": "Principal",
    "format_fs": "Fixe",
    "groupe_fs": "",
    "labellisation_fs": "Espace labellisé 01/01/2020",
}


@pytest.fixture
def structure():
    return StructureFactory(name="Réseau national France Services")


def write_csv(path: Path, *rows: dict[str, str], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        for number, row in enumerate(rows):
            writer.writerow({**VALID, "id_fs": str(9001 + number), **row})
    return path


def rows_with_former_communes(path: Path) -> set[str]:
    """The national list's rows whose commune has merged since (read from the file, not our code)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["id_fs"] for row in csv.DictReader(handle) if row["insee_com"] in {"49069", "93059"}}


def run_import(path: Path, structure) -> None:
    call_command("import", "france-services", str(path), "--structure", structure.pivot)


# --- The real national list -----------------------------------------------------------------------


def test_the_national_list_is_imported_then_reimported_without_duplicates(
    shared_data: Path, structure, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shared_data / FILE_NAME
    run_import(path, structure)
    out, err = capsys.readouterr()

    # 2,845 rows, all imported: three name communes merged since (Champtoceaux into Orée d'Anjou,
    # Pierrefitte-sur-Seine twice into Saint-Denis), placed in the commune holding them today.
    assert out.strip() == "2845 lieux créés, 0 mis à jour, 0 inchangé, 0 ligne rejetée."
    assert err == ""
    places = Place.objects.filter(source=SOURCE)
    assert places.count() == 2845
    assert places.filter(structure=structure).count() == 2845
    assert Place.partners.through.objects.filter(place__source=SOURCE).count() == 2845 * len(PARTNER_CODES)
    assert set(places.filter(external_id__in=rows_with_former_communes(path)).values_list("commune_id", flat=True)) == {
        "49126",
        "93066",
    }
    # Paris, Lyon and Marseille list their arrondissements: the places belong to the commune.
    assert places.get(external_id="76").commune_id == "13055"

    run_import(path, structure)
    assert capsys.readouterr().out.strip() == "0 lieu créé, 0 mis à jour, 2845 inchangés, 0 ligne rejetée."
    assert places.count() == 2845


def test_known_rows_of_the_national_list_are_converted_faithfully(shared_data: Path, structure) -> None:
    run_import(shared_data / FILE_NAME, structure)
    place = Place.objects.get(source=SOURCE, external_id="1")

    assert place.name == "France services de Valserhône"
    assert place.commune_id == "01033"
    assert place.postcode == "01200"
    assert place.address == "5-9 Rue des Papetiers"
    assert (place.lat, place.lon) == (pytest.approx(46.1060711578546), pytest.approx(5.8260084241619))
    assert place.phone == "+33450568749"
    assert place.emails == "franceservices@ccpb01.fr"
    assert place.mobility == enums.Mobility.FIXED
    assert place.programmes == ["france_services"]
    assert place.services == ["admin_procedures"]
    assert place.typology == ["RFS"]
    assert set(place.partners.values_list("code", flat=True)) == set(PARTNER_CODES)
    assert place.opening_hours == "Mo 13:30-17:00; Tu-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:00; PH off"
    # Tuesday 3 February 2026, 10:15: open until noon. Monday morning: closed until 13:30.
    tuesday = status_at(place.opening_hours, dt.datetime(2026, 2, 3, 10, 15, tzinfo=PARIS))
    assert tuesday is not None
    assert tuesday.is_open
    assert tuesday.next_change == dt.datetime(2026, 2, 3, 12, 0, tzinfo=PARIS)
    monday = status_at(place.opening_hours, dt.datetime(2026, 2, 2, 10, 0, tzinfo=PARIS))
    assert monday is not None
    assert not monday.is_open
    assert monday.next_change == dt.datetime(2026, 2, 2, 13, 30, tzinfo=PARIS)
    # Easter Monday 2026 is a public holiday.
    holiday = status_at(place.opening_hours, dt.datetime(2026, 4, 6, 15, 0, tzinfo=PARIS))
    assert holiday is not None
    assert not holiday.is_open

    places = Place.objects.filter(source=SOURCE)
    # Saint-Agrève: "00:00 - 00:00 / 09:00 - 12:00" on Wednesday is a morning.
    assert places.get(external_id="29").opening_hours == (
        "Mo,Fr 08:30-12:00,13:30-16:30; Tu,Th 08:30-12:30,13:30-16:30; We 09:00-12:00; PH off"
    )
    # The Vierzon bus: its Friday lists 10:30 - 11:30 and 10:30 - 12:00.
    bus = places.get(external_id="1892")
    assert bus.mobility == enums.Mobility.ITINERANT
    assert "Fr 08:45-10:15,10:30-12:00,13:30-14:30,15:00-16:15" in bus.opening_hours


# --- Rules, on small files ------------------------------------------------------------------------


def test_hours_text_of_the_national_list() -> None:
    assert parse_day("") == ()
    assert parse_day("00:00 - 00:00") == ()
    assert parse_day("13:30 - 17:00 / 9:00 - 12:00") == ((dt.time(9), dt.time(12)), (dt.time(13, 30), dt.time(17)))
    assert parse_day("09:00 - 12:00 / 09:00 - 16:30") == ((dt.time(9), dt.time(16, 30)),)
    with pytest.raises(ValueError, match="horaires illisibles « 9h-12h »"):
        parse_day("9h-12h")
    with pytest.raises(ValueError, match="horaires illisibles"):
        parse_day("25:00 - 26:00")
    with pytest.raises(ValueError, match="« 17:00 - 09:00 » se termine avant de commencer"):
        parse_day("17:00 - 09:00")


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"insee_com": "99999"}, "insee_com", "code commune « 99999 » inconnu de la géographie officielle"),
        ({"insee_com": "6925"}, "insee_com", "code commune « 6925 » invalide"),
        ({"latitude": ""}, "latitude", "coordonnée manquante."),
        ({"longitude": "4.88E"}, "longitude", "« 4.88E » n'est pas un nombre."),
        ({"latitude": "4.8864", "longitude": "45.6975"}, "latitude, longitude", "Ces coordonnées sont hors de France"),
        ({"h_mardi": "9h-12h"}, "h_mardi", "horaires illisibles « 9h-12h » : format attendu"),
        ({"code_postal": "6920"}, "code_postal", "code postal « 6920 » invalide"),
        ({"lib_fs": "  "}, "lib_fs", "valeur manquante."),
        ({"mail": "accueil@"}, "mail", "adresse « accueil@ » invalide."),
        ({"format_fs": "Virtuel"}, "format_fs", "format « Virtuel » inconnu"),
    ],
)
def test_a_bad_row_is_rejected_with_its_line_and_column(
    tmp_path: Path, structure, capsys: pytest.CaptureFixture[str], change: dict[str, str], column: str, reason: str
) -> None:
    path = write_csv(tmp_path / "fs.csv", {}, change, {})
    run_import(path, structure)
    out, err = capsys.readouterr()
    assert out.strip() == "2 lieux créés, 0 mis à jour, 0 inchangé, 1 ligne rejetée."
    assert err.startswith(f"fs.csv, ligne 3, colonne {column} : {reason}")
    assert len(err.splitlines()) == 1
    assert set(Place.objects.values_list("external_id", flat=True)) >= {"9001", "9003"}
    assert not Place.objects.filter(external_id="9002").exists()


def test_every_problem_of_a_row_is_listed(tmp_path: Path, structure, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "fs.csv", {}, {"latitude": "nord", "h_lundi": "9h-12h", "h_jeudi": "matin"})
    run_import(path, structure)
    assert [line.split(" : ")[0] for line in capsys.readouterr().err.splitlines()] == [
        "fs.csv, ligne 3, colonne h_jeudi",
        "fs.csv, ligne 3, colonne h_lundi",
        "fs.csv, ligne 3, colonne latitude",
    ]


def test_lines_are_counted_in_the_file_even_when_a_value_spans_several(
    tmp_path: Path, structure, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "fs.csv", {"commentaire": "Permanences :\n\nle mardi"}, {"insee_com": "99999"})
    run_import(path, structure)
    assert capsys.readouterr().err.startswith("fs.csv, ligne 5, colonne insee_com")


def test_a_row_with_too_few_fields_is_rejected(tmp_path: Path, structure, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "fs.csv", {})
    with path.open("a", encoding="utf-8") as handle:
        handle.write("9002,69,France services tronquée\n")
    run_import(path, structure)
    assert capsys.readouterr().err == "fs.csv, ligne 3 : 3 champs au lieu de 24.\n"
    assert Place.objects.filter(source=SOURCE).count() == 1


def test_a_duplicated_id_rejects_every_line_that_carries_it(
    tmp_path: Path, structure, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "fs.csv", {"id_fs": "12"}, {}, {"id_fs": "12", "lib_fs": "Autre nom"})
    run_import(path, structure)
    out, err = capsys.readouterr()
    assert out.strip() == "1 lieu créé, 0 mis à jour, 0 inchangé, 2 lignes rejetées."
    assert err.splitlines() == [
        f"fs.csv, ligne {line}, colonne id_fs : identifiant « 12 » présent plusieurs fois (lignes 2, 4)."
        for line in (2, 4)
    ]
    assert not Place.objects.filter(external_id="12").exists()


def test_a_second_import_updates_what_the_file_owns_and_keeps_local_additions(tmp_path: Path, structure) -> None:
    path = write_csv(tmp_path / "fs.csv", {})
    run_import(path, structure)
    place = Place.objects.get(source=SOURCE, external_id="9001")
    place.services = ["admin_procedures", "daily_digital_tools"]
    place.description = "Accueil sans rendez-vous le matin."
    place.save()
    other = StructureFactory(name="Centre social de Vénissieux")
    Place.objects.filter(pk=place.pk).update(structure=other)

    write_csv(path, {"h_samedi": "", "telephone": "0478111111", "format_fs": "Itinérante"})
    call_command("import", "france-services", str(path), "--structure", str(structure.uuid))

    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00,13:30-17:00; PH off"
    assert place.phone == "+33478111111"
    assert place.mobility == enums.Mobility.ITINERANT
    assert place.services == ["admin_procedures", "daily_digital_tools"]
    assert place.services_index == "|admin_procedures|daily_digital_tools|"
    assert place.description == "Accueil sans rendez-vous le matin."
    assert place.structure == other
    assert Place.objects.filter(source=SOURCE).count() == 1


def test_paris_arrondissements_and_overseas_numbers(tmp_path: Path, structure) -> None:
    path = write_csv(
        tmp_path / "fs.csv",
        {"insee_com": "75112", "code_postal": "75012", "latitude": "48.84", "longitude": "2.39"},
        {
            "insee_com": "97411",
            "code_postal": "97400",
            "latitude": "-20.88",
            "longitude": "55.45",
            "telephone": "02 62 00 00 00",
            "mail": "a@exemple.fr - b@exemple.fr",
        },
    )
    run_import(path, structure)
    paris = Place.objects.get(external_id="9001")
    assert paris.commune_id == "75056"
    reunion = Place.objects.get(external_id="9002")
    assert reunion.phone == "+262262000000"
    assert reunion.emails == "a@exemple.fr, b@exemple.fr"


# --- The whole file refused -----------------------------------------------------------------------


def test_missing_columns_refuse_the_file_and_write_nothing(tmp_path: Path, structure) -> None:
    path = write_csv(tmp_path / "fs.csv", {}, header=[c for c in HEADER if c not in {"latitude", "h_samedi"}])
    with pytest.raises(CommandError, match="colonnes manquantes : latitude, h_samedi") as error:
        run_import(path, structure)
    assert error.value.returncode == 2
    assert not Place.objects.exists()


def test_an_unreadable_file_is_refused(tmp_path: Path, structure) -> None:
    path = tmp_path / "fs.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(CommandError, match="n'est pas un fichier texte") as error:
        run_import(path, structure)
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match="Fichier introuvable") as error:
        run_import(tmp_path / "absent.csv", structure)
    assert error.value.returncode == 2


def test_the_receiving_structure_must_exist(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "fs.csv", {})
    with pytest.raises(CommandError, match="Structure introuvable : « 12345678901234 »") as error:
        call_command("import", "france-services", str(path), "--structure", "12345678901234")
    assert error.value.returncode == 2
    assert not Place.objects.exists()


def test_a_file_where_every_row_is_rejected_fails(
    tmp_path: Path, structure, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "fs.csv", {"insee_com": "99999"})
    with pytest.raises(CommandError, match="Aucune ligne importée") as error:
        run_import(path, structure)
    assert error.value.returncode == 1
    assert "ligne 2, colonne insee_com" in capsys.readouterr().err


def test_the_nine_partners_are_the_seeded_france_services_partners() -> None:
    assert set(Partner.objects.filter(france_services=True).values_list("code", flat=True)) == set(PARTNER_CODES)
