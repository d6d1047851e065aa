"""The report as a workbook: a summary sheet, one sheet per table, native bar charts."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from maillage.lib.spreadsheet import write_cell
from maillage.reports.compute import Report
from maillage.reports.tables import Growth, Hours, Money, Percent, Points, Table, heading, tables

# The first matching kind gives the format: a Growth is a Percent shown with its sign.
FORMATS = {
    Growth: "+0.0 %;-0.0 %;0.0 %",
    Percent: "0.0 %",
    Points: '+0.0" pts";-0.0" pts";0.0" pts"',
    Hours: "#,##0.0",
    Money: '#,##0.00 "€"',
}


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip()
    base, n = name, 2
    while name in used:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _write(sheet, table: Table, first_row: int) -> int:
    write_cell(sheet, first_row, 1, table.title).font = Font(bold=True, size=12)
    for col, name in enumerate(table.header, start=1):
        cell = write_cell(sheet, first_row + 1, col, name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(table.rows, start=first_row + 2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, Percent | Points | Hours | Money):
                cell = write_cell(sheet, r, c, float(value))
                cell.number_format = next(f for kind, f in FORMATS.items() if isinstance(value, kind))
            else:
                write_cell(sheet, r, c, value)
    return first_row + 2 + len(table.rows)


def _chart(sheet, table: Table, header_row: int, last_row: int) -> None:
    if not table.rows:
        return
    chart = BarChart()
    chart.type = "bar" if table.key != "month" else "col"
    chart.title = f"Demandes — {table.title.lower()}"
    chart.y_axis.title = "Demandes"
    chart.legend = None
    data = Reference(sheet, min_col=3, min_row=header_row, max_row=last_row - 1)
    categories = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row - 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.height, chart.width = max(7.5, 0.5 * len(table.rows) + 3), 18
    sheet.add_chart(chart, f"{get_column_letter(len(table.header) + 2)}2")


def workbook(report: Report) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "Synthèse"
    used = {"Synthèse"}
    for r, (label, text) in enumerate(heading(report), start=1):
        write_cell(summary, r, 1, label).font = Font(bold=True)
        write_cell(summary, r, 2, text)
    all_tables = tables(report)
    _write(summary, all_tables[0], len(heading(report)) + 2)
    summary.column_dimensions["A"].width = 55
    summary.column_dimensions["B"].width = 22
    for table in all_tables[1:]:
        name = table.title.removeprefix("Par ")
        sheet = book.create_sheet(_sheet_name(name[:1].upper() + name[1:], used))
        last = _write(sheet, table, 1)
        sheet.column_dimensions["A"].width = 45
        if table.chart:
            _chart(sheet, table, 2, last)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
