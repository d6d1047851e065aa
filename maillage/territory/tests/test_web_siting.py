"""Siting of K new places from the web page: a background task, its progress and its answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.territory.enums import SitingStatus
from maillage.territory.models import Commune, SitingRun


@pytest.fixture
def two_more(belfort: list[Commune]) -> list[Commune]:
    """C4 is 5.6 km from C3 (one site covers both), C5 is alone 55 km further north."""
    extra = list(Commune.objects.filter(departement_id="90").order_by("code")[4:6])
    for commune, (lat, lon, population) in zip(extra, ((45.55, 4.0, 100), (46.0, 4.0, 50)), strict=True):
        commune.lat, commune.lon, commune.population = lat, lon, population
        commune.save()
    return [*belfort[:3], *extra]


def _post(client: Client, sites: int, **params: Any) -> Any:
    data = {"departement": "90", "distance": "10", "unit": "km", "sites": str(sites), **params}
    return client.post(reverse("territory:siting"), data)


@pytest.fixture
def immediate(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_siting_runs_and_shows_the_proposals(two_more: list[Commune], coordinator: Client, immediate: None) -> None:
    response = _post(coordinator, 2)
    run = SitingRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("territory:siting_run", args=[run.uuid])
    assert run.status == SitingStatus.DONE
    result: Any = run.result
    c3, c4, c5 = two_more[2:]
    # C3 and C4 cover each other: the first site takes 400 people, the second (C5) 50.
    assert [p["code"] for p in result["proposals"]] == [min(c3.code, c4.code), c5.code]
    assert [p["gained"] for p in result["proposals"]] == [400, 50]
    assert (result["already_covered"], result["population_covered"], result["population_total"]) == (1200, 1650, 1650)
    assert result["upper_bound"] == 1650
    assert result["gap"] == 0.0
    body = coordinator.get(response["Location"]).content.decode()
    assert "2 sites proposés" in body
    assert body.count("data-proposal ") == 2
    assert "hx-trigger" not in body  # finished: the page stops polling
    assert "450 habitants" in body


def test_more_sites_than_candidates_proposes_what_helps(
    two_more: list[Commune], coordinator: Client, immediate: None
) -> None:
    _post(coordinator, 5)
    result: Any = SitingRun.objects.get().result
    assert len(result["proposals"]) == 2
    assert result["requested"] == 5


def test_sites_must_be_between_1_and_50(coordinator: Client, immediate: None) -> None:
    response = _post(coordinator, 51)
    assert response.status_code == 200
    assert "inférieure ou égale à 50" in response.content.decode()
    assert not SitingRun.objects.exists()


def test_pending_run_page_polls_every_two_seconds(cast: Any, coordinator: Client) -> None:
    run = SitingRun.objects.create(
        created_by=cast.coordinator_a, departement_id="90", distance=10, sites=3, progress="En attente…"
    )
    body = coordinator.get(reverse("territory:siting_run_status", args=[run.uuid])).content.decode()
    assert 'hx-trigger="every 2s"' in body
    assert "En attente…" in body


def test_siting_is_queued_on_the_database_backend(two_more: list[Commune], coordinator: Client) -> None:
    from django_tasks_db.models import DBTaskResult

    _post(coordinator, 1)
    run = SitingRun.objects.get()
    assert run.status == SitingStatus.PENDING
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("run_siting")
    assert task.args_kwargs == {"args": [run.pk], "kwargs": {}}  # the run id only
    assert task.task.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"]) is True
    run.refresh_from_db()
    assert run.status == SitingStatus.DONE
    assert (run.result or {})["gained"] == 400


def test_failure_is_reported_in_french(two_more: list[Commune], cast: Any, monkeypatch: Any, immediate: None) -> None:
    from maillage.territory import tasks

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(tasks, "siting", broken)
    run = SitingRun.objects.create(created_by=cast.admin, departement_id="90", distance=10, sites=1)
    assert tasks.run_siting.call(run.pk) is False
    run.refresh_from_db()
    assert run.status == SitingStatus.FAILED
    assert run.progress.startswith("Le calcul a échoué")
