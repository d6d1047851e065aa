"""The activity report has a « Bons » section (page, CSV, XLSX); a partner sees only the vouchers it funds."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maillage.factories import AgreementFactory, sign_in
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.masking import MASK
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tables import tables
from maillage.reports.xlsx import workbook as xlsx_workbook
from maillage.vouchers.figures import vouchers_figures
from maillage.vouchers.models import Voucher
from maillage.vouchers.tests.helpers import issue, make_series

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _vouchers(cast: Any, series: Any, *, issued: int, redeemed: int) -> None:
    for n in range(issued):
        voucher = issue(series, cast.structure_a, cast.mediator_a)
        Voucher.objects.filter(pk=voucher.pk).update(issued_at=_at(dt.date(2026, 2, 1)))
        if n < redeemed:
            voucher.redeem(place=cast.place_a, redeemed_by=cast.mediator_a, when=_at(dt.date(2026, 3, 2)))


@pytest.fixture
def world(cast: Any) -> dict[str, Any]:
    start = dt.date(2026, 1, 1)
    caf = make_series(
        cast.structure_a,
        name="Pass CAF",
        funder_partner=cast.partner,
        funder_name="",
        face_value_cents=2000,
        valid_from=start,
    )
    rhone = make_series(cast.structure_a, name="Pass Rhône", face_value_cents=1000, valid_from=start)
    _vouchers(cast, caf, issued=7, redeemed=6)
    _vouchers(cast, rhone, issued=3, redeemed=2)
    return {"caf": caf, "rhone": rhone}


def _table(report: Any, key: str) -> Any:
    return next(t for t in tables(report) if t.key == key)


def test_the_figures_count_vouchers_issued_and_redeemed_by_funder_series_and_place(cast: Any, world: Any) -> None:
    figures = vouchers_figures(
        structure_ids=[cast.structure_a.pk], start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    assert (figures.total.issued, figures.total.issued_cents, figures.total.redeemed, figures.total.redeemed_cents) == (
        10,
        17000,
        8,
        14000,
    )
    by_funder = {row.label: (row.issued, row.redeemed, row.redeemed_cents) for row in figures.by_funder}
    assert by_funder == {cast.partner.name: (7, 6, 12000), "Département du Rhône": (3, 2, 2000)}
    assert [(row.label, row.redeemed) for row in figures.by_place] == [("Lieu A", 8)]
    march = vouchers_figures(structure_ids=[cast.structure_a.pk], start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    assert (march.total.issued, march.total.redeemed) == (0, 8)
    assert vouchers_figures(
        structure_ids=[cast.structure_b.pk], start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    ).empty


def test_the_report_and_its_exports_show_the_vouchers(cast: Any, world: Any) -> None:
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2026"))
    rows = {row[0]: row for row in _table(report, "vouchers_funder").rows}
    assert rows["Département du Rhône"][1:] == [3, Decimal("30"), 2, Decimal("20")]
    assert _table(report, "vouchers_total").rows == [["Ensemble", 10, Decimal("170"), 8, Decimal("140")]]
    assert "Bons par financeur" in render(report, "csv").decode("utf-8-sig")
    assert render(report, "pdf").startswith(b"%PDF")
    assert '"vouchers_series"' in render(report, "json").decode()
    book = load_workbook(io.BytesIO(xlsx_workbook(report)))
    assert any("Bons par financeur" in name for name in book.sheetnames)


def test_a_partner_report_shows_only_the_vouchers_it_funds_masked_under_5(cast: Any, world: Any) -> None:
    report = build_report(
        resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2026"), partner=cast.partner, masked=True
    )
    labels = [row[0] for row in _table(report, "vouchers_funder").rows]
    assert labels == [cast.partner.name]
    assert _table(report, "vouchers_total").rows[0][1:] == [7, Decimal("140"), 6, Decimal("120")]
    small = make_series(
        cast.structure_a,
        name="Pass CAF seniors",
        funder_partner=cast.partner,
        funder_name="",
        valid_from=dt.date(2026, 1, 1),
    )
    _vouchers(cast, small, issued=2, redeemed=1)
    report = build_report(
        resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2026"), partner=cast.partner, masked=True
    )
    rows = {row[0]: row for row in _table(report, "vouchers_series").rows}
    assert rows["Pass CAF seniors"][1:] == [MASK, None, MASK, None]
    assert rows["Pass CAF"][1:] == [MASK, None, MASK, None]  # secondary suppression: the total would tell


def test_no_vouchers_no_section(cast: Any) -> None:
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2026"))
    assert report.vouchers is None
    assert not [t for t in tables(report) if t.key.startswith("vouchers_")]


def test_the_report_page_shows_the_section(cast: Any, world: Any) -> None:
    client = Client()
    sign_in(client, cast.manager_a)
    page = client.get(
        reverse("reports:report"), {"scope": f"structure:{cast.structure_a.uuid}", "period": "2026"}
    ).content.decode()
    assert "Bons par financeur" in page
    assert "Pass Rhône" in page


def test_the_partner_viewer_page_shows_only_the_series_its_partner_funds(cast: Any, world: Any) -> None:
    AgreementFactory(structure=cast.structure_a, partner=cast.partner, start=dt.date(2026, 1, 1))
    client = Client()
    sign_in(client, cast.partner_viewer)
    response = client.get(
        reverse("reports:report"),
        {"scope": f"structure:{cast.structure_a.uuid}", "period": "2026", "partner": cast.partner.code},
    )
    page = response.content.decode()
    assert "Bons par financeur" in page
    assert "Pass CAF" in page
    assert "Pass Rhône" not in page
    assert "Département du Rhône" not in page
