"""Waiting figures on a known week, every value worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from maillage.factories import PlaceFactory
from maillage.tickets.enums import RedirectKind, RedirectReason
from maillage.tickets.figures import percentile, waiting_figures
from maillage.tickets.models import Ticket
from maillage.tickets.tests.helpers import at, served

pytestmark = pytest.mark.django_db
MONDAY, TUESDAY = dt.date(2026, 11, 2), dt.date(2026, 11, 3)
START, END = dt.date(2026, 11, 1), dt.date(2026, 11, 7)


def _week(cast: Any) -> Any:
    """Visits waited 5, 15, 25, 40 min (Monday, Lieu A) and 20, 12 min (Tuesday, Annexe A); plus a
    no-show, a redirection at reception and a cancelled ticket, which are not visits."""
    annexe = PlaceFactory(structure=cast.structure_a, name="Annexe A")
    mediator = cast.mediator_a
    served(cast.place_a, mediator, arrived=at(MONDAY, 9, 0), wait=5, service=10, partner=cast.partner)
    served(cast.place_a, mediator, arrived=at(MONDAY, 9, 10), wait=15, service=10)
    served(cast.place_a, mediator, arrived=at(MONDAY, 9, 20), wait=25, service=10)
    served(cast.place_a, mediator, arrived=at(MONDAY, 10, 5), wait=40, service=10)
    absent = Ticket.take(place=cast.place_a, arrived_at=at(MONDAY, 10, 30))
    absent.call(mediator, now=at(MONDAY, 10, 40))
    absent.mark_no_show(mediator, now=at(MONDAY, 10, 45))
    sent_back = Ticket.take(place=cast.place_a, arrived_at=at(MONDAY, 10, 40))
    sent_back.redirect(mediator, kind=RedirectKind.APPOINTMENT, reason=RedirectReason.MISSING_DOCUMENT)
    Ticket.take(place=cast.place_a, arrived_at=at(MONDAY, 10, 50)).cancel(mediator)
    served(annexe, mediator, arrived=at(TUESDAY, 14, 0), wait=20, service=10, partner=cast.partner)
    redirected = Ticket.take(place=annexe, arrived_at=at(TUESDAY, 14, 10))
    redirected.call(mediator, now=at(TUESDAY, 14, 22))  # a contact with a mediator: a visit of 12 min
    redirected.redirect(mediator, kind=RedirectKind.APPOINTMENT, reason=RedirectReason.NEEDS_APPOINTMENT)
    served(cast.place_b, cast.mediator_b, arrived=at(MONDAY, 9, 0), wait=90, service=10)  # another structure
    served(cast.place_a, mediator, arrived=at(dt.date(2026, 11, 9), 9, 0), wait=90, service=10)  # next week
    return annexe


def _figures(cast: Any, **kwargs: Any) -> Any:
    return waiting_figures(structure_ids=[cast.structure_a.pk], start=START, end=END, **kwargs)


def test_visits_median_90th_percentile_and_share_within_20_minutes(cast: Any) -> None:
    _week(cast)
    figures = _figures(cast)
    total = figures.total
    # waits 5, 12, 15, 20, 25, 40: median (15 + 20) / 2; 90th percentile: rank ceil(0.9 × 6) = 6 → 40
    assert (total.visits, total.median_minutes, total.p90_minutes) == (6, 17.5, 40)
    assert total.within_20 == 4  # 5, 12, 15 and 20 (20 minutes is "at most 20")
    assert total.share_within_20 == pytest.approx(4 / 6)
    assert (figures.tickets, figures.no_shows, figures.redirected) == (9, 1, 2)


def test_by_place_hour_and_weekday(cast: Any) -> None:
    _week(cast)
    figures = _figures(cast)
    by_place = {r.label: (r.visits, r.median_minutes, r.p90_minutes, r.within_20) for r in figures.by_place}
    assert by_place == {"Lieu A": (4, 20, 40, 2), "Annexe A": (2, 16, 20, 2)}
    by_hour = [(r.label, r.visits, r.median_minutes) for r in figures.by_hour]
    assert by_hour == [("9 h – 10 h", 3, 15), ("10 h – 11 h", 1, 40), ("14 h – 15 h", 2, 16)]
    by_weekday = [(r.label, r.visits, r.within_20) for r in figures.by_weekday]
    assert by_weekday == [("Lundi", 4, 2), ("Mardi", 2, 2)]


def test_a_place_and_a_partner_narrow_the_figures(cast: Any) -> None:
    annexe = _week(cast)
    assert _figures(cast, place_ids=[annexe.pk]).total.visits == 2
    wanted = _figures(cast, partner_id=cast.partner.pk).total  # waits 5 and 20
    assert (wanted.visits, wanted.median_minutes, wanted.within_20) == (2, 12.5, 2)


def test_the_figures_take_one_query(cast: Any, django_assert_num_queries: Any) -> None:
    _week(cast)
    with django_assert_num_queries(1):
        _figures(cast)


def test_no_ticket_no_figures(cast: Any) -> None:
    figures = _figures(cast)
    assert figures.empty
    assert figures.total.median_minutes is None
    assert figures.total.share_within_20 is None


def test_nearest_rank_percentile() -> None:
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert percentile([7], 0.9) == 7
    assert percentile([3, 1, 2], 0.5) == 2
