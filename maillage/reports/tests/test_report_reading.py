"""Reports read right: a rate changes in points, a partial previous period is flagged, not compared,
and a long report opens on a table of contents (with page numbers in the PDF)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from maillage.counter.models import Request, Visit
from maillage.factories import sign_in
from maillage.network.enums import ProcedureDomain
from maillage.network.models import Structure
from maillage.reports import rollup
from maillage.reports.completeness import Start, assess
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tests.helpers import seed, when

PARTIAL = "période précédente incomplète"


def _ask(cast: Any, moment: dt.datetime, *, resolved: bool) -> None:
    Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_a,
        place=cast.place_a,
        mediator=cast.mediator_a,
        occurred_at=moment,
        domain=ProcedureDomain.SOCIAL_HEALTH,
        outcome="resolved" if resolved else "follow_up",
    )


def _quarters(cast: Any) -> Any:
    """Q4 2024: 4 requests, 2 resolved (50 %). Q1 2025: 5 requests, 3 resolved (60 %). Every month has some."""
    for moment, resolved in [
        (when(2024, 10, 2), True),
        (when(2024, 11, 5), True),
        (when(2024, 12, 3), False),
        (when(2024, 12, 9), False),
        (when(2025, 1, 7), True),
        (when(2025, 2, 4), True),
        (when(2025, 2, 11), False),
        (when(2025, 3, 4), True),
        (when(2025, 3, 18), False),
    ]:
        _ask(cast, moment, resolved=resolved)
    return build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025-Q1"))


def _late_start(cast: Any) -> Any:
    """Structure A's first request is on 5 December 2024; eleven in 2025: not a +1 000 % growth."""
    _ask(cast, when(2024, 12, 5), resolved=True)
    for month in range(1, 12):
        _ask(cast, when(2025, month, 6), resolved=month % 2 == 0)
    return build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025"))


def _summary(report: Any, fmt: str) -> dict[str, list[Any]]:
    data = json.loads(render(report, fmt))
    table = next(t for t in data["tables"] if t["key"] == "summary")
    return {row[0]: [row, units] for row, units in zip(table["rows"], table["units"], strict=True)}


def _csv_summary(report: Any) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    start = rows.index(["Synthèse"])
    found = {}
    for row in rows[start + 2 :]:
        if not row:
            break
        found[row[0]] = row
    return found


def _page(cast: Any, period: str) -> str:
    client = Client()
    sign_in(client, cast.manager_a)
    response = client.get("/pilotage/", {"scope": f"structure:{cast.structure_a.uuid}", "period": period})
    return html.unescape(response.content.decode()).replace("\u202f", " ").replace("\xa0", " ")


def _pdf_pages(report: Any) -> list[str]:
    reader = PdfReader(io.BytesIO(render(report, "pdf")))
    return [page.extract_text().replace("\u202f", " ").replace("\xa0", " ") for page in reader.pages]


def test_a_rate_change_is_in_points_and_a_count_change_in_percent_in_every_format(cast: Any) -> None:
    report = _quarters(cast)
    assert not report.completeness.partial
    body = _page(cast, "2025-Q1")
    assert re.search(r"Taux de résolution</th><td>60,0 %</td><td>50,0 %</td><td>\+10,0 pts</td>", body)
    assert re.search(r"Demandes</th><td>5</td><td>4</td><td>\+25,0 %</td>", body)

    rows = _csv_summary(report)
    assert rows["Taux de résolution"][3] == "10,0 pts"
    assert rows["Demandes"][3] == "25,0 %"

    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    cell = next(r for r in book["Synthèse"].iter_rows() if r[0].value == "Taux de résolution")[3]
    assert cell.value == pytest.approx(10.0)
    assert "pts" in cell.number_format

    summary = _summary(report, "json")
    rate, rate_units = summary["Taux de résolution"]
    assert rate[3] == pytest.approx(10.0)
    assert rate_units[3] == "percentage_points"
    requests, request_units = summary["Demandes"]
    assert requests[3] == pytest.approx(0.25)
    assert request_units[3] == "relative_change"

    assert any("Taux de résolution 60,0 % 50,0 % +10,0 pts" in page for page in _pdf_pages(report))


def test_a_fall_of_a_rate_reads_minus_points_without_breaking_a_spreadsheet(cast: Any) -> None:
    for moment, resolved in [(when(2024, 12, 2), True), (when(2025, 1, 6), False), (when(2025, 1, 7), True)]:
        _ask(cast, moment, resolved=resolved)
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025-01"))
    assert "-50,0 pts" in _page(cast, "2025-01")
    assert _csv_summary(report)["Taux de résolution"][3] == "\u221250,0 pts"


