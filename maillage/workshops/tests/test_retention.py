"""At the retention purge, a person's skills checks go with the file (audit lines included); their workshop
seats stay, anonymous, so the figures of past sessions do not change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from maillage.counter.models import Person
from maillage.counter.retention import purge
from maillage.counter.tests.helpers import make_person
from maillage.workshops.figures import workshop_figures
from maillage.workshops.models import Registration, SkillsCheck
from maillage.workshops.tests.helpers import answers, make_session

pytestmark = pytest.mark.django_db


def test_purge_erases_checks_and_keeps_seats_anonymous(cast: Any) -> None:
    now = timezone.now()
    old = make_person(cast.structure_a)
    check = SkillsCheck.record(answers=answers("helped"), place=cast.place_a, by=cast.mediator_a, person=old)
    session = make_session(cast.place_a, days=-2)
    (seat,) = session.register(by=cast.mediator_a, person=old, check=check)
    Person.objects.filter(pk=old.pk).update(last_activity_at=now - dt.timedelta(days=3 * 365))
    kept = SkillsCheck.record(
        answers=answers("alone"), place=cast.place_a, by=cast.mediator_a, person=make_person(cast.structure_a)
    )
    day = timezone.localdate(session.starts_at)
    before = workshop_figures(structure_ids=[cast.structure_a.pk], start=day, end=day).total

    purge(now)

    assert list(SkillsCheck.objects.all()) == [kept]
    assert not LogEntry.objects.get_for_object(check).exists()
    seat = Registration.objects.get(pk=seat.pk)
    assert seat.person is None
    assert seat.skills_check is None
    after = workshop_figures(structure_ids=[cast.structure_a.pk], start=day, end=day).total
    assert (after.registrations, after.people) == (before.registrations, before.people) == (1, 1)
