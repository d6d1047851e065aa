"""A regional file in the older v0 JSON layout imported into places, every odd value reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.exchange.lieux_import import import_lieux
from maillage.network import enums
from maillage.network.models import Place, Structure

pytestmark = pytest.mark.django_db

V0_FILE = Path(__file__).parent / "data" / "lieux-v0-region.json"
SOURCE = "Hub numérique Exemple"
S1 = "41234567010018"


def run(**kwargs):
    return import_lieux(V0_FILE.read_bytes(), V0_FILE.name, **kwargs)


def reasons(issues, position):
    return [str(issue) for issue in issues if issue.position == position]


def test_v0_places_are_created_published_and_complete_for_the_standard():
    report = run()
    assert report.created == 27
    assert report.updated == report.unchanged == 0
    lyon = Place.objects.get(source=SOURCE, external_id="hub-001")
    assert lyon.is_published
    assert (lyon.name, lyon.commune_id, lyon.postcode) == ("Espace numérique de Lyon", "69123", "69001")
    assert lyon.address == "1 rue de la République"
    assert lyon.address_complement == "Rez-de-chaussée, porte B"
    assert (lyon.lat, lyon.lon) == (45.767, 4.834)
    assert lyon.phone == "+33478000001"
    assert lyon.emails == "contact1@hub-exemple.fr"
    assert lyon.website == "https://hub-exemple.fr/lieu-1"
    assert lyon.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00"
    assert lyon.updated_on.isoformat() == "2023-03-01"
    assert lyon.typology == ["CCAS", "EPN"]
    assert lyon.structure.pivot == "52345678800026"


def test_v0_vocabularies_are_mapped_by_the_table():
    run()
    place = Place.objects.get(source=SOURCE, external_id="hub-003")
    assert set(place.services) == {
        enums.Service.ADMIN_PROCEDURES,
        enums.Service.DAILY_DIGITAL_TOOLS,
        enums.Service.INTERNET_ACCESS,
        enums.Service.PARENTING,
    }
    assert set(place.publics) == {enums.Public.SENIORS, enums.Public.YOUTH}
    assert set(place.specific_support) == {enums.SpecificSupport.DEAFNESS, enums.SpecificSupport.MENTAL_DISABILITY}
    assert place.fees == [enums.Fees.FREE, enums.Fees.FREE_UNDER_CONDITION]
    assert set(place.programmes) == {enums.NationalProgramme.DIGITAL_ADVISERS, enums.NationalProgramme.AIDANTS_CONNECT}
    assert place.other_labels == "APTIC"
    assert set(place.support_modes) == {"autonomous", "individual", "workshop"}
    four = Place.objects.get(source=SOURCE, external_id="hub-004")
    assert four.labels == "Fabriques de Territoire"
    assert four.other_labels == "SudLabs|Nièvre médiation numérique"
    assert set(four.programmes) == {"france_services", "caf_access_point"}


def test_places_without_siret_share_one_structure_named_after_the_source_reused_next_time():
    run()
    hub = Structure.objects.get(name=SOURCE)
    assert hub.pivot == ""
    assert set(hub.places.values_list("external_id", flat=True)) >= {"hub-020", "hub-025", "hub-040", "hub-045"}
    assert "hub-051" in set(hub.places.values_list("external_id", flat=True))  # SIRET with a wrong key
    report = run()
    assert report.created == 0
    assert report.new_structures == []
    assert Structure.objects.filter(name=SOURCE).count() == 1


def test_places_with_a_valid_siret_go_to_that_structure_created_once_from_the_parent_name():
    run()
    structure = Structure.objects.get(pivot=S1)
    assert structure.name == "Association Hub Exemple"
    assert structure.places.count() == 5  # hub-003, 006, 009, 012 and hub-041
    assert Structure.objects.filter(pivot__in=[S1, "52345678800026", "63456789500038"]).count() == 3


def test_odd_values_never_reject_the_place_but_each_is_reported():
    """Positions are the ranks of the elements in the JSON list (see the file)."""
    report = run()
    by_id = {p.external_id: p for p in Place.objects.filter(source=SOURCE)}
    assert by_id["hub-040"].opening_hours == ""
    assert any("horaires absents" in str(w) for w in report.warnings if w.position == 19)
    assert by_id["hub-041"].opening_hours == ""
    assert any("format OpenStreetMap" in str(w) for w in report.warnings if w.position == 20)
    assert by_id["hub-042"].services == [enums.Service.DAILY_DIGITAL_TOOLS]
    unknown = reasons(report.warnings, 21)
    for value in ("Réparer des vélos", "Martiens", "Label imaginaire", "Par pigeon voyageur", "XYZ", "Sur devis"):
        assert any(value in line for line in unknown), value
    assert (by_id["hub-043"].lat, by_id["hub-044"].lat) == (None, None)
    assert any("hors de France" in line for line in reasons(report.warnings, 23))
    assert by_id["hub-045"].name == '=HYPERLINK("http://exemple.invalid","Cliquez ici")'
    assert by_id["hub-045"].summary == "@SUM(1+1)"
    assert by_id["hub-046"].commune_id == "01033"  # a former commune's code leads to today's commune
    assert by_id["hub-047"].commune_id == "51454"
    damaged = by_id["hub-051"]
    assert (damaged.phone, damaged.emails, damaged.website) == ("", "", "")
    assert len(damaged.summary) <= 280
    assert damaged.summary.endswith("…")
    assert damaged.description.startswith("Un lieu ouvert à tous.")
    assert damaged.updated_on is not None
    assert len(reasons(report.warnings, 31)) >= 6


def test_rows_that_cannot_be_places_are_rejected_with_element_field_and_french_reason():
    report = run()
    lines = [str(issue) for issue in report.rejected]
    assert "élément 24, champ id : identifiant « hub-001 » déjà présent (élément 1)." in lines
    assert any(line.startswith("élément 28, champ code_insee : commune introuvable") for line in lines)
    assert "élément 29, champ nom : valeur manquante (champ obligatoire du standard)." in lines
    assert any(line.startswith("élément 30, champ code_postal : code postal « 6900 » invalide") for line in lines)
    assert len(report.rejected) == 4
    assert Place.objects.filter(name="Doublon de Lyon").count() == 0


def test_a_second_import_updates_and_never_duplicates():
    run()
    Place.objects.filter(source=SOURCE, external_id="hub-002").update(name="Renommé à la main")
    report = run()
    assert (report.created, report.updated, report.unchanged) == (0, 1, 26)
    assert Place.objects.filter(source=SOURCE).count() == 27
    assert Place.objects.get(source=SOURCE, external_id="hub-002").name == "Espace numérique de Vénissieux"


def test_a_dry_run_reports_the_same_plan_and_writes_nothing():
    places, structures = Place.objects.count(), Structure.objects.count()
    report = run(dry_run=True)
    assert (report.created, len(report.rejected)) == (27, 4)
    assert SOURCE + " (sans SIRET)" in report.new_structures
    assert report.summary().startswith("Simulation, rien n'a été enregistré : 27 lieu(x) seraient créé(s)")
    assert (Place.objects.count(), Structure.objects.count()) == (places, structures)
