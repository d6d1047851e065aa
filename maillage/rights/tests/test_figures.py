"""`rights_figures`: counts per stage dated in the period, annualised amounts opened, median time to open."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from maillage.counter.tests.helpers import make_person
from maillage.network.models import Partner
from maillage.rights.figures import rights_figures
from maillage.rights.models import FollowedRight
from maillage.rights.tests.helpers import follow

pytestmark = pytest.mark.django_db
JAN, DEC = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def _right(cast: Any, right: str, identified: dt.date, **fields: Any) -> FollowedRight:
    followed = follow(make_person(cast.structure_a), right, mediator=cast.mediator_a, place=cast.place_a)
    FollowedRight.objects.filter(pk=followed.pk).update(identified_on=identified, **fields)
    followed.refresh_from_db()
    return followed


def _opened(cast: Any, right: str, identified: dt.date, decided: dt.date, amount: str) -> FollowedRight:
    return _right(
        cast, right, identified, stage="opened", filed_on=identified, decided_on=decided, opened_amount=Decimal(amount)
    )


def test_each_stage_counts_in_the_period_it_is_dated_in(cast: Any) -> None:
    _right(cast, "rsa", dt.date(2025, 3, 1))
    _right(cast, "css", dt.date(2025, 3, 1), stage="filed", filed_on=dt.date(2025, 3, 2))
    _opened(cast, "rsa", dt.date(2024, 12, 1), dt.date(2025, 1, 31), "600")  # identified the year before
    _right(
        cast,
        "aah",
        dt.date(2025, 4, 1),
        stage="refused",
        filed_on=dt.date(2025, 4, 2),
        decided_on=JAN.replace(month=6),
        reason="Taux",
    )
    _right(cast, "apl", dt.date(2025, 5, 1), stage="abandoned", abandoned_on=dt.date(2025, 5, 20), reason="Parti")
    _right(cast, "aspa", dt.date(2024, 5, 1))  # nothing in 2025
    total = rights_figures(structure_ids=[cast.structure_a.pk], start=JAN, end=DEC).total
    counts = (total.identified, total.filed, total.opened, total.refused, total.abandoned)
    assert counts == (4, 2, 1, 1, 1)
    assert total.people == 5


def test_amounts_are_annualised_and_summed_per_year_of_decision(cast: Any) -> None:
    _opened(cast, "rsa", dt.date(2025, 1, 10), dt.date(2025, 2, 9), "635.71")  # monthly: × 12
    _opened(cast, "cheque_energie", dt.date(2025, 1, 10), dt.date(2025, 4, 10), "194")  # yearly
    figures = rights_figures(structure_ids=[cast.structure_a.pk], start=JAN, end=DEC)
    assert figures.total.yearly_amount == Decimal("7822.52")
    assert figures.amount_by_year == {2025: Decimal("7822.52")}
    assert figures.total.median_days_to_open == 60  # 30 and 90 days


def test_rows_by_right_partner_place_and_structure(cast: Any) -> None:
    _opened(cast, "rsa", dt.date(2025, 1, 10), dt.date(2025, 2, 9), "500")
    _right(cast, "prime_activite", dt.date(2025, 3, 1))
    _right(cast, "css", dt.date(2025, 3, 1))
    figures = rights_figures(structure_ids=[cast.structure_a.pk], start=JAN, end=DEC)
    assert {r.label: r.identified for r in figures.by_right} == {
        "RSA": 1,
        "Prime d'activité": 1,
        "Complémentaire santé solidaire": 1,
    }
    partners = {r.label: (r.identified, r.opened) for r in figures.by_partner}
    assert partners == {cast.partner.name: (2, 1), Partner.objects.get(code="cpam").name: (1, 0)}
    assert [(r.label, r.identified) for r in figures.by_place] == [("Lieu A", 3)]
    assert [(r.label, r.people) for r in figures.by_structure] == [("Structure A", 3)]
    departement = cast.place_a.commune.departement.name
    assert [(r.label, r.identified, r.opened) for r in figures.by_territory] == [(departement, 3, 1)]


def test_other_structures_places_and_partners_are_left_out(cast: Any) -> None:
    _right(cast, "rsa", dt.date(2025, 3, 1))
    _right(cast, "css", dt.date(2025, 3, 1))
    elsewhere = follow(make_person(cast.structure_b), "rsa", mediator=cast.mediator_b)
    FollowedRight.objects.filter(pk=elsewhere.pk).update(identified_on=dt.date(2025, 3, 1))
    only_a = rights_figures(structure_ids=[cast.structure_a.pk], start=JAN, end=DEC)
    assert only_a.total.identified == 2
    caf = rights_figures(structure_ids=[cast.structure_a.pk], start=JAN, end=DEC, partner_id=cast.partner.pk)
    assert caf.total.identified == 1
    no_place = rights_figures(structure_ids=[cast.structure_a.pk], start=JAN, end=DEC, place_ids=[])
    assert no_place.empty


def test_figures_cost_one_query(cast: Any, django_assert_num_queries: Any) -> None:
    for _ in range(3):
        _opened(cast, "rsa", dt.date(2025, 1, 10), dt.date(2025, 2, 9), "500")
    with django_assert_num_queries(1):
        rights_figures(structure_ids=[cast.structure_a.pk], start=JAN, end=DEC)
