"""Session and check pages stay light: the number of queries does not grow with the registrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.workshops.models import Session, SkillsCheck
from maillage.workshops.tests.helpers import answers, make_session

pytestmark = pytest.mark.django_db


def _under_way(cast: Any, *, people: int) -> Session:
    """A session started a moment ago (whatever the hour the test runs at): its roll call is open
    and its page still offers to register people."""
    now = timezone.now()
    session = make_session(cast.place_a, starts_at=now, ends_at=now + dt.timedelta(hours=2), capacity=20)
    for number in range(people):
        session.register(by=cast.mediator_a, person=make_person(cast.structure_a, first_name=f"Prénom{number}"))
    session.register(by=cast.mediator_a, anonymous=3)
    return session


@pytest.mark.parametrize("people", [2, 12])
def test_the_session_page_costs_the_same_with_more_registrations(
    cast: Any, django_assert_num_queries: Any, people: int
) -> None:
    session = _under_way(cast, people=people)
    client = Client()
    sign_in(client, cast.mediator_a)
    client.get(reverse("workshops:detail", args=[session.uuid]))
    # session, user, roles, menu reach, scope, the session, registrations, partners, persons to register
    with django_assert_num_queries(9):
        page = client.get(reverse("workshops:detail", args=[session.uuid]))
    assert f"Prénom{people - 1}" in page.content.decode()
    # session, user, roles, menu reach, scope, the session, its registrations
    with django_assert_num_queries(7):
        roll_call = client.get(reverse("workshops:roll_call", args=[session.uuid]))
    assert "Place anonyme n° 3" in roll_call.content.decode()
    assert page.content.decode().count("Place anonyme n° ") == 3 * 2  # the name and the button's hidden text


@pytest.mark.parametrize("sessions", [1, 6])
def test_the_check_page_costs_the_same_with_more_sessions_to_propose(
    cast: Any, django_assert_num_queries: Any, sessions: int
) -> None:
    person = make_person(cast.structure_a)
    for day in range(1, sessions + 1):
        make_session(cast.place_a, days=day)
    check = SkillsCheck.record(answers=answers("helped"), place=cast.place_a, by=cast.mediator_a, person=person)
    client = Client()
    sign_in(client, cast.mediator_a)
    client.get(reverse("workshops:check_detail", args=[check.uuid]))
    # session, user, roles, menu reach, scope, the check, access log, proposed sessions, their
    # registrations of the person, the person's checks, registrations from this check
    with django_assert_num_queries(11):
        page = client.get(reverse("workshops:check_detail", args=[check.uuid]))
    assert len(page.context["proposals"]) == min(sessions, 3)
