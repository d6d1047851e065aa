"""Every format carries the same totals, equal to the database counts; partners see "< 5" everywhere."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from maillage.reports import rollup
from maillage.reports.compute import build_report
from maillage.reports.exports import french_number, render
from maillage.reports.period import parse_period
from maillage.reports.scope import partner_scope, resolve_scope
from maillage.reports.tests.helpers import expected, in_year, seed


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for French Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _csv_value(rows: list[list[str]], section: str, label: str, column: int = 1) -> str:
    start = rows.index([section])
    for row in rows[start + 2 :]:
        if not row:
            break
        if row[0] == label:
            return row[column]
    raise AssertionError(f"{label} absent de {section}")


def _xlsx_value(content: bytes, sheet: str, label: str, column: int = 2) -> Any:
    book = load_workbook(io.BytesIO(content))
    for row in book[sheet].iter_rows(values_only=True):
        if row and row[0] == label:
            return row[column - 1]
    raise AssertionError(f"{label} absent de {sheet}")


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def yearly(cast: Any) -> Any:
    seed(cast)
    rollup.refresh()
    scope = resolve_scope("structure", str(cast.structure_a.pk))
    return build_report(scope, parse_period("2025"), budget=Decimal("10000"), key="time")


def test_every_format_gives_the_database_totals(cast: Any, yearly: Any) -> None:
    truth = expected(in_year(2025, structure=cast.structure_a))
    caf = in_year(2025, structure=cast.structure_a, partner=cast.partner).count()
    rows = _csv_rows(render(yearly, "csv"))
    assert int(_csv_value(rows, "Synthèse", "Demandes")) == truth["requests"]
    assert int(_csv_value(rows, "Synthèse", "Personnes accueillies (dossiers + passages anonymes)")) == truth["people"]
    caf_label = cast.partner.name
    assert int(_csv_value(rows, "Par partenaire", caf_label, 2)) == caf

    book = render(yearly, "xlsx")
    assert _xlsx_value(book, "Synthèse", "Demandes") == truth["requests"]
    assert _xlsx_value(book, "Synthèse", "Temps passé (heures)") == pytest.approx(truth["minutes"] / 60)
    assert _xlsx_value(book, "Partenaire", caf_label, 3) == caf
    assert load_workbook(io.BytesIO(book))["Partenaire"]._charts, "native chart in the breakdown sheet"

    data = json.loads(render(yearly, "json"))
    summary = next(t for t in data["tables"] if t["key"] == "summary")
    assert summary["rows"][0][:2] == ["Demandes", truth["requests"]]
    partners = next(t for t in data["tables"] if t["key"] == "partner")
    assert [r[2] for r in partners["rows"] if r[0] == caf_label] == [caf]

    text = _pdf_text(render(yearly, "pdf"))
    assert f"Demandes {french_number(truth['requests'])}" in text.replace("\u202f", " ").replace("  ", " ") or (
        french_number(truth["requests"]) in text
    )
    assert "Page 1 sur" in text
    assert french_number(truth["people"]) in text


def test_co_financing_shares_add_up_to_the_budget_in_every_format(yearly: Any) -> None:
    co = yearly.cofinancing
    assert sum(s.amount for s in co.shares) == Decimal("10000.00")
    minutes = {s.code: s.activity for s in co.shares}
    assert sum(minutes.values()) == yearly.totals.minutes
    rows = _csv_rows(render(yearly, "csv"))
    title = next(r[0] for r in rows if r and r[0].startswith("Co-financement"))
    assert _csv_value(rows, title, "Total", 3) == "10000,00"
    json_rows = next(t for t in json.loads(render(yearly, "json"))["tables"] if t["key"] == "cofinancing")["rows"]
    assert sum(Decimal(r[3]) for r in json_rows[:-1]) == Decimal("10000.00")


def test_partner_view_masks_small_cells_in_every_format(cast: Any) -> None:
    seed(cast, visits=40)
    period = parse_period("2025")
    report = build_report(partner_scope(cast.partner, period), period, partner=cast.partner, masked=True)
    masked = [c for b in report.breakdowns for c in b.cells if c.masked]
    assert masked, "the small data set must produce small cells"
    assert all(
        c.people < 5 or any(o.people < 5 for o in b.cells) for b in report.breakdowns for c in b.cells if c.masked
    )
    for breakdown in report.breakdowns:
        hidden = [c for c in breakdown.cells if c.masked]
        assert len(hidden) != 1 or len(breakdown.cells) == 1, f"{breakdown.key}: one lone masked cell"
    assert all(b.key != "partner" for b in report.breakdowns)
    breakdown = next(b for b in report.breakdowns if any(c.masked for c in b.cells))
    small = next(c for c in breakdown.cells if c.masked)
    csv_rows = _csv_rows(render(report, "csv"))
    assert _csv_value(csv_rows, breakdown.title, small.label, 2) == "< 5"
    sheet = breakdown.title.removeprefix("Par ")
    assert _xlsx_value(render(report, "xlsx"), sheet[:1].upper() + sheet[1:], small.label, 3) == "< 5"
    json_rows = next(t for t in json.loads(render(report, "json"))["tables"] if t["key"] == breakdown.key)["rows"]
    assert next(r for r in json_rows if r[0] == small.label)[2:4] == ["< 5", "< 5"]
    assert "< 5" in _pdf_text(render(report, "pdf"))
    assert "Structure B" not in csv_rows.__repr__()


def test_cli_writes_each_format_with_the_same_total(cast: Any, tmp_path: Path) -> None:
    seed(cast, visits=30)
    total = in_year(2025, structure__network=cast.network_a).count()
    for fmt in ("csv", "xlsx", "pdf", "json"):
        out = tmp_path / f"rapport.{fmt}"
        call_command(
            "report",
            "--scope",
            "network",
            "--id",
            str(cast.network_a.pk),
            "--period",
            "2025",
            "--format",
            fmt,
            "--out",
            str(out),
        )
        content = out.read_bytes()
        if fmt == "csv":
            assert int(_csv_value(_csv_rows(content), "Synthèse", "Demandes")) == total
        elif fmt == "xlsx":
            assert _xlsx_value(content, "Synthèse", "Demandes") == total
        elif fmt == "json":
            assert json.loads(content)["tables"][0]["rows"][0][1] == total
        else:
            assert french_number(total) in _pdf_text(content)
    assert not list(tmp_path.glob("*.partiel"))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--period", "2025-13"], "le mois doit être compris"),
        (["--period", "2025-06-30:2025-01-01"], "avant de commencer"),
        (["--period", "2025", "--partner", "inconnu"], "Partenaire « inconnu » inconnu"),
        (["--period", "2025", "--id", "999999"], "introuvable"),
        (["--period", "2025", "--budget", "beaucoup"], "Budget « beaucoup » illisible"),
    ],
)
def test_cli_bad_input_gets_a_french_message_and_no_file(
    cast: Any, tmp_path: Path, arguments: list[str], message: str
) -> None:
    out = tmp_path / "rapport.csv"
    base = {"--scope": "structure", "--id": str(cast.structure_a.pk), "--format": "csv", "--out": str(out)}
    for i in range(0, len(arguments), 2):
        base[arguments[i]] = arguments[i + 1]
    with pytest.raises(CommandError, match=message):
        call_command("report", *[x for pair in base.items() for x in pair])
    assert not out.exists()
