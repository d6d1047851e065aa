"""An international phone number reaches a CSV as it is: digits only, it cannot run as a formula."""

from __future__ import annotations

import pytest

from maillage.lib.spreadsheet import neutralise


@pytest.mark.parametrize("phone", ["+33478000000", "+590690123456", "+41223456789"])
def test_an_international_phone_number_is_left_alone(phone: str) -> None:
    assert neutralise(phone) == phone


@pytest.mark.parametrize("text", ["+33+cmd|' /C calc'!A0", "+33 4 78 00 00 00", "+1", "+٣٣٤٧٨٠٠٠٠٠٠"])
def test_anything_else_starting_with_plus_is_still_quoted(text: str) -> None:
    assert neutralise(text) == "'" + text
