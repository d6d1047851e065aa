"""A person file's followed rights go with it at the retention purge, audit lines included."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from maillage.counter.models import Person
from maillage.counter.retention import purge
from maillage.counter.tests.helpers import make_person
from maillage.rights.models import FollowedRight
from maillage.rights.tests.helpers import follow

pytestmark = pytest.mark.django_db


def test_purge_erases_the_rights_of_idle_files_and_their_history(cast: Any) -> None:
    now = timezone.now()
    old = make_person(cast.structure_a)
    gone = follow(old, "rsa", mediator=cast.mediator_a)
    gone.file()
    gone.refuse(reason="Ressources au-dessus du plafond")
    Person.objects.filter(pk=old.pk).update(last_activity_at=now - dt.timedelta(days=3 * 365))
    kept = follow(make_person(cast.structure_a), "apl", mediator=cast.mediator_a)
    assert LogEntry.objects.get_for_object(gone).count() == 3

    dry = purge(now, dry_run=True)
    assert dry.log_entries >= 4  # the person's creation and the three lines of its right
    report = purge(now)

    assert report.log_entries == dry.log_entries
    assert list(FollowedRight.objects.all()) == [kept]
    assert not LogEntry.objects.get_for_object(gone).exists()
    assert LogEntry.objects.get_for_object(kept).exists()


def test_purge_erases_the_screenings_of_idle_files_and_no_audit_line_keeps_their_situation(cast: Any) -> None:
    from maillage.rights.models import Screening
    from maillage.rights.tests.test_rescreening import screened

    now = timezone.now()
    old = make_person(cast.structure_a)
    screened(old, pending=True, applicant={"age": 47, "disability": "none", "resources": {"salary": "987.65"}})
    Person.objects.filter(pk=old.pk).update(last_activity_at=now - dt.timedelta(days=3 * 365))
    kept = screened(make_person(cast.structure_a))

    purge(now)

    assert list(Screening.objects.all()) == [kept]
    assert not any("987.65" in f"{entry.changes} {entry.changes_text}" for entry in LogEntry.objects.all())
