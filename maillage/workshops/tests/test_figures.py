"""Workshop figures on known data, and their tables in the activity report (masked for partners)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.tests.helpers import make_person
from maillage.factories import PartnerFactory, PlaceFactory, sign_in
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.masking import MASK
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tables import tables
from maillage.workshops.enums import RegistrationStatus, SessionLevel, Theme
from maillage.workshops.figures import workshop_figures
from maillage.workshops.models import Session
from maillage.workshops.tests.helpers import make_session

pytestmark = pytest.mark.django_db
MARCH = dt.date(2025, 3, 1), dt.date(2025, 3, 31)


def _held(
    place: Any, day: int, *, by: Any, present: int, absent: int = 0, persons: tuple[Any, ...] = (), **fields: Any
) -> Session:
    """A session on `day` March 2025 with `present` + `absent` anonymous seats and these person files (present)."""
    starts = timezone.make_aware(dt.datetime(2025, 3, day, 10))
    session = make_session(place, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), **fields)
    seats = session.register(by=by, anonymous=present + absent) if present + absent else []
    for person in persons:
        seats += session.register(by=by, person=person)
    for number, registration in enumerate(seats):
        status = RegistrationStatus.ABSENT if number < absent else RegistrationStatus.ATTENDED
        type(registration).objects.filter(pk=registration.pk).update(status=status)
    return session


def test_figures_count_sessions_seats_attendance_and_people_by_theme_level_place_partner(cast: Any) -> None:
    annex = PlaceFactory(structure=cast.structure_a, name="Annexe")
    person = make_person(cast.structure_a)
    first = _held(cast.place_a, 3, by=cast.mediator_a, present=3, absent=1, persons=(person,), theme=Theme.EMAIL)
    first.partners.add(cast.partner)
    _held(
        annex,
        10,
        by=cast.mediator_a,
        present=2,
        persons=(person,),
        theme=Theme.SECURITY,
        capacity=10,
        level=SessionLevel.AUTONOMOUS,
    )
    _held(cast.place_a, 12, by=cast.mediator_a, present=0, theme=Theme.EMAIL).cancel()  # not held
    _held(cast.place_a, 12, by=cast.mediator_a, present=4, theme=Theme.EMAIL).registrations.update(
        status=RegistrationStatus.CANCELLED
    )  # held, nobody left registered
    _held(cast.place_b, 5, by=cast.mediator_b, present=6)  # another structure
    april = timezone.make_aware(dt.datetime(2025, 4, 1, 10))
    make_session(cast.place_a, starts_at=april, ends_at=april + dt.timedelta(hours=1))  # after the period

    figures = workshop_figures(structure_ids=[cast.structure_a.pk], start=MARCH[0], end=MARCH[1])
    total = figures.total
    assert (total.sessions, total.seats, total.registrations, total.attended, total.absent) == (3, 26, 8, 7, 1)
    assert total.attendance_rate == 7 / 8
    assert (total.people, total.reached) == (7, 6)  # the person file came twice: one person
    themes = {row.label: (row.sessions, row.registrations, row.attended) for row in figures.by_theme}
    assert themes == {"Courriel et pièces jointes": (2, 5, 4), "Sécurité et arnaques en ligne": (1, 3, 3)}
    assert {row.label: row.sessions for row in figures.by_level} == {"Tous niveaux": 2, "Autonomie": 1}
    assert {row.label: row.registrations for row in figures.by_place} == {"Lieu A": 5, "Annexe": 3}
    partners = {row.label: row.sessions for row in figures.by_partner}
    assert partners == {cast.partner.name: 1, "Sans partenaire associé": 2}


def test_a_partner_filter_keeps_the_sessions_it_co_runs(cast: Any) -> None:
    other = PartnerFactory()
    with_partner = _held(cast.place_a, 3, by=cast.mediator_a, present=2)
    with_partner.partners.add(cast.partner, other)
    _held(cast.place_a, 4, by=cast.mediator_a, present=5)
    figures = workshop_figures(
        structure_ids=[cast.structure_a.pk], start=MARCH[0], end=MARCH[1], partner_id=cast.partner.pk
    )
    assert (figures.total.sessions, figures.total.registrations) == (1, 2)


def test_figures_cost_three_queries(cast: Any, django_assert_num_queries: Any) -> None:
    _held(cast.place_a, 3, by=cast.mediator_a, present=2).partners.add(cast.partner)
    with django_assert_num_queries(3):
        workshop_figures(structure_ids=[cast.structure_a.pk], start=MARCH[0], end=MARCH[1])


def _table(report: Any, key: str) -> Any:
    return next(t for t in tables(report) if t.key == key)


def test_the_report_shows_workshops_next_to_requests_in_every_format(cast: Any) -> None:
    _held(cast.place_a, 3, by=cast.mediator_a, present=5, absent=1, theme=Theme.EMAIL)
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025-03"))
    row = _table(report, "workshops_total").rows[0]
    assert row[:5] == ["Ensemble", 1, 8, 6, 5]
    assert row[5] == pytest.approx(5 / 6)
    assert row[6:] == [6, 5]
    assert "Ateliers collectifs par thème" in render(report, "csv").decode("utf-8-sig")
    assert render(report, "xlsx")[:2] == b"PK"
    assert render(report, "pdf")[:4] == b"%PDF"
    assert b"workshops_total" in render(report, "json")
    client = Client()
    sign_in(client, cast.manager_a)
    page = client.get(reverse("reports:report"), {"scope": f"structure:{cast.structure_a.uuid}", "period": "2025-03"})
    assert "Ateliers collectifs, ensemble" in page.content.decode()


def test_a_partner_sees_small_workshop_rows_as_under_5(cast: Any) -> None:
    big = _held(cast.place_a, 3, by=cast.mediator_a, present=6, theme=Theme.EMAIL)
    small = _held(cast.place_a, 4, by=cast.mediator_a, present=2, theme=Theme.SECURITY)
    big.partners.add(cast.partner)
    small.partners.add(cast.partner)
    _held(cast.place_a, 5, by=cast.mediator_a, present=9, theme=Theme.HEALTH, capacity=10)  # not co-run: not shown
    report = build_report(
        resolve_scope("structure", str(cast.structure_a.pk)),
        parse_period("2025-03"),
        partner=cast.partner,
        masked=True,
    )
    rows = {row[0]: row for row in _table(report, "workshops_theme").rows}
    assert set(rows) == {"Courriel et pièces jointes", "Sécurité et arnaques en ligne"}
    assert rows["Sécurité et arnaques en ligne"][3:] == [MASK, MASK, None, MASK, MASK]
    assert rows["Courriel et pièces jointes"][3] == MASK  # secondary suppression: the total would give it away
    assert _table(report, "workshops_total").rows[0][1:4] == [2, 16, 8]


def test_no_workshops_no_section(cast: Any) -> None:
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025-03"))
    assert report.workshops is None
    assert not [t for t in tables(report) if t.key.startswith("workshops_")]
