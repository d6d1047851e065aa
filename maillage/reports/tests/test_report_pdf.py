"""The report's PDF: tagged for screen readers, titled, in French; its charts readable as text."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from maillage.reports import rollup
from maillage.reports.charts import TOP, bar_svg
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tables import Table, tables
from maillage.reports.tests.helpers import seed


@pytest.fixture
def report(cast: Any) -> Any:
    seed(cast, visits=30)
    rollup.refresh()
    return build_report(resolve_scope("network", str(cast.network_a.pk)), parse_period("2025"))


def test_report_pdf_is_tagged_titled_and_in_french(report: Any) -> None:
    reader = PdfReader(io.BytesIO(render(report, "pdf")))
    root: Any = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"], "tagged PDF"
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "fr"
    assert reader.metadata is not None
    assert reader.metadata.title == report.title


def test_chart_names_the_largest_cells_first_with_their_requests(report: Any) -> None:
    partners = next(t for t in tables(report) if t.key == "partner")
    assert partners.chart
    svg = bar_svg(partners)
    drawn = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    counted = sorted((r for r in partners.rows if isinstance(r[2], int)), key=lambda r: -int(r[2] or 0))[:TOP]
    assert drawn == [str(r[0]) for r in counted]
    assert f">{counted[0][2]:,}</text>".replace(",", "\u202f") in svg
    assert "<title>Demandes — par partenaire</title>" in svg


def test_chart_of_months_keeps_the_calendar_order() -> None:
    rows: list[list[Any]] = [
        [month, "", n] for month, n in [("janvier 2025", 3), ("février 2025", 9), ("mars 2025", 1)]
    ]
    svg = bar_svg(Table("month", "Par mois", ["Mois", "Code", "Demandes"], rows, chart=True))
    assert re.findall(r'text-anchor="end">([^<]+)</text>', svg) == ["janvier 2025", "février 2025", "mars 2025"]
