"""The report as a PDF: one lean print template, WeasyPrint, charts as SVG.

WeasyPrint's time follows the number of boxes it lays out, so the template keeps them few: no
site stylesheet (a small print one inline), tables of more than `LONG` rows (the places and
structures of a large network) in a compact, fixed layout (column widths from the header, no
measuring of every cell, no cell borders to collapse), table bodies written here rather than by
template loops, and bar charts written as plain SVG (`charts.bar_svg`). The PDF is tagged
(structure for screen readers), titled and in French.
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from maillage.reports.compute import Report
from maillage.reports.tables import Table, heading, tables

LONG = 30  # rows from which a table is set compact, in a fixed layout
TEMPLATE = "reports/report_pdf.html"


def _shown(table: Table) -> list[int]:
    """The columns printed: a breakdown's code column (second of nine) is left to the spreadsheets."""
    return [i for i in range(len(table.header)) if not (i == 1 and len(table.header) >= 9)]


def _body(table: Table, columns: list[int]) -> SafeString:
    from maillage.reports.exports import french_number

    lines = []
    for row in table.rows:
        cells = "".join(f"<td>{escape(french_number(row[i])) or '—'}</td>" for i in columns)
        lines.append(f"<tr>{cells}</tr>")
    return mark_safe("\n".join(lines))  # every value escaped above


def _chart(table: Table) -> str | None:
    from maillage.reports.charts import bar_svg

    if not (table.chart and table.rows):
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(bar_svg(table).encode()).decode()


def _section(table: Table) -> dict[str, Any]:
    columns = _shown(table)
    return {
        "table": table,
        "header": [table.header[i] for i in columns],
        "body": _body(table, columns) if table.rows else "",
        "compact": len(table.rows) > LONG,
        "chart": _chart(table),
    }


def render_html(report: Report) -> str:
    sections = [_section(table) for table in tables(report)]
    context = {"report": report, "heading": heading(report), "sections": sections, "printed": timezone.localtime()}
    return render_to_string(TEMPLATE, context)


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported on use: slow to load, and only PDFs need it

    from maillage.counter.attestation import local_only_fetcher

    document = HTML(string=render_html(report), base_url=None, url_fetcher=local_only_fetcher())
    pdf = document.write_pdf(pdf_tags=True)
    assert pdf is not None
    return pdf
