"""A data·inclusion row the schema refuses for a reason not checked beforehand is reported in French."""

from __future__ import annotations

import pydantic
import pytest
from data_inclusion.schema.v1 import Structure as DiStructure

from maillage.exchange.datainclusion import build, gaps
from maillage.exchange.datainclusion_errors import french_reason
from maillage.factories import PlaceFactory
from maillage.network.models import Place

pytestmark = pytest.mark.django_db


def test_a_description_too_long_for_the_schema_is_left_out_with_a_french_reason() -> None:
    created = PlaceFactory(name="Espace numérique", description="Démarches et ateliers. " * 500)  # 11,500 characters
    place = Place.objects.get(pk=created.pk)

    export = build([place])

    assert export.structures == export.services == []
    assert export.left_out == [
        "Espace numérique : refusé par le schéma data·inclusion "
        "(description : 10000 caractères au plus (11499 saisis))."
    ]
    assert gaps(place) == [
        "Présentation détaillée : 10000 caractères au plus (11499 saisis), sinon le lieu est absent."
    ]


def test_pydantic_english_messages_become_french_reasons() -> None:
    row = {"source": "maillage", "id": "x", "nom": "Espace numérique", "date_maj": "hier", "courriel": "a@"}
    row.update({"site_web": "pas une adresse", "code_postal": "6910", "latitude": "nord"})
    with pytest.raises(pydantic.ValidationError) as refused:
        DiStructure.model_validate(row, context={"ignore_warnings": False})

    reasons = sorted(french_reason(error) for error in refused.value.errors())

    assert reasons == [
        "code_postal : 5 caractères au moins (4 saisis)",
        "courriel : « a@ » n'est pas une adresse de courriel valide",
        "date_maj : « hier » n'est pas une date valide (AAAA-MM-JJ)",
        "latitude : « nord » n'est pas un nombre",
        "site_web : « pas une adresse » n'est pas une adresse web valide",
    ]
