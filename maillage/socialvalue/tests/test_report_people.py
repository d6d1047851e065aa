"""The report hands the social value the people it has already counted (from its roll-up and footprint
where they hold): the social value is the same as when it counts them on the requests itself."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from maillage.counter.models import Request, Visit
from maillage.counter.tests.helpers import make_person
from maillage.reports import footprint, rollup
from maillage.reports.compute import build_report
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tests.helpers import when
from maillage.socialvalue.figures import PartnerPeople, social_value_figures
from maillage.socialvalue.tests.helpers import known_set
from maillage.territory.models import Commune

pytestmark = pytest.mark.django_db


def _generated(cast: Any, partners: list[Any], *, visits: int = 160) -> None:
    """Visits over 2025 (some persons seen in several months and with several partners)."""
    rng = random.Random(18)
    persons = [make_person(cast.structure_a, first_name=f"Personne{i}") for i in range(6)]
    residences = [*Commune.objects.filter(code__in=["69266", "42218"]), None]
    rows = []
    for _ in range(visits):
        visit = Visit.objects.create()
        person = rng.choice(persons) if rng.random() < 0.4 else None
        moment = when(2025, rng.randint(1, 12), rng.randint(1, 28), rng.randint(9, 16))
        for index in range(rng.choice([1, 1, 2, 3])):
            rows.append(
                Request(
                    visit=visit,
                    structure=cast.structure_a,
                    place=cast.place_a,
                    mediator=cast.mediator_a,
                    occurred_at=moment + dt.timedelta(minutes=10 * index),
                    partner=rng.choice([*partners, None]),
                    residence=rng.choice(residences),
                    domain="social_health",
                    person=person,
                )
            )
    Request.objects.bulk_create(rows)


@pytest.mark.parametrize("scope_kind", ["network", "structure"])
@pytest.mark.parametrize("with_partner", [False, True], ids=["all", "partner"])
def test_the_report_social_value_equals_the_one_counted_on_the_requests(
    cast: Any, scope_kind: str, with_partner: bool
) -> None:
    sets = known_set(cast)
    _generated(cast, [sets["caf"], sets["cpam"], sets["ft"]])
    rollup.refresh()
    scope = resolve_scope(scope_kind, str(cast.network_a.pk if scope_kind == "network" else cast.structure_a.pk))
    period = parse_period("2025")
    if scope_kind == "network":  # people from the network's footprint, else counted on the requests
        assert footprint.usable(cast.network_a.pk, scope.structure_ids, period.months())
    partner = sets["caf"] if with_partner else None
    report = build_report(scope, period, partner=partner)
    assert report.rolled_months == 12
    on_requests = social_value_figures(
        structure_ids=scope.structure_ids,
        start=period.start,
        end=period.end,
        partner_id=partner.pk if partner else None,
    )
    assert report.social_value is not None
    assert report.social_value.value == on_requests.value
    assert report.social_value.total.people > 5
    assert len(report.social_value.value.by_partner) == (1 if with_partner else 4)


def test_people_given_by_the_report_are_not_counted_again(cast: Any, django_assert_num_queries: Any) -> None:
    sets = known_set(cast)
    people = PartnerPeople({sets["caf"].pk: 7, sets["cpam"].pk: 3, sets["ft"].pk: 2, None: 1}, 13)
    with django_assert_num_queries(9):  # two fewer than counting them (test_report.py)
        figures = social_value_figures(
            structure_ids={cast.structure_a.pk}, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), people=people
        )
    by_name = {row.label: row.people for row in figures.value.by_partner}
    assert by_name == {"CAF": 7, "CPAM": 3, "France Travail": 2, "Partenaire non renseigné": 1}
    assert figures.total.people == 13
