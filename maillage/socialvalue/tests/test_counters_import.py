"""Importing a file of a partner's counters: all or nothing, every rejected row with its French reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maillage.factories import commune, sign_in
from maillage.socialvalue.models import PartnerCounter

pytestmark = pytest.mark.django_db


def _post(cast: Any, text: str, encoding: str = "utf-8") -> Any:
    client = Client()
    sign_in(client, cast.coordinator_a)
    upload = SimpleUploadedFile("guichets.csv", text.encode(encoding), content_type="text/csv")
    return client.post(reverse("socialvalue:counters", args=[cast.network_a.uuid]), {"file": upload})


def test_counters_placed_by_coordinates_or_by_their_commune_centre(cast: Any) -> None:
    commune("69266", 45.7719, 4.8902)
    text = "partenaire;guichet;commune;latitude;longitude\ncaf;CAF Part-Dieu;;45,7605;4,8590\n"
    text += "caf;CAF Villeurbanne;69266;;\n"
    response = _post(cast, text, "cp1252")
    assert response.status_code == 302
    counters = {c.name: c for c in PartnerCounter.objects.filter(network=cast.network_a)}
    assert counters["CAF Part-Dieu"].lat == pytest.approx(45.7605)
    assert (counters["CAF Villeurbanne"].lat, counters["CAF Villeurbanne"].lon) == (45.7719, 4.8902)
    assert counters["CAF Villeurbanne"].imported_by == cast.coordinator_a
    from auditlog.models import LogEntry

    [entry] = LogEntry.objects.get_for_object(cast.network_a)
    assert entry.changes_dict == {"guichets caf": [0, 2]}
    assert entry.actor == cast.coordinator_a


def test_a_file_with_bad_rows_saves_nothing_and_lists_every_reason(cast: Any) -> None:
    PartnerCounter.objects.create(network=cast.network_a, partner=cast.partner, name="Ancien", lat=45.0, lon=4.0)
    text = (
        "partenaire,guichet,commune,latitude,longitude\n"
        "caf,CAF Lyon,,45.76,4.85\n"
        "inconnu,Guichet X,,45.7,4.8\n"
        "caf,,,45.7,4.8\n"
        "caf,Sans lieu,,,\n"
        "caf,Mauvais code,99999,,\n"
        "caf,Hors de France,,4.8,45.7\n"
        "caf,Mal écrit,,quarante-cinq,4.8\n"
    )
    response = _post(cast, text)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Import refusé : 6 lignes à corriger, aucun guichet enregistré." in page
    assert "Ligne 3 : partenaire « inconnu » inconnu" in page
    assert "Ligne 4 : nom du guichet manquant." in page
    assert "Ligne 5 : ni code INSEE de commune ni latitude/longitude" in page
    assert "Ligne 6 : code INSEE « 99999 » inconnu." in page
    assert "Ligne 7 : Ces coordonnées sont hors de France" in page
    assert "Ligne 8 : latitude et longitude doivent être deux nombres" in page
    assert list(PartnerCounter.objects.values_list("name", flat=True)) == ["Ancien"]


def test_a_file_without_the_expected_columns_is_refused(cast: Any) -> None:
    page = _post(cast, "nom;ville\nCAF;Lyon\n").content.decode()
    assert "Colonnes manquantes : partenaire, guichet, commune, latitude, longitude" in page
    assert not PartnerCounter.objects.exists()


def test_a_new_file_replaces_the_counters_of_its_partners_only(cast: Any) -> None:
    from maillage.factories import PartnerFactory

    cpam = PartnerFactory(code="cpam")
    PartnerCounter.objects.create(network=cast.network_a, partner=cpam, name="CPAM Lyon", lat=45.75, lon=4.85)
    PartnerCounter.objects.create(network=cast.network_a, partner=cast.partner, name="Ancien", lat=45.0, lon=4.0)
    assert _post(cast, "partenaire;guichet;commune;latitude;longitude\ncaf;CAF Lyon;;45,76;4,85\n").status_code == 302
    names = set(PartnerCounter.objects.values_list("name", flat=True))
    assert names == {"CPAM Lyon", "CAF Lyon"}
