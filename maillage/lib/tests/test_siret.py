"""SIRET checks: both keys (SIRET and SIREN) and La Poste's documented exception."""

from __future__ import annotations

from maillage.lib.identifiers import pivot_error


def test_la_poste_real_sirets_are_accepted_and_a_wrong_one_refused() -> None:
    assert pivot_error("35600000000048") is None  # La Poste, siège (an ordinary Luhn number)
    assert pivot_error("35600000049837") is None  # an establishment (sum-of-digits rule)
    error = pivot_error("35600000049838")
    assert error is not None
    assert "La Poste" in error


def test_siret_whose_siren_key_is_wrong_is_refused_even_when_its_own_key_is_right() -> None:
    # 732829321 is not a valid SIREN (the valid one is 732829320); the NIC 00015 makes the
    # 14 digits pass the Luhn check on their own.
    error = pivot_error("73282932100015")
    assert error is not None
    assert "SIREN" in error
    assert "clé de contrôle" in error
