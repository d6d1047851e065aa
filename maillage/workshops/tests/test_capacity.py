"""Seats: anonymous seats count, a workshop over capacity is refused in French, nothing counted twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from maillage.counter.tests.helpers import make_person
from maillage.workshops.enums import RegistrationStatus
from maillage.workshops.models import Registration, Session
from maillage.workshops.tests.helpers import make_session

pytestmark = pytest.mark.django_db


def test_anonymous_seats_and_person_files_share_the_capacity(cast: Any) -> None:
    session = make_session(cast.place_a, capacity=4)
    session.register(by=cast.mediator_a, anonymous=3)
    session.register(by=cast.mediator_a, person=make_person(cast.structure_a))
    assert session.seats_taken == 4
    with pytest.raises(ValidationError, match="Cet atelier est complet"):
        session.register(by=cast.mediator_a, anonymous=1)
    assert Registration.objects.filter(session=session).count() == 4


def test_a_group_larger_than_the_free_seats_is_refused_whole(cast: Any) -> None:
    session = make_session(cast.place_a, capacity=5)
    session.register(by=cast.mediator_a, anonymous=3)
    with pytest.raises(ValidationError, match="complet"):
        session.register(by=cast.mediator_a, anonymous=3)
    session.refresh_from_db()
    assert session.seats_taken == 3
    assert Registration.objects.filter(session=session).count() == 3


def test_the_same_person_is_not_registered_twice_and_keeps_one_seat(cast: Any) -> None:
    session = make_session(cast.place_a)
    person = make_person(cast.structure_a)
    session.register(by=cast.mediator_a, person=person)
    with pytest.raises(ValidationError, match="déjà inscrite"):
        session.register(by=cast.mediator_a, person=person)
    session.refresh_from_db()
    assert session.seats_taken == 1


def test_a_person_of_another_structure_cannot_be_registered(cast: Any) -> None:
    session = make_session(cast.place_a)
    with pytest.raises(ValidationError, match="pas suivie par la structure"):
        session.register(by=cast.mediator_a, person=make_person(cast.structure_b))
    assert session.seats_taken == 0


def test_cancelling_a_registration_frees_its_seat_once(cast: Any) -> None:
    session = make_session(cast.place_a, capacity=1)
    person = make_person(cast.structure_a)
    (registration,) = session.register(by=cast.mediator_a, person=person)
    assert registration.cancel() is True
    assert registration.cancel() is False
    session.refresh_from_db()
    assert session.seats_taken == 0
    session.register(by=cast.mediator_a, person=person)  # the seat and the person are free again
    assert session.seats_taken == 1


def test_a_cancelled_session_takes_no_registration(cast: Any) -> None:
    session = make_session(cast.place_a)
    assert session.cancel() is True
    assert session.cancel() is False
    with pytest.raises(ValidationError, match="annulé"):
        session.register(by=cast.mediator_a, anonymous=1)


def test_the_database_refuses_more_seats_taken_than_the_capacity(cast: Any) -> None:
    session = make_session(cast.place_a, capacity=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(seats_taken=F("capacity") + 1)


def test_roll_call_waits_for_the_day_of_the_session(cast: Any) -> None:
    upcoming = make_session(cast.place_a, days=2)
    (registration,) = upcoming.register(by=cast.mediator_a, anonymous=1)
    with pytest.raises(ValidationError, match="à partir du jour"):
        registration.mark(RegistrationStatus.ATTENDED)
    today = make_session(cast.place_a, days=0)
    (present,) = today.register(by=cast.mediator_a, anonymous=1)
    assert present.mark(RegistrationStatus.ATTENDED) is True
    assert present.mark(RegistrationStatus.ATTENDED) is False
    present.refresh_from_db()
    assert present.status == RegistrationStatus.ATTENDED
