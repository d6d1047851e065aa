"""Network indicators, « L'accès aux droits »: rights identified and opened, compared with the period before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from maillage.counter.tests.helpers import make_person
from maillage.reports.indicators import Scope, compute_indicators
from maillage.reports.period import parse_period
from maillage.rights.models import FollowedRight
from maillage.rights.tests.helpers import follow

pytestmark = pytest.mark.django_db


def _right(structure: Any, identified: dt.date, **fields: Any) -> None:
    followed = follow(make_person(structure), "rsa")
    FollowedRight.objects.filter(pk=followed.pk).update(identified_on=identified, **fields)


def _indicators(scope: Scope) -> dict[str, Any]:
    result = compute_indicators(scope, parse_period("2025"), 10)
    family = next(f for f in result.families if f.code == "rights")
    return {
        i.code: (i.numerator, i.denominator, i.previous_numerator, i.previous_denominator) for i in family.indicators
    }


def test_rights_identified_and_opened_count_in_their_period(cast: Any) -> None:
    a = cast.structure_a
    opened = {"stage": "opened", "filed_on": dt.date(2025, 2, 1), "opened_amount": Decimal("500")}
    _right(a, dt.date(2025, 1, 10), decided_on=dt.date(2025, 3, 1), **opened)
    _right(a, dt.date(2024, 11, 10), decided_on=dt.date(2025, 1, 5), **opened)  # identified in 2024
    _right(a, dt.date(2025, 4, 1), stage="refused", decided_on=dt.date(2025, 5, 1), reason="Plafond")
    _right(a, dt.date(2025, 6, 1))
    _right(a, dt.date(2024, 3, 1), decided_on=dt.date(2024, 6, 1), **opened)
    _right(cast.structure_b, dt.date(2025, 6, 1))  # another network
    scope = Scope("network", str(cast.network_a.uuid), "Réseau A", frozenset({a.pk}))
    figures = _indicators(scope)
    assert figures["rights_identified"] == (3, 3, 2, 2)
    assert figures["rights_opened"] == (2, 3, 1, 1)
