"""Spreadsheet cells that never run as formulas: the one way Maillage writes CSV and XLSX files.

A structure, place or partner named `=HYPERLINK(...)` or `@SUM(1+1)*cmd|' /C calc'!A0` must reach
a spreadsheet as text. CSV cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return get
a leading single quote (the OWASP advice); XLSX cells holding text are always text cells, marked
"quote prefix" when they start with one of those characters, so Excel keeps them as text on edit.
Numbers, dates and empty cells are untouched; a negative number we formatted ourselves
("-12,5 %") cannot be a formula and keeps its sign, nor can an international phone number
("+33478000000", only digits: the national places standard requires that form).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # openpyxl is loaded by the code that builds a workbook, not by every CSV export
    from openpyxl.cell.cell import Cell as XlsxCell
    from openpyxl.worksheet.worksheet import Worksheet

CellValue = str | int | float | Decimal | dt.date | dt.datetime | dt.time | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# "-12", "-12,5", "-1 234,5 %" (narrow or non-breaking spaces between thousands): a number, not a formula.
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:[\u202f\u00a0]\d{3})*(?:[.,]\d+)?(?:[ \u202f\u00a0]?[%€])?")
_PHONE_NUMBER = re.compile(r"\+[0-9]{6,15}")


def restore(text: str) -> str:
    """The text `neutralise` was given: a CSV cell read back loses the quote written before a formula start."""
    return text[1:] if text.startswith("'") and is_dangerous(text[1:]) else text


class _TextStream(Protocol):
    def write(self, text: str, /) -> Any: ...


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet could read this text as the start of a formula."""
    return text.startswith(FORMULA_STARTS) and not (_NEGATIVE_NUMBER.fullmatch(text) or _PHONE_NUMBER.fullmatch(text))


def neutralise(value: CellValue) -> CellValue:
    """The value a CSV cell may hold: text that could start a formula gets a leading quote."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


class CsvWriter:
    """`csv.writer` with every text cell neutralised; `;` and CRLF as French spreadsheets expect."""

    def __init__(self, stream: _TextStream, *, delimiter: str = ";") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")

    def writerow(self, row: Iterable[CellValue]) -> None:
        self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[CellValue]]) -> None:
        for row in rows:
            self.writerow(row)


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str, /) -> int:
        self.parts.append(text)
        return len(text)


def csv_text(rows: Iterable[Sequence[CellValue]], *, delimiter: str = ";") -> str:
    """A whole CSV document, with the UTF-8 byte order mark French Excel needs to read accents."""
    buffer = _Buffer()
    CsvWriter(buffer, delimiter=delimiter).writerows(rows)
    return "\ufeff" + "".join(buffer.parts)


def write_cell(sheet: Worksheet, row: int, column: int, value: CellValue) -> XlsxCell:
    """Put a value in an XLSX cell; text stays text (openpyxl would turn `=...` into a formula)."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never "f" (formula) nor "e" (error code such as "#N/A") from our text
        if is_dangerous(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell
