"""Published places become data·inclusion v1 structures and services that the package validates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command

from maillage.exchange.datainclusion import build, published_places
from maillage.exchange.tests.datainclusion_checks import assert_valid
from maillage.factories import NetworkFactory, PlaceFactory, StructureFactory
from maillage.network import enums
from maillage.network.models import Place

pytestmark = pytest.mark.django_db

BASE = "https://maillage.example.org"


def _by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def test_every_demo_place_is_exported_and_every_row_validates(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    capsys.readouterr()
    places = list(published_places())
    export = build(places, base_url=BASE)
    assert export.left_out == []
    assert len(export.structures) == Place.objects.filter(is_published=True).count() == len(places)
    assert len(export.services) == sum(len(place.services) for place in places)
    assert_valid(export.structures, export.services)
    networks = {network for row in export.structures for network in row["reseaux_porteurs"] or []}
    assert {"pimms-mediation", "france-service"} <= networks


def test_place_with_every_field_filled_keeps_each_value() -> None:
    network = NetworkFactory(kind=enums.NetworkKind.PIMMS_UNION)
    structure = StructureFactory(network=network, website="https://pimms.example.org")
    place = PlaceFactory(
        structure=structure,
        name="PIMMS Villeurbanne Gratte-Ciel.",
        address_complement="Bâtiment B",
        phone="+33478000000",
        emails="accueil@pimms.example.org, autre@pimms.example.org",
        website="https://villeurbanne.pimms.example.org",
        appointment_url="https://rdv.example.org/pimms",
        accessibility_url="https://acceslibre.beta.gouv.fr/app/69-villeurbanne/a/mairie/erp/pimms/",
        summary="Accueil gratuit.",
        description="Aide aux démarches en ligne (CAF, impôts, santé) et prise en main de l'ordinateur.",
        services=list(enums.Service),
        publics=[enums.Public.YOUTH, enums.Public.SENIORS],
        specific_support=[enums.SpecificSupport.DEAFNESS],
        fees=[enums.Fees.FREE, enums.Fees.FREE_UNDER_CONDITION],
        programmes=[enums.NationalProgramme.FRANCE_SERVICES, enums.NationalProgramme.DIGITAL_ADVISERS],
        access_modes=[enums.AccessMode.WALK_IN, enums.AccessMode.PHONE, enums.AccessMode.ONLINE_APPOINTMENT],
        support_modes=[enums.SupportMode.INDIVIDUAL, enums.SupportMode.REMOTE],
        updated_on=dt.date(2025, 3, 14),
    )
    export = build(published_places(), base_url=BASE)
    assert export.left_out == []
    assert_valid(export.structures, export.services)
    [row] = export.structures
    assert row["id"] == f"maillage--{place.uuid}"
    assert row["nom"] == "PIMMS Villeurbanne Gratte-Ciel"  # the schema warns about a final period
    assert row["siret"] == structure.pivot
    assert row["date_maj"] == "2025-03-14"
    assert row["code_insee"] == "69266"
    assert row["code_postal"] == "69100"
    assert row["courriel"] == "accueil@pimms.example.org"
    assert row["site_web"] == "https://villeurbanne.pimms.example.org"
    assert row["horaires_accueil"] == "Mo-Fr 09:00-12:00,13:30-17:00; PH off"
    assert row["lien_source"] == f"{BASE}/lieux/{place.uuid}/"
    assert row["reseaux_porteurs"] == ["conseillers-numeriques", "france-service", "pimms-mediation"]
    services = _by_id(export.services)
    assert len(services) == len(enums.Service)
    admin = services[f"maillage--{place.uuid}--admin_procedures"]
    assert admin["nom"] == "Aide aux démarches administratives"
    assert admin["description"] == place.description
    assert "numerique--acceder-a-des-services-en-ligne" in admin["thematiques"]
    assert admin["publics"] == ["jeunes", "seniors"]
    assert admin["publics_precisions"] == "Prise en charge spécifique : Surdité."
    assert (admin["frais"], admin["frais_precisions"]) == ("payant", "Gratuit, Gratuit sous condition")
    assert admin["modes_accueil"] == ["a-distance", "en-presentiel"]
    assert admin["modes_mobilisation"] == ["se-presenter", "telephoner", "utiliser-lien-mobilisation"]
    assert admin["mobilisable_par"] == ["usagers"]
    assert admin["lien_mobilisation"] == "https://rdv.example.org/pimms"
    assert services[f"maillage--{place.uuid}--solidarity_equipment"]["type"] == "aide-materielle"


def test_place_with_only_the_minimum_validates() -> None:
    structure = StructureFactory(pivot="W123456789", network=None)
    place = PlaceFactory(structure=structure, name="EPN", opening_hours="", lat=None, lon=None, summary="Accueil")
    export = build(published_places())
    assert export.left_out == []
    assert_valid(export.structures, export.services)
    [row] = export.structures
    assert (row["siret"], row["reseaux_porteurs"], row["lien_source"], row["horaires_accueil"]) == (
        None,
        None,
        None,
        None,
    )
    [service] = export.services
    assert service["id"] == f"maillage--{place.uuid}--admin_procedures"
    assert service["description"] == "Accueil"
    assert service["publics"] == ["tous-publics"]
    assert service["modes_accueil"] == ["en-presentiel"]
    assert (service["frais"], service["modes_mobilisation"], service["mobilisable_par"]) == (None, None, None)


def test_unpublished_places_are_not_exported() -> None:
    PlaceFactory(name="Lieu caché", summary="Accueil sur rendez-vous", is_published=False)
    shown = PlaceFactory(name="Lieu ouvert", summary="Accueil sans rendez-vous")
    export = build(published_places())
    assert [row["nom"] for row in export.structures] == ["Lieu ouvert"]
    assert {row["structure_id"] for row in export.services} == {f"maillage--{shown.uuid}"}


def test_place_without_presentation_keeps_its_structure_and_says_why_its_services_are_left_out() -> None:
    PlaceFactory(name="Lieu muet", summary="", description="")
    export = build(published_places())
    assert [row["nom"] for row in export.structures] == ["Lieu muet"]
    assert export.services == []
    assert export.left_out == [
        "Lieu muet : services non publiés, présentation du lieu absente (au moins 5 caractères)."
    ]


def test_name_the_schema_refuses_is_left_out_with_a_french_reason() -> None:
    PlaceFactory(name="AB", summary="Accueil sans rendez-vous")
    export = build(published_places())
    assert export.structures == export.services == []
    assert export.left_out == ["AB : nom de 2 caractère(s), 3 à 150 attendus."]


def test_hours_not_in_osm_syntax_are_left_blank_not_exported() -> None:
    PlaceFactory(summary="Accueil sans rendez-vous", opening_hours="lundi 9h-12h")
    export = build(published_places())
    assert_valid(export.structures, export.services)
    assert export.structures[0]["horaires_accueil"] is None
    assert export.services[0]["horaires_accueil"] is None


def test_text_is_kept_as_written_and_still_validates() -> None:
    PlaceFactory(name='=HYPERLINK("http://x")', summary="@SUM(1+1) accueil", address="+1 rue du piège")
    export = build(published_places())
    assert_valid(export.structures, export.services)
    [row] = export.structures
    assert (row["nom"], row["description"], row["adresse"]) == (
        '=HYPERLINK("http://x")',
        "@SUM(1+1) accueil",
        "+1 rue du piège",
    )


def test_no_staff_contact_is_exported(cast: Any) -> None:
    cast.structure_a.email = "direction.personnelle@example.org"
    cast.structure_a.save()
    Place.objects.update(summary="Accueil sans rendez-vous")
    export = build(published_places())
    text = repr(export.structures) + repr(export.services)
    assert "direction.personnelle@example.org" not in text
    for user in (cast.manager_a, cast.mediator_a, cast.coordinator_a):
        assert user.email not in text
