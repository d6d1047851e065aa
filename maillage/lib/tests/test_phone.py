"""French phone numbers in international form."""

from __future__ import annotations

import pytest

from maillage.lib.phone import international_phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04 50 56 87 49", "+33450568749"),
        ("04.92.00.32.59", "+33492003259"),
        ("+33 1 40 00 00 00", "+33140000000"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("05 90 00 00 00", "+590590000000"),  # Guadeloupe
        ("06 94 00 00 00", "+594694000000"),  # Guyane
        ("05 96 00 00 00", "+596596000000"),  # Martinique
        ("02 62 00 00 00", "+262262000000"),  # La Réunion
        ("06 39 00 00 00", "+262639000000"),  # Mayotte
    ],
)
def test_french_numbers_are_written_in_international_form(text: str, expected: str) -> None:
    assert international_phone(text) == expected


@pytest.mark.parametrize("text", ["", "3939", "00 00 00 00 00", "04 50 56 87", "+44 20 7946 0000", "tél. mairie"])
def test_anything_else_is_not_guessed(text: str) -> None:
    assert international_phone(text) is None
