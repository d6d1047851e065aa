"""The nightly re-screening: which files are screened again, what is stored and followed, and when it stops."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.counter.tests.helpers import make_person
from maillage.rights.enums import ScreeningOrigin, ScreeningStatus, Stage
from maillage.rights.models import FollowedRight, Screening
from maillage.rights.rescreening import candidates, rescreen
from maillage.rights.tasks import rescreen_nightly
from maillage.rights.tests.helpers import follow

pytestmark = pytest.mark.django_db

NO_INCOME = {"age": 29, "disability": "none", "resources": {}}


def situation(**changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    base = {
        "couple": False,
        "applicant": dict(NO_INCOME),
        "partner": None,
        "children": [],
        "housing_status": "owner",
        "rent": None,
        "commune_code": "",
        "received": [],
        "ages_on": today.replace(day=1).isoformat(),
    }
    base.update(changes)
    return base


def screened(person: Any, *, period: str | None = None, days_ago: int = 0, pending: bool = False, **changes: Any):
    created = timezone.now() - dt.timedelta(days=days_ago)
    row = Screening(
        person=person,
        structure=person.structure,
        origin=ScreeningOrigin.FORM,
        status=ScreeningStatus.PENDING if pending else ScreeningStatus.COMPUTED,
        consent_given_on=timezone.localdate(created),
        consent_method="oral",
        period=period or timezone.localdate(created).strftime("%Y-%m"),
        situation=json.dumps(situation(**{"ages_on": timezone.localdate(created).isoformat(), **changes})),
        created_at=created,
    )
    if not pending:
        row.results = json.dumps({"rsa": {"status": "not_eligible", "amount": None, "period": "month"}})
        row.openfisca_version = "176.1.8"
        row.computed_at = created
    row.save()
    return row


def test_a_situation_saved_while_the_service_was_down_is_computed_at_night(cast: Any, service: str) -> None:
    person = make_person(cast.structure_a)
    pending = screened(person, period="2014-01", pending=True)
    before = person.last_activity_at

    report = rescreen()

    pending.refresh_from_db()
    assert (report.screened, report.reasons["pending"]) == (1, 1)
    assert pending.status == ScreeningStatus.COMPUTED
    assert pending.results_data["rsa"]["amount"] == "439.39"  # rsa_celibataire.yaml, 2014-01
    followed = FollowedRight.objects.get(person=person, right="rsa")
    assert followed.remind_on == timezone.localdate()  # its mediator sees it in the morning
    assert "recalcul de nuit" in followed.note
    person.refresh_from_db()
    assert person.last_activity_at == before  # a night's work is no activity of the person


def test_a_new_legislation_year_screens_the_file_again_with_this_months_rules(cast: Any, service: str) -> None:
    person = make_person(cast.structure_a)
    last_year = timezone.localdate().year - 1
    screened(person, period=f"{last_year}-11", days_ago=400)
    current = make_person(cast.structure_a, first_name="Léon")
    screened(current)

    report = rescreen()

    assert (report.candidates, report.reasons["year"]) == (1, 1)
    newest = Screening.objects.filter(person=person).first()
    assert newest.origin == ScreeningOrigin.NIGHTLY
    assert newest.period == timezone.localdate().strftime("%Y-%m")
    assert newest.situation_data["applicant"]["age"] >= 30  # ages moved on with the calendar
    assert Screening.objects.filter(person=current).count() == 1
    assert rescreen().candidates == 0  # done for this year


def test_crossing_an_age_the_rights_depend_on_makes_a_file_a_candidate(cast: Any) -> None:
    person = make_person(cast.structure_a)
    today = timezone.localdate()
    two_years_ago = today.replace(year=today.year - 2, day=1).isoformat()
    screened(person, period=today.strftime("%Y-%m"), applicant={**NO_INCOME, "age": 24}, ages_on=two_years_ago)
    unchanged = make_person(cast.structure_a, first_name="Léon")
    screened(unchanged, period=today.strftime("%Y-%m"), applicant={**NO_INCOME, "age": 40}, ages_on=two_years_ago)

    found = candidates(timezone.now())

    assert [(c.latest.person_id, c.reason) for c in found] == [(person.pk, "age")]


def test_a_right_opened_since_the_screening_is_counted_as_received_next_time(cast: Any, service: str) -> None:
    person = make_person(cast.structure_a)
    screened(person, period="2014-01", days_ago=3)
    right = follow(person, "rsa", mediator=cast.mediator_a)
    right.file()
    right.open_with(Decimal("439.39"))

    report = rescreen()

    assert report.reasons["opened"] == 1
    newest = Screening.objects.filter(person=person).first()
    assert newest.results_data["rsa"]["status"] == "received"
    assert FollowedRight.objects.filter(person=person, right="rsa").count() == 1


def test_idle_files_without_open_rights_are_left_alone(cast: Any) -> None:
    person = make_person(cast.structure_a)
    screened(person, period="2014-01", pending=True)
    type(person).objects.filter(pk=person.pk).update(last_activity_at=timezone.now() - dt.timedelta(days=240))
    assert candidates(timezone.now()) == []

    follow(person, "apl")
    assert len(candidates(timezone.now())) == 1  # an open right keeps the file active


def test_the_service_down_stops_the_night_and_keeps_every_candidate(cast: Any, settings: Any) -> None:
    settings.OPENFISCA_URL = "http://127.0.0.1:9"
    person = make_person(cast.structure_a)
    screened(person, period="2014-01", pending=True)

    report = rescreen()

    assert report.screened == 0
    assert "indisponible" in report.unavailable
    assert Screening.objects.get(person=person).status == ScreeningStatus.PENDING
    assert len(candidates(timezone.now())) == 1


def test_the_task_rescreens_then_books_the_next_night(cast: Any, service: str) -> None:
    person = make_person(cast.structure_a)
    screened(person, period="2014-01", pending=True)

    outcome = rescreen_nightly.call()

    followed = FollowedRight.objects.filter(person=person).count()  # the RSA and the free CSS, in 2014
    assert outcome == {"candidates": 1, "screened": 1, "new_rights": followed}
    assert followed >= 2
    booked = DBTaskResult.objects.get(task_path__endswith="rescreen_nightly")
    assert timezone.localtime(booked.run_after).hour == 2
    assert booked.run_after > timezone.now()


def test_the_command_says_what_it_did_in_french(cast: Any, service: str, capsys: Any) -> None:
    person = make_person(cast.structure_a)
    screened(person, period="2014-01", pending=True)

    call_command("rescreen", "--dry-run")
    assert "Dossiers à recalculer : 1" in capsys.readouterr().out
    call_command("rescreen")
    out = capsys.readouterr().out
    assert "Dossiers recalculés : 1" in out
    assert "situation en attente de calcul : 1" in out
    assert FollowedRight.objects.get(person=person, right="rsa").stage == Stage.IDENTIFIED


def test_the_task_tries_again_within_minutes_when_the_service_did_not_answer(cast: Any, settings: Any) -> None:
    settings.OPENFISCA_URL = "http://127.0.0.1:9"
    screened(make_person(cast.structure_a), period="2014-01", pending=True)

    rescreen_nightly.call()

    booked = DBTaskResult.objects.get(task_path__endswith="rescreen_nightly")
    assert booked.run_after <= timezone.now() + dt.timedelta(minutes=2)


def test_files_go_in_several_batches_each_stored_once(cast: Any, service: str, monkeypatch: Any) -> None:
    from maillage.rights import rescreening

    monkeypatch.setattr(rescreening, "BATCH", 2)  # 5 files: batches of 2, 2 and 1, computed one ahead
    people = [make_person(cast.structure_a, first_name=f"P{index}") for index in range(5)]
    for index, person in enumerate(people):
        screened(person, period="2014-01", pending=True, applicant={**NO_INCOME, "age": 30 + index})

    report = rescreen()

    assert (report.candidates, report.screened) == (5, 5)
    assert Screening.objects.filter(status=ScreeningStatus.COMPUTED).count() == 5
    assert FollowedRight.objects.filter(right="rsa").count() == 5  # each file's RSA, once
