"""The activity report's « Attente à l'accueil » section (page, CSV, XLSX), masked under 5 visits for
partners, and the « L'attente » family of the network indicators."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from maillage.factories import PlaceFactory, sign_in
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.indicators import Scope as IndicatorScope
from maillage.reports.indicators import compute_indicators
from maillage.reports.masking import MASK
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tables import Percent, tables
from maillage.tickets.tests.helpers import at, served

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 2)


def _morning(cast: Any, waits: list[int], *, partner: Any = None) -> None:
    for i, wait in enumerate(waits):
        served(cast.place_a, cast.mediator_a, arrived=at(MONDAY, 9, i), wait=wait, service=10, partner=partner)


def _table(report: Any, key: str) -> Any:
    return next(t for t in tables(report) if t.key == key)


def _report(cast: Any, **kwargs: Any) -> Any:
    return build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2026-11"), **kwargs)


def test_the_report_shows_waits_with_the_visit_definition(cast: Any) -> None:
    _morning(cast, [5, 10, 30, 45])  # median (10 + 30) / 2 = 20; nearest rank ceil(3.6) = 4 → 45; 2 ≤ 20 min
    report = _report(cast)
    assert _table(report, "waiting_total").rows == [["Ensemble", 4, 20.0, 45.0, 2, Percent(0.5)]]
    assert _table(report, "waiting_weekday").rows[0][:2] == ["Lundi", 4]
    definitions = dict(_table(report, "waiting_definitions").rows)
    assert "absents à l'appel" in str(definitions["Passage"])


def test_the_csv_xlsx_and_pdf_exports_carry_the_waiting_tables(cast: Any) -> None:
    _morning(cast, [5, 10, 30, 45])
    report = _report(cast)
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    start = rows.index(["Attente à l'accueil, ensemble"])
    assert rows[start + 2][:3] == ["Ensemble", "4", "20,0"]
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    found = [row for sheet in book for row in sheet.iter_rows(values_only=True) if row and row[0] == "9 h – 10 h"]
    assert found
    assert found[0][1] == 4
    pdf = PdfReader(io.BytesIO(render(report, "pdf")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Attente à l'accueil par heure d'arrivée" in text


def test_a_partner_sees_places_under_5_visits_masked(cast: Any) -> None:
    _morning(cast, [5, 10, 30, 45, 50, 15], partner=cast.partner)
    report = _report(cast, partner=cast.partner, masked=True)
    assert _table(report, "waiting_total").rows[0][1] == 6
    small = PlaceFactory(structure=cast.structure_a, name="Petite permanence")
    for minute in (1, 2):
        served(small, cast.mediator_a, arrived=at(MONDAY, 11, minute), wait=3, service=5, partner=cast.partner)
    report = _report(cast, partner=cast.partner, masked=True)
    rows = {row[0]: row for row in _table(report, "waiting_place").rows}
    assert rows["Petite permanence"][1] == MASK
    assert rows["Lieu A"][1] == MASK  # secondary suppression: the total would give the small place away
    assert _table(report, "waiting_total").rows[0][1] == 8


def test_no_ticket_no_section(cast: Any) -> None:
    report = _report(cast)
    assert report.waiting is None
    assert not [t for t in tables(report) if t.key.startswith("waiting_")]


def test_the_report_page_shows_the_section(cast: Any) -> None:
    _morning(cast, [5, 25])
    client = Client()
    sign_in(client, cast.manager_a)
    page = html.unescape(
        client.get(
            reverse("reports:report"), {"scope": f"structure:{cast.structure_a.uuid}", "period": "2026-11"}
        ).content.decode()
    )
    assert "Attente à l'accueil par lieu" in page
    assert "absents à l'appel" in page


def test_the_indicators_have_a_waiting_family(cast: Any) -> None:
    _morning(cast, [5, 10, 30, 45])
    scope = IndicatorScope("structure", str(cast.structure_a.uuid), "Structure A", frozenset({cast.structure_a.pk}))
    result = compute_indicators(scope, parse_period("2026-11"), 10)
    family = next(f for f in result.families if f.code == "waiting")
    items = {i.code: i for i in family.indicators}
    assert items["waiting_within_20"].value == 50.0
    assert (items["waiting_median"].value, items["waiting_p90"].value) == (20.0, 45.0)
    assert items["waiting_visits"].numerator == 4
    assert items["waiting_visits"].previous_numerator == 0