def test_a_previous_period_that_began_late_is_flagged_not_compared(cast: Any) -> None:
    report = _late_start(cast)
    assert report.completeness.partial
    body = _page(cast, "2025")
    assert "1 000,0 %" not in body
    assert re.search(rf"Demandes</th><td>11</td><td>1</td><td>{PARTIAL}</td>", body)
    assert "Période précédente incomplète : les évolutions des effectifs ne sont pas calculées" in body
    assert "« Structure A » a commencé le 05/12/2024, pendant la période précédente." in body
    # a rate does not grow with the days recorded: still compared, in points (100 % then 5 of 11)
    assert re.search(r"Taux de résolution</th><td>45,5 %</td><td>100,0 %</td><td>-54,5 pts</td>", body)

    rows = _csv_summary(report)
    assert rows["Demandes"][3] == PARTIAL
    assert rows["Temps passé (heures)"][3] == PARTIAL
    summary = _summary(report, "json")
    assert summary["Demandes"][0][3] == PARTIAL
    data = json.loads(render(report, "json"))
    assert data["previous_period"]["partial"] is True
    assert any("05/12/2024" in reason for reason in data["previous_period"]["reasons"])
    partner_rows = next(t for t in data["tables"] if t["key"] == "channel")["rows"]
    assert {row[8] for row in partner_rows} == {PARTIAL}
    assert any("Période précédente incomplète" in page for page in _pdf_pages(report)[:1])


def test_a_structure_starts_at_its_creation_or_its_first_request_whichever_is_earlier(cast: Any) -> None:
    for year in (2024, 2025):
        for month in range(1, 13):
            _ask(cast, when(year, month, 10), resolved=True)
    Structure.objects.filter(pk=cast.structure_a.pk).update(created_at=when(2024, 6, 15))
    scope = resolve_scope("structure", str(cast.structure_a.pk))
    assert not build_report(scope, parse_period("2025")).completeness.partial  # history imported from January
    Request.objects.filter(occurred_at__lt=when(2024, 7, 1)).delete()
    reasons = build_report(scope, parse_period("2025")).completeness.reasons
    assert reasons[0] == "« Structure A » a commencé le 15/06/2024, pendant la période précédente."


@pytest.mark.parametrize(
    ("first_day", "partial"),
    [(dt.date(2024, 1, 3), False), (dt.date(2024, 2, 20), True), (dt.date(2025, 3, 1), True)],
)
def test_a_start_after_the_first_tenth_of_the_previous_period_flags_it(first_day: dt.date, partial: bool) -> None:
    every_month = {dt.date(y, m, 1): 3 for y in (2024, 2025) for m in range(1, 13)}
    verdict = assess(parse_period("2025"), [Start("Maison France Services", first_day)], every_month, every_month)
    assert verdict.partial is partial
    if first_day.year == 2025:
        assert verdict.reasons == ("« Maison France Services » a commencé le 01/03/2025, après la période précédente.",)


def test_a_month_empty_last_year_but_not_this_year_flags_the_previous_period() -> None:
    period = parse_period("2025")
    now = {dt.date(2025, m, 1): 5 for m in range(1, 13) if m != 8}  # closed in August both years
    before = {dt.date(2024, m, 1): 4 for m in range(1, 13) if m != 8}
    assert not assess(period, [], now, before).partial
    before.pop(dt.date(2024, 3, 1))
    verdict = assess(period, [], now, before)
    assert verdict.partial
    assert verdict.reasons == ("Aucune demande enregistrée en mars 2024, contre des demandes sur la période.",)


def test_the_report_page_opens_on_a_table_of_contents_linking_every_section(cast: Any) -> None:
    seed(cast, visits=30)
    body = _page(cast, "2025")
    toc = body[body.index('aria-labelledby="sommaire-rapport"') : body.index("</nav>", body.index("sommaire-rapport"))]
    targets = re.findall(r'href="#(tableau-[a-z_]+)"', toc)
    assert targets[:2] == ["tableau-summary", "tableau-partner"]
    assert "tableau-referrals" in targets
    for target in targets:
        assert f'id="{target}"' in body


def test_the_pdf_table_of_contents_gives_the_page_of_each_section(cast: Any) -> None:
    seed(cast)
    rollup.refresh()
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025"))
    pages = _pdf_pages(report)
    toc = pages[0][pages[0].index("Sommaire") :]
    listed = {title: int(page) for title, page in re.findall(r"\n([^\n.]+?) \.+ +(\d+)", toc)}
    assert list(listed)[:3] == ["Synthèse", "Par partenaire", "Par démarche"]
    # The social value (an estimate) comes after every observed count, its parameters last: the
    # contents run to the end (that last table may spill onto one more page).
    last_title, last_page = list(listed.items())[-1]
    assert last_title.endswith("paramètres et sources")
    assert len(pages) - 1 <= last_page <= len(pages)
    assert list(listed).index("Orientations") < list(listed).index("Valeur sociale (estimation) par partenaire")
    for title, page in listed.items():
        assert page == 1 or title in pages[page - 1], f"« {title} » annoncé page {page}"
        if page > 2:
            assert title not in pages[page - 2], f"« {title} » annoncé page {page}, déjà page {page - 1}"
