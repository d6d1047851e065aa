"""Back-office import of places: upload, dry-run report, confirmation; who may import where."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maillage.exchange.models import PlaceImport
from maillage.factories import sign_in
from maillage.network.models import Place, Structure

pytestmark = pytest.mark.django_db

V0_FILE = Path(__file__).parent / "data" / "lieux-v0-region.json"
URL = reverse("exchange:place_import")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def upload(client: Client, structure=None, data: bytes | None = None):
    payload: dict[str, object] = {
        "file": SimpleUploadedFile(V0_FILE.name, data if data is not None else V0_FILE.read_bytes())
    }
    if structure is not None:
        payload["structure"] = str(structure.pk)
    return client.post(URL, payload)


def test_administrator_sees_the_dry_run_then_confirms_the_import(cast):
    client = client_for(cast.admin)
    places = Place.objects.count()
    response = upload(client)
    pending = PlaceImport.objects.get()
    assert response.url == reverse("exchange:place_import_review", args=[pending.uuid])
    page = client.get(response.url).content.decode()
    assert "Simulation, rien n&#x27;a été enregistré : 27 lieu(x) seraient créé(s)" in page
    assert "élément 29, champ nom : valeur manquante (champ obligatoire du standard)." in page
    assert "Confirmer l'import" in page
    assert Place.objects.count() == places
    stored = str(pending.file.name)
    assert stored.startswith("imports/")
    assert V0_FILE.name not in stored  # a random name in the storage
    with default_storage.open(stored) as handle:
        assert handle.read() == V0_FILE.read_bytes()
    done = client.post(reverse("exchange:place_import_confirm", args=[pending.uuid])).content.decode()
    assert "Import terminé" in done
    assert "27 lieu(x) ont été créé(s)" in done
    assert Place.objects.count() == places + 27
    pending.refresh_from_db()
    assert (pending.status, pending.file.name) == (PlaceImport.Status.DONE, "")
    assert not default_storage.exists(stored)  # the uploaded file is deleted once imported
    again = client.post(reverse("exchange:place_import_confirm", args=[pending.uuid]))
    assert again.status_code == 404


def test_coordinator_imports_into_a_structure_of_their_network_only(cast):
    client = client_for(cast.coordinator_a)
    response = upload(client, cast.structure_a)
    assert response.status_code == 302
    done = client.post(reverse("exchange:place_import_confirm", args=[PlaceImport.objects.get().uuid]))
    assert cast.structure_a.places.count() == 28  # Lieu A and the 27 imported
    # The report leads on: to the structure's places and to what is left to complete.
    assert reverse("network:structure", args=[cast.structure_a.uuid]) in done.content.decode()
    assert reverse("exchange:places_incomplete") in done.content.decode()
    refused = upload(client, cast.structure_b)
    assert refused.status_code == 200
    assert "Sélectionnez un choix valide" in refused.content.decode()
    without = upload(client)
    assert "Ce champ est obligatoire." in without.content.decode()
    assert cast.structure_b.places.count() == 1
    assert not Structure.objects.filter(name="Hub numérique Exemple").exists()


@pytest.mark.parametrize("who", ["mediator_a", "manager_a", "partner_viewer"])
def test_other_roles_cannot_import(cast, who):
    client = client_for(getattr(cast, who))
    assert client.get(URL).status_code == 403
    assert upload(client, cast.structure_a).status_code == 403
    assert PlaceImport.objects.count() == 0


def test_nobody_else_reviews_or_confirms_an_uploaded_file(cast):
    upload(client_for(cast.admin))
    pending = PlaceImport.objects.get()
    other = client_for(cast.coordinator_a)
    assert other.get(reverse("exchange:place_import_review", args=[pending.uuid])).status_code == 404
    assert other.post(reverse("exchange:place_import_confirm", args=[pending.uuid])).status_code == 404
    assert not Place.objects.filter(source="Hub numérique Exemple").exists()


def test_a_refused_file_is_shown_in_french_on_the_form_and_nothing_is_kept(cast):
    response = upload(client_for(cast.admin), data=b'{"lieux": []}')
    assert "le JSON doit être une liste de lieux" in response.content.decode()
    assert PlaceImport.objects.count() == 0
