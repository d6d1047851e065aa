"""The activity report has an « Accès aux droits » section, masked under 5 people for partners."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.masking import MASK
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tables import tables
from maillage.rights.models import FollowedRight
from maillage.rights.tests.helpers import follow

pytestmark = pytest.mark.django_db


def _opened(cast: Any, right: str, amount: str) -> None:
    followed = follow(make_person(cast.structure_a), right, mediator=cast.mediator_a, place=cast.place_a)
    FollowedRight.objects.filter(pk=followed.pk).update(
        identified_on=dt.date(2025, 3, 1),
        filed_on=dt.date(2025, 3, 2),
        decided_on=dt.date(2025, 4, 1),
        stage="opened",
        opened_amount=Decimal(amount),
    )


def _table(report: Any, key: str) -> Any:
    return next(t for t in tables(report) if t.key == key)


def test_the_report_counts_rights_opened_with_their_amounts(cast: Any) -> None:
    for _ in range(6):
        _opened(cast, "rsa", "500")
    _opened(cast, "css", "0")
    period = parse_period("2025")
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), period)
    by_right = {row[0]: row for row in _table(report, "rights_right").rows}
    assert by_right["RSA"][1:7] == [6, 6, 6, 0, 0, Decimal("36000")]
    assert by_right["RSA"][7] == 31  # 1 March → 1 April
    assert _table(report, "rights_years").rows == [["2025", Decimal("36000")]]
    assert "Accès aux droits par droit" in render(report, "csv").decode("utf-8-sig")


def test_a_partner_sees_small_rows_as_under_5(cast: Any) -> None:
    for _ in range(6):
        _opened(cast, "rsa", "500")
    _opened(cast, "apl", "200")
    report = build_report(
        resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025"), partner=cast.partner, masked=True
    )
    rows = {row[0]: row for row in _table(report, "rights_right").rows}
    assert rows["Aide personnelle au logement"][1:6] == [MASK] * 5
    assert rows["Aide personnelle au logement"][6] is None
    assert rows["RSA"][1:6] == [MASK] * 5  # secondary suppression: the total would give APL away
    assert _table(report, "rights_total").rows[0][1] == 7


def test_no_rights_no_section(cast: Any) -> None:
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025"))
    assert report.rights is None
    assert not [t for t in tables(report) if t.key.startswith("rights_")]


def test_the_report_page_shows_the_section(cast: Any) -> None:
    for _ in range(2):
        _opened(cast, "aah", "1016.05")
    client = Client()
    sign_in(client, cast.manager_a)
    page = client.get(
        reverse("reports:report"), {"scope": f"structure:{cast.structure_a.uuid}", "period": "2025"}
    ).content.decode()
    assert "Accès aux droits par droit" in page
