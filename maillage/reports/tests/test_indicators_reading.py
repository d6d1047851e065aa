"""Network indicators read right: shares change in points, and counts are not compared with a
previous period that is partial (the hand-built network of `test_indicators` recorded one request
in 2024, on its last evening)."""

from __future__ import annotations

import csv
import html
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.reports.indicators import compute_indicators
from maillage.reports.period import parse_period
from maillage.reports.tests.test_indicators import ask, at, build_network

PARTIAL = "période précédente incomplète"


@pytest.fixture
def network(cast: Any) -> SimpleNamespace:
    return build_network(cast)


def _get(cast: Any, **params: str) -> Any:
    client = Client()
    sign_in(client, cast.coordinator_a)
    return client.get(reverse("reports:indicators"), {"scope": f"network:{cast.network_a.uuid}", **params})


def _items(result: Any) -> dict[str, Any]:
    return {item.code: item for family in result.families for item in family.indicators}


def test_a_previous_year_with_one_evening_of_data_is_flagged_and_counts_are_not_compared(
    cast: Any, network: SimpleNamespace
) -> None:
    result = compute_indicators(network.scope, parse_period("2025"), 10)
    assert result.completeness.partial
    items = _items(result)
    assert items["referrals_internal"].change is None  # 3 against 1 is not a growth of 200 %
    assert items["resolved"].change == pytest.approx(50.0 - 100.0)  # a share is still compared, in points

    response = _get(cast, period="2025", distance="10")
    body = html.unescape(response.content.decode()).replace("\xa0", " ")
    assert "Période précédente incomplète : les évolutions des effectifs ne sont pas calculées" in body
    assert "« Structure A » a commencé le 31/12/2024, pendant la période précédente." in body
    row = body[body.index('data-indicator="referrals_internal"') :]
    assert row[row.index("<td data-change>") :].startswith(f"<td data-change>{PARTIAL}</td>")
    assert "-50,0 pts" in body


def test_the_csv_says_the_unit_of_each_change(cast: Any, network: SimpleNamespace) -> None:
    response = _get(cast, period="2025", distance="10", format="csv")
    text = response.content.decode("utf-8").lstrip("\ufeff")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert (rows["resolved"]["evolution"], rows["resolved"]["unite_evolution"]) == ("-50,00", "points de pourcentage")
    assert (rows["referrals_internal"]["evolution"], rows["referrals_internal"]["unite_evolution"]) == (
        PARTIAL,
        "nombre",
    )
    assert rows["mesh_population"]["unite_evolution"] == ""


def test_a_complete_previous_period_keeps_the_change_of_a_count(cast: Any, network: SimpleNamespace) -> None:
    # The second quarter of 2025 against the first: every month of both holds a request.
    for month in (1, 2, 4, 5, 6):
        ask(network.pa1, cast.mediator_a, at(2025, month, 20))
    ask(network.pc, cast.mediator_a, at(2024, 12, 1))  # Structure A2 had started before the first quarter
    result = compute_indicators(network.scope, parse_period("2025-Q2"), 10)
    assert not result.completeness.partial, result.completeness.reasons
    assert _items(result)["referrals_internal"].change == 0
