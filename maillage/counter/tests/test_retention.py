"""Retention: idle person files disappear with everything naming them; requests stay, anonymous."""

from __future__ import annotations

import datetime as dt
import inspect
from io import StringIO
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from maillage.counter.enums import HelpLevel
from maillage.counter.models import FollowUp, Mandate, Person, PersonAccessLog, Request
from maillage.counter.retention import months_before, purge
from maillage.counter.tasks import purge_personal_data, schedule_purge
from maillage.counter.tests.helpers import make_follow_up, make_mandate, make_person, make_request

pytestmark = pytest.mark.django_db
NOW = timezone.now()  # the command and the task read the clock: files are aged relative to it


def _idle_since(person: Person, moment: dt.datetime) -> None:
    Person.objects.filter(pk=person.pk).update(last_activity_at=moment)


def _entries_of(obj: Any) -> int:
    return LogEntry.objects.get_for_object(obj).count()


@pytest.fixture
def files(cast: Any) -> dict[str, Any]:
    old = make_person(cast.structure_a)
    mandate = make_mandate(old)
    follow_up = make_follow_up(old)
    old.log_access(cast.mediator_a, "person_detail")
    plain = make_request(cast.place_a, cast.mediator_a, person=old)
    done_for = make_request(cast.place_a, cast.mediator_a, person=old, mandate=mandate, help_level=HelpLevel.DONE_FOR)
    _idle_since(old, NOW - dt.timedelta(days=2 * 365 + 10))
    recent = make_person(cast.structure_a, first_name="Récent")
    _idle_since(recent, NOW - dt.timedelta(days=2 * 365 - 10))
    recent_request = make_request(cast.place_a, cast.mediator_a, person=recent)
    return locals()


def test_purge_deletes_idle_files_and_their_traces_but_keeps_requests(files: dict[str, Any]) -> None:
    old, recent = files["old"], files["recent"]
    traced = [old, files["mandate"], files["follow_up"], files["plain"], files["done_for"]]
    assert all(_entries_of(obj) for obj in traced)
    entries_before = LogEntry.objects.count()

    report = purge(NOW)

    assert (report.persons, report.follow_ups, report.mandates, report.access_logs) == (1, 1, 1, 1)
    assert report.requests_unlinked == 2
    assert report.log_entries == entries_before - LogEntry.objects.count()
    assert list(Person.objects.all()) == [recent]
    assert not FollowUp.objects.exists()
    assert not Mandate.objects.exists()
    assert not PersonAccessLog.objects.exists()
    assert all(_entries_of(obj) == 0 for obj in traced)
    assert _entries_of(recent) == 1
    assert _entries_of(files["recent_request"]) == 1
    plain, done_for = (Request.objects.get(pk=r.pk) for r in (files["plain"], files["done_for"]))
    assert (plain.person, plain.mandate_erased) == (None, False)
    assert (done_for.person, done_for.mandate, done_for.mandate_erased) == (None, None, True)
    assert done_for.help_level == HelpLevel.DONE_FOR


def test_dry_run_counts_without_deleting(files: dict[str, Any]) -> None:
    entries = LogEntry.objects.count()
    report = purge(NOW, dry_run=True)
    assert (report.persons, report.mandates, report.requests_unlinked) == (1, 1, 2)
    assert Person.objects.count() == 2
    assert LogEntry.objects.count() == entries


def test_purge_removes_old_finished_task_results_only(db: Any) -> None:
    for _ in range(3):
        purge_personal_data.enqueue()
    old, young, waiting = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=old.pk).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=NOW - dt.timedelta(days=31)
    )
    DBTaskResult.objects.filter(pk=young.pk).update(
        status=TaskResultStatus.FAILED, finished_at=NOW - dt.timedelta(days=29)
    )
    assert purge(NOW).task_results == 1
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {young.pk, waiting.pk}


def test_months_before_clamps_to_the_end_of_month() -> None:
    assert months_before(dt.datetime(2026, 3, 31, 8), 1) == dt.datetime(2026, 2, 28, 8)
    assert months_before(dt.datetime(2026, 6, 15), 24) == dt.datetime(2024, 6, 15)


def test_purge_command_prints_a_french_report(files: dict[str, Any]) -> None:
    out = StringIO()
    call_command("purge", "--dry-run", stdout=out)
    assert "Simulation : rien n'a été supprimé." in out.getvalue()
    assert Person.objects.count() == 2
    call_command("purge", stdout=out)
    assert "Dossiers personnes supprimés : 1" in out.getvalue()
    assert Person.objects.count() == 1


def test_purge_task_runs_then_books_tomorrow_once(files: dict[str, Any]) -> None:
    assert inspect.signature(purge_personal_data.func).parameters == {}
    before = timezone.now()
    result = purge_personal_data.call()
    assert result["persons"] == 1
    booked = DBTaskResult.objects.get(status=TaskResultStatus.READY, task_path=purge_personal_data.module_path)
    assert booked.args_kwargs == {"args": [], "kwargs": {}}
    assert before + dt.timedelta(hours=23) < booked.run_after <= timezone.now() + dt.timedelta(days=1)
    assert schedule_purge() is False
    assert DBTaskResult.objects.count() == 1


def test_schedule_command_is_idempotent(db: Any) -> None:
    out = StringIO()
    call_command("purge", "--schedule", stdout=out)
    call_command("purge", "--schedule", stdout=out)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert "déjà programmée" in out.getvalue()
