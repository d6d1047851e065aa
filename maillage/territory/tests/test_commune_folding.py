"""Communes are found by name typed with or without accents and ligatures; stored keys follow."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from maillage.territory.models import Commune, CommuneAlias

pytestmark = pytest.mark.django_db


def _codes(text: str) -> set[str]:
    return set(Commune.objects.matching(text).values_list("code", flat=True))


def test_names_typed_without_accents_or_ligatures_find_the_commune() -> None:
    for typed in ["Coeuvres", "coeuvres", "Cœuvres", "COEUVRES-ET-VALSERY"]:
        assert "02201" in _codes(typed), typed
    for typed in ["Saint-Etienne", "saint etienne", "Saint-Étienne"]:
        assert "42218" in _codes(typed), typed
    # Sœurdres, a commune déléguée of Chenillé-Champteussé, leads to its current commune.
    assert "49080" in _codes("Soeurdres")


def test_migration_recomputes_search_names_folded_the_old_way() -> None:
    refold = importlib.import_module("maillage.territory.migrations.0004_refold_search_names")
    Commune.objects.filter(code="02201").update(search_name="cuvres et valsery")  # as stored until now
    CommuneAlias.objects.filter(code="49335").update(search_name="surdres")
    refold.keep_ligatures(apps, None)
    assert Commune.objects.get(code="02201").search_name == "coeuvres et valsery"
    assert CommuneAlias.objects.get(code="49335").search_name == "soeurdres"
    assert "02201" in _codes("Coeuvres")
    refold.drop_ligatures(apps, None)
    assert Commune.objects.get(code="02201").search_name == "cuvres et valsery"
    refold.keep_ligatures(apps, None)
