"""Search folding keeps the letters of ligatures: œ, æ and ß are spelled out, not dropped."""

from __future__ import annotations

from maillage.lib.text import normalise_name


def test_ligatures_are_spelled_out_and_accents_dropped() -> None:
    assert normalise_name("Cœuvres-et-Valsery") == "coeuvres et valsery"
    assert normalise_name("CŒUVRES") == "coeuvres"
    assert normalise_name("Lætitia") == "laetitia"
    assert normalise_name("Straße") == "strasse"
    assert normalise_name(" Saint-Étienne ") == "saint etienne"
    assert normalise_name("L'Haÿ-les-Roses") == "l hay les roses"
