"""Managers are reminded to confirm places whose information is older than PLACE_CONFIRM_MONTHS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.network.models import Place
from maillage.network.tasks import remind_stale_places


def test_stale_places_are_sent_to_their_managers_once_per_period(cast: Any) -> None:
    now = timezone.now()
    Place.objects.filter(pk=cast.place_a.pk).update(confirmed_at=now - dt.timedelta(days=200))
    assert remind_stale_places(now, "https://maillage.exemple.fr/") == 1
    message = mail.outbox[0]
    assert message.to == [cast.manager_a.email]
    assert "Lieu A" in message.body
    assert "Lieu B" not in message.body
    assert f"https://maillage.exemple.fr/gestion/structures/{cast.structure_a.uuid}/" in message.body
    assert remind_stale_places(now + dt.timedelta(days=1), "https://maillage.exemple.fr/") == 0
    cast.place_a.refresh_from_db()
    cast.place_a.confirm()
    assert remind_stale_places(now + dt.timedelta(days=2), "https://maillage.exemple.fr/") == 0


def test_schedule_books_each_daily_task_once(db: Any) -> None:
    call_command("schedule", "--base-url", "https://maillage.exemple.fr/", verbosity=0)
    call_command("schedule", "--base-url", "https://maillage.exemple.fr/", verbosity=0)
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert len(paths) == 10
    assert any(p.endswith("rights_daily") for p in paths)
    assert any(p.endswith("rescreen_nightly") for p in paths)
    assert any(p.endswith("rollup_daily") for p in paths)
    assert any(p.endswith("purge_personal_data") for p in paths)
    assert any(p.endswith("referrals_daily") for p in paths)
    assert any(p.endswith("places_freshness_daily") for p in paths)
    assert any(p.endswith("surveys_daily") for p in paths)
    assert any(p.endswith("territory_daily") for p in paths)
    assert any(p.endswith("tickets_nightly") for p in paths)
    assert any(p.endswith("imports_daily") for p in paths)
