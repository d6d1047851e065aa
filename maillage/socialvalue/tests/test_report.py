"""The yearly activity report carries the social value, apart from the observed counts, with its
formulas, parameters and sources in every format; a partner sees only its own part, masked."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.masking import MASK
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tables import tables
from maillage.socialvalue.figures import social_value_figures
from maillage.socialvalue.report_tables import NOT_VALUED
from maillage.socialvalue.tests.helpers import hand_km, known_set

pytestmark = pytest.mark.django_db


def _yearly(cast: Any, **kwargs: Any) -> Any:
    return build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025"), **kwargs)


def _table(report: Any, key: str) -> Any:
    return next(t for t in tables(report) if t.key == key)


def test_the_yearly_report_totals_match_the_hand_computation(cast: Any) -> None:
    known_set(cast)
    report = _yearly(cast)
    km = hand_km()["total"]
    [total] = _table(report, "socialvalue_total").rows
    assert total[0] == "Ensemble"
    assert total[1] == 13  # requests of the year
    assert total[2] == 9  # valued: 6 CAF + 3 CPAM requests with a known residence and counters
    assert total[3] == 4.5  # (6 CAF + 3 CPAM valued requests) × 50 %
    assert total[4] == pytest.approx(km, abs=0.05)
    assert abs(total[5] - Decimal(repr(km * 0.606))) <= Decimal("0.01")
    assert total[6] == pytest.approx(km * 0.218, abs=0.05)
    assert total[7] == Decimal("35.00")  # CAF only: 7 × 50 % × 10 €; CPAM has no unit cost
    assert total[8] == Decimal("6000")  # 500 € a month × 12
    missing = _table(report, "socialvalue_missing").rows
    assert missing[0] == [
        "Ensemble",
        4,
        "Non calculé pour 4 demandes : demande sans partenaire (1), commune de résidence inconnue (1), "
        "partenaire sans guichet renseigné (2).",
    ]
    assert ["partenaire sans guichet renseigné", 2, "France Travail"] in missing
    by_partner = {row[0]: row for row in _table(report, "socialvalue_partner").rows}
    assert by_partner["France Travail"][1:7] == [2, 0, *[NOT_VALUED] * 4]  # said, not shown as zeros
    unit_costs = ["visites ou appels évités non calculés : coût unitaire non renseigné", None, "CPAM, France Travail"]
    assert unit_costs in missing


def test_the_section_comes_after_the_observed_counts_titled_as_an_estimate(cast: Any) -> None:
    known_set(cast)
    keys = [t.key for t in tables(_yearly(cast))]
    first = keys.index("socialvalue_partner")
    assert all(key.startswith("socialvalue_") for key in keys[first:])
    assert all(t.title.startswith("Valeur sociale (estimation)") for t in tables(_yearly(cast))[first:])


def test_every_export_carries_formulas_parameters_and_sources(cast: Any) -> None:
    known_set(cast)
    report = _yearly(cast)
    csv_text = render(report, "csv").decode("utf-8-sig")
    for text in (
        "Valeur sociale (estimation) : formules",
        "kilomètres évités × barème kilométrique",
        "BOI-BAREME-000001",
    ):
        assert text in csv_text
    assert "Base Empreinte" in csv_text
    data = json.loads(render(report, "json"))
    by_key = {t["key"]: t for t in data["tables"]}
    parameters = {row[0]: row for row in by_key["socialvalue_parameters"]["rows"]}
    assert parameters["Barème kilométrique"][1:4] == ["0,606", "€/km", parameters["Barème kilométrique"][3]]
    assert "Barème fiscal 2024, 4 CV, jusqu'à 5 000 km" in parameters["Barème kilométrique"][3]
    assert parameters["CAF : guichets"][1] == "2"
    assert parameters["CPAM : coût d'une visite ou d'un appel évité"][1] == "Non renseigné"
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(render(report, "xlsx")))
    cells = {str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None}
    assert any("ADEME" in value for value in cells)
    assert any("ligne droite (formule de haversine)" in value for value in cells)
    from pypdf import PdfReader

    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render(report, "pdf"))).pages)
    assert "Valeur sociale (estimation)" in pdf_text
    assert "BOI-BAREME-000001" in pdf_text.replace("\n", "")


def test_a_partner_sees_only_its_own_part_and_small_amounts_masked(cast: Any) -> None:
    known_set(cast)
    report = _yearly(cast, partner=cast.partner, masked=True)
    [row] = _table(report, "socialvalue_partner").rows
    assert row[0:4] == ["CAF", 7, 6, 3.0]  # 7 anonymous visits: 7 people; 6 with a known residence
    assert row[7] == Decimal("35.00")
    assert row[8] == MASK  # the opened right of one person
    missing = _table(report, "socialvalue_missing").rows
    assert missing[0] == ["Ensemble", MASK, "Non calculé pour < 5 demandes : commune de résidence inconnue (< 5)."]
    parameters = " ".join(row[0] for row in _table(report, "socialvalue_parameters").rows)
    assert "CAF" in parameters
    assert "CPAM" not in parameters
    assert "France Travail" not in parameters


def test_a_partner_with_fewer_than_5_people_sees_its_figures_masked(cast: Any) -> None:
    sets = known_set(cast)
    report = _yearly(cast, partner=sets["cpam"], masked=True)
    [row] = _table(report, "socialvalue_partner").rows
    assert row == ["CPAM", *[MASK] * 8]
    assert _table(report, "socialvalue_total").rows[0][1:8] == [MASK] * 7


def test_the_report_page_shows_the_section_to_the_coordinator(cast: Any) -> None:
    known_set(cast)
    client = Client()
    sign_in(client, cast.coordinator_a)
    query = {"scope": f"network:{cast.network_a.uuid}", "period": "2025"}
    page = client.get(reverse("reports:report"), query).content.decode()
    assert "Valeur sociale (estimation), ensemble" in page
    assert "Non calculé pour 4 demandes" in page


def test_the_social_value_reads_a_fixed_number_of_queries(cast: Any, django_assert_num_queries: Any) -> None:
    known_set(cast)
    with django_assert_num_queries(11):  # with the one that asks which months the roll-up holds
        social_value_figures(structure_ids={cast.structure_a.pk}, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
