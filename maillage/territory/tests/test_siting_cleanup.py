"""The daily clean-up of siting runs: old runs deleted, runs stuck "en cours" shown as interrupted."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.territory.enums import SitingStatus
from maillage.territory.models import Commune, SitingRun
from maillage.territory.tasks import INTERRUPTED, run_daily, run_siting


def _run(cast: Any, status: str, age: dt.timedelta) -> SitingRun:
    run = SitingRun.objects.create(
        created_by=cast.coordinator_a, departement_id="90", distance=10, sites=1, status=status
    )
    SitingRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - age)
    return run


def test_daily_clean_up_deletes_old_runs_and_fails_stuck_ones(
    belfort: list[Commune], cast: Any, coordinator: Client
) -> None:
    old = _run(cast, SitingStatus.DONE, dt.timedelta(days=91))
    recent = _run(cast, SitingStatus.DONE, dt.timedelta(days=10))
    stuck = _run(cast, SitingStatus.RUNNING, dt.timedelta(hours=7))
    queued = _run(cast, SitingStatus.PENDING, dt.timedelta(hours=1))

    assert run_daily(timezone.now()) == {"runs_interrupted": 1, "runs_deleted": 1}

    assert not SitingRun.objects.filter(pk=old.pk).exists()
    assert SitingRun.objects.get(pk=recent.pk).status == SitingStatus.DONE
    assert SitingRun.objects.get(pk=queued.pk).status == SitingStatus.PENDING
    stuck.refresh_from_db()
    assert (stuck.status, stuck.progress) == (SitingStatus.FAILED, INTERRUPTED)
    body = coordinator.get(reverse("territory:siting_run", args=[stuck.uuid])).content.decode()
    assert "interrompu" in body
    assert "hx-trigger" not in body  # the page stops polling
    assert run_siting.call(stuck.pk) is False  # a late worker leaves it alone
    again = re.search(r'href="([^"]+)">Relancer avec les mêmes paramètres', body)
    assert again is not None
    form = coordinator.get(html.unescape(again.group(1))).context["form"]
    assert (form["departement"].value(), form["distance"].value(), form["sites"].value()) == ("90", "10", "1")
    assert coordinator.get(reverse("territory:siting_run", args=[old.uuid])).status_code == 404
