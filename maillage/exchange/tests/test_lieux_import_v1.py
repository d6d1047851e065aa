"""Files of the national standard v1 (CSV and JSON) and bad input: refused whole or row by row, in French."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection

from maillage.exchange.lieux_import import ImportRefused, import_lieux
from maillage.factories import StructureFactory
from maillage.network import enums
from maillage.network.models import Place, Structure
from maillage.tests.shared_files import require_shared

pytestmark = pytest.mark.django_db

EXAMPLE = "domain/schemas/lieux-mediation-numerique.exemple-valide.csv"
ROW = {
    "id": "lieu-1",
    "pivot": "00000000000000",
    "nom": "Espace numérique du Bourg",
    "commune": "Vénissieux",
    "code_postal": "69200",
    "code_insee": "69259",
    "adresse": "5 avenue Marcel Houël",
    "latitude": "45.6975",
    "longitude": "4.8864",
    "horaires": "Mo-Fr 09:00-12:00",
    "source": "Réseau régional",
    "date_maj": "2024-05-02",
    "services": "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien",
    "frais_a_charge": "Gratuit",
    "itinerance": "Fixe",
}


def csv_bytes(*rows: dict[str, str], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ROW), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def test_the_official_example_file_is_imported_whole():
    path = require_shared(EXAMPLE) / EXAMPLE
    report = import_lieux(path.read_bytes(), path.name)
    assert (report.created, report.rejected) == (1, [])
    place = Place.objects.get(external_id="structure-1", source="Hubik")
    assert (place.name, place.commune_id, place.postcode) == ("Anonymal", "51454", "51100")
    assert place.structure.pivot == "43493312300029"
    assert place.structure.name == "SIRET de la ville pour une bibliothèque."
    assert place.mobility == enums.Mobility.ITINERANT
    assert set(place.access_modes) == {enums.AccessMode.WALK_IN, enums.AccessMode.PHONE}
    assert set(place.specific_support) == {"deafness", "illiteracy", "english"}
    assert place.labels == "Formé à « Mon Espace Santé »|Arnia/MedNum BFC (Bourgogne-Franche-Comté)"
    assert place.other_labels == "Label et la bête"
    assert place.website == "https://www.laquincaillerie.tl/"
    assert place.emails == "contact@laquincaillerie.tl, responsable@laquincaillerie.tl"
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"


def test_a_v1_json_list_is_imported_with_lists_or_pipe_texts():
    data = json.dumps([ROW | {"services": ["Aide aux démarches administratives"], "latitude": 45.6975}]).encode()
    report = import_lieux(data, "lieux.json")
    assert report.created == 1
    place = Place.objects.get(external_id="lieu-1")
    assert place.services == [enums.Service.ADMIN_PROCEDURES]
    assert place.fees == [enums.Fees.FREE]
    assert place.structure.name == "Réseau régional"


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-16", ","), ("latin-1", ";"), ("cp1252", "\t"), ("utf-8", ";")],
)
def test_common_encodings_and_delimiters_are_read(encoding, delimiter):
    report = import_lieux(csv_bytes(ROW, delimiter=delimiter, encoding=encoding), "lieux.csv")
    assert report.created == 1
    assert Place.objects.get().name == "Espace numérique du Bourg"
    assert Place.objects.get().address == "5 avenue Marcel Houël"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"lieux": []}', "lieux.json : le JSON doit être une liste de lieux ([{...}, {...}]), pas un objet."),
        (b"[1, 2]", "lieux.json : le JSON ne contient aucun lieu (objets JSON attendus)."),
        (b"[{", "lieux.json : JSON illisible (ligne 1, colonne 3)."),
        (b"", "lieux.json est vide."),
        (b"nom,ville\nA,B\n", "lieux.json : colonnes manquantes : id, adresse, code_postal"),
        (bytes(range(256)) * 4, "n'est pas un fichier texte"),
    ],
)
def test_a_file_that_is_not_a_list_of_places_is_refused_whole(data, message):
    with pytest.raises(ImportRefused) as refused:
        import_lieux(data, "lieux.json")
    assert message in str(refused.value)
    assert Place.objects.count() == 0


def test_with_a_structure_every_place_goes_there_and_places_of_other_structures_are_not_taken():
    mine, other = StructureFactory(), StructureFactory()
    data = csv_bytes(ROW, ROW | {"id": "lieu-2", "pivot": "43493312300029"})
    assert import_lieux(data, "lieux.csv", structure=mine).created == 2
    assert set(Place.objects.values_list("structure", flat=True)) == {mine.pk}
    report = import_lieux(data, "lieux.csv", structure=other)
    assert report.imported == 0
    assert next(str(issue) for issue in report.rejected).startswith(
        "ligne 2, champ id : ce lieu est déjà rattaché à une autre structure"
    )
    assert Structure.objects.filter(pivot="43493312300029").count() == 0


def test_an_existing_place_is_found_by_siret_and_address_when_its_id_is_unknown():
    structure = StructureFactory(pivot="43493312300029")
    data = csv_bytes(ROW | {"pivot": "43493312300029"})
    import_lieux(data, "lieux.csv")
    Place.objects.update(source="", external_id="")
    report = import_lieux(csv_bytes(ROW | {"pivot": "43493312300029", "nom": "Nouveau nom"}), "lieux.csv")
    assert (report.created, report.updated) == (0, 1)
    place = Place.objects.get()
    assert (place.name, place.structure, place.external_id) == ("Nouveau nom", structure, "lieu-1")


def test_a_batch_the_database_refuses_is_written_again_row_by_row():
    # A real refusal by the database, on each engine: a trigger on the places table.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_place() RETURNS trigger AS $$ BEGIN "
                "IF NEW.name = 'Refusé' THEN RAISE EXCEPTION 'refusé'; END IF; RETURN NEW; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_place BEFORE INSERT ON network_place "
                "FOR EACH ROW EXECUTE FUNCTION refuse_place()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_place BEFORE INSERT ON network_place WHEN NEW.name = 'Refusé' "
                "BEGIN SELECT RAISE(ABORT, 'refusé'); END"
            )
    rows = [ROW | {"id": f"lieu-{n}", "nom": "Refusé" if n == 2 else f"Lieu {n}"} for n in range(1, 6)]
    report = import_lieux(csv_bytes(*rows), "lieux.csv", batch_size=3)
    assert report.created == 4
    assert [(issue.position, issue.reason[:26]) for issue in report.rejected] == [(3, "refusé par la base de donn")]
    assert sorted(Place.objects.values_list("name", flat=True)) == ["Lieu 1", "Lieu 3", "Lieu 4", "Lieu 5"]
