"""Every change of a workshop leaves an audit line: registration, roll call, cancellations, checks."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry

from maillage.counter.tests.helpers import make_person
from maillage.workshops.enums import RegistrationStatus
from maillage.workshops.models import SkillsCheck
from maillage.workshops.tests.helpers import answers, make_session

pytestmark = pytest.mark.django_db


def test_registrations_roll_call_and_cancellations_are_logged(cast: Any) -> None:
    session = make_session(cast.place_a, days=0)
    first, second = session.register(by=cast.mediator_a, anonymous=2)
    first.mark(RegistrationStatus.ATTENDED)
    second.cancel()
    session.cancel()
    assert LogEntry.objects.get_for_object(first).count() == 2  # created, marked present
    assert LogEntry.objects.get_for_object(second).count() == 2  # created, cancelled
    assert any("cancelled" in str(entry.changes) for entry in LogEntry.objects.get_for_object(session))


def test_a_check_is_logged_without_its_answers_in_clear(cast: Any) -> None:
    check = SkillsCheck.record(
        answers=answers("alone"), place=cast.place_a, by=cast.mediator_a, person=make_person(cast.structure_a)
    )
    (entry,) = LogEntry.objects.get_for_object(check)
    assert "unlock_phone" not in str(entry.changes)
