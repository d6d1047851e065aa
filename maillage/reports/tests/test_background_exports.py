"""Large exports: the PDF (and a large XLSX) built by the task worker, its progress page, its file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.factories import sign_in
from maillage.reports import export_jobs
from maillage.reports.models import ExportJob, ExportStatus
from maillage.reports.tests.helpers import seed

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def manager(cast: Any, media: Path) -> Client:
    seed(cast, visits=30)
    client = Client()
    sign_in(client, cast.manager_a)
    return client


@pytest.fixture
def xlsx_in_background(settings: Any) -> None:
    """Every XLSX goes to the worker: the tests of the job itself avoid WeasyPrint's seconds."""
    settings.REPORT_EXPORT_BACKGROUND_CELLS = 1
    settings.TASKS = IMMEDIATE


def _download(client: Client, job: ExportJob) -> tuple[int, bytes]:
    response = client.get(reverse("reports:export_file", args=[job.uuid]))
    # Reading a streamed body to its end closes it the way the test client expects; calling close()
    # by hand would fire request_finished, whose handler closes the test's database connection.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, content


def _ask(client: Client, cast: Any, fmt: str) -> Any:
    return client.get(
        reverse("reports:report"), {"scope": f"structure:{cast.structure_a.uuid}", "period": "2025", "format": fmt}
    )


def test_pdf_is_built_by_the_worker_then_offered_for_download(cast: Any, manager: Client, settings: Any) -> None:
    settings.TASKS = IMMEDIATE
    response = _ask(manager, cast, "pdf")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:export", args=[job.uuid])
    assert (job.status, job.percent, job.created_by) == (ExportStatus.DONE, 100, cast.manager_a)
    assert default_storage.exists(job.file.name)
    page = manager.get(response["Location"]).content.decode()
    assert "hx-trigger" not in page  # finished: the page stops polling
    assert f"Télécharger {job.filename}" in page
    download = manager.get(reverse("reports:export_file", args=[job.uuid]))
    assert download["Content-Type"] == "application/pdf"
    assert f'filename="{job.filename}"' in download["Content-Disposition"]
    b"".join(download.streaming_content)  # read to the end: the test client closes the file
    with default_storage.open(job.file.name) as stored:
        assert _download(manager, job) == (200, stored.read())
    assert _download(manager, job)[1].startswith(b"%PDF")


def test_job_waits_in_the_database_queue_and_its_progress_moves(cast: Any, manager: Client, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.REPORT_EXPORT_BACKGROUND_CELLS = 1
    _ask(manager, cast, "xlsx")
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.PENDING
    status_url = reverse("reports:export_status", args=[job.uuid])
    waiting = manager.get(status_url).content.decode()
    assert 'hx-trigger="every 2s"' in waiting
    assert "En attente d&#x27;un processus de préparation" in waiting
    task = DBTaskResult.objects.get(task_path__endswith="build_export")
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}  # the job id only

    seen: list[tuple[str, int]] = []

    def record(sender: Any, instance: ExportJob, **kwargs: Any) -> None:
        seen.append((instance.status, instance.percent))

    post_save.connect(record, sender=ExportJob)
    try:
        assert task.task.call(*task.args_kwargs["args"]) is True  # what the db_worker runs
    finally:
        post_save.disconnect(record, sender=ExportJob)
    assert seen == [("running", 10), ("running", 40), ("running", 90), ("done", 100)]
    done = manager.get(status_url).content.decode()
    assert "hx-trigger" not in done
    assert "Fichier prêt." in done


@pytest.mark.parametrize("who", ["mediator_a", "manager_b", "coordinator_a", "admin"])
def test_only_the_author_sees_the_job_and_its_file(
    cast: Any, manager: Client, xlsx_in_background: None, who: str
) -> None:
    _ask(manager, cast, "xlsx")
    job = ExportJob.objects.get()
    other = Client()
    sign_in(other, getattr(cast, who))
    for name in ("export", "export_status", "export_file"):
        assert other.get(reverse(f"reports:{name}", args=[job.uuid])).status_code == 404
    assert _download(manager, job)[0] == 200


def test_file_is_refused_once_the_author_lost_the_scope(cast: Any, manager: Client, xlsx_in_background: None) -> None:
    _ask(manager, cast, "xlsx")
    job = ExportJob.objects.get()
    cast.manager_a.memberships.filter(role=Role.STRUCTURE_MANAGER).update(structure=cast.structure_b)
    refused = manager.get(reverse("reports:export_file", args=[job.uuid]))
    assert refused.status_code == 410
    assert "plus disponible" in refused.content.decode()


def test_a_report_out_of_reach_fails_with_a_french_message(cast: Any, manager: Client) -> None:
    _ask(manager, cast, "pdf")
    job = ExportJob.objects.get()
    cast.manager_a.memberships.filter(role=Role.STRUCTURE_MANAGER).update(structure=cast.structure_b)
    from maillage.reports.tasks import build_export

    assert build_export.call(job.pk) is False
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.step.startswith("Ce rapport n'est plus disponible")
    page = manager.get(reverse("reports:export", args=[job.uuid])).content.decode()
    assert 'role="alert"' in page
    assert "Télécharger" not in page


def test_a_storage_failure_is_shown_in_french(
    cast: Any, manager: Client, settings: Any, tmp_path: Path, xlsx_in_background: None
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked  # the file cannot be written under it
    _ask(manager, cast, "xlsx")
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED
    page = manager.get(reverse("reports:export", args=[job.uuid])).content.decode()
    assert "La préparation du fichier a échoué. Réessayez" in page


def test_small_xlsx_stays_immediate_and_a_large_one_goes_to_the_worker(
    cast: Any, manager: Client, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    immediate = _ask(manager, cast, "xlsx")  # 2 places × 12 months, under the threshold
    assert immediate.status_code == 200
    assert immediate.content.startswith(b"PK")
    assert not ExportJob.objects.exists()
    assert _ask(manager, cast, "csv").status_code == 200
    settings.REPORT_EXPORT_BACKGROUND_CELLS = 24
    queued = _ask(manager, cast, "xlsx")
    job = ExportJob.objects.get()
    assert queued.status_code == 302
    assert (job.format, job.status) == ("xlsx", ExportStatus.DONE)
    assert job.filename.endswith(".xlsx")


def test_old_files_are_purged_and_stuck_jobs_interrupted(cast: Any, manager: Client, xlsx_in_background: None) -> None:
    for _ in range(2):
        _ask(manager, cast, "xlsx")
    old, recent = ExportJob.objects.order_by("pk")
    stuck = ExportJob.objects.create(created_by=cast.manager_a, parameters={}, format="pdf")
    now = timezone.now()
    ExportJob.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=8))
    ExportJob.objects.filter(pk=stuck.pk).update(created_at=now - dt.timedelta(hours=3))
    assert export_jobs.purge(now) == {"exports_interrupted": 1, "exports_deleted": 1}
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(recent.file.name)
    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED
    assert stuck.step.startswith("La préparation a été interrompue")
