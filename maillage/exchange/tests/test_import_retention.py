"""An import of places left unconfirmed is deleted after PENDING_DAYS, its file with it, by the daily task."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from maillage.exchange.models import PENDING_DAYS, PlaceImport
from maillage.exchange.tasks import run_daily


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_an_unconfirmed_import_is_deleted_with_its_file_after_its_delay(cast: Any) -> None:
    old = PlaceImport.receive(created_by=cast.admin, structure=None, file_name="ancien.csv", data=b"nom\n")
    recent = PlaceImport.receive(created_by=cast.admin, structure=None, file_name="recent.csv", data=b"nom\n")
    PlaceImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=PENDING_DAYS + 1))
    assert default_storage.exists(old.file.name)

    assert run_daily(timezone.now()) == {"imports_deleted": 1}
    assert list(PlaceImport.objects.all()) == [recent]
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(recent.file.name)


def test_an_imported_file_keeps_its_summary_past_the_delay(cast: Any) -> None:
    done = PlaceImport.receive(created_by=cast.admin, structure=None, file_name="fait.csv", data=b"nom\n")
    done.mark_done("3 lieu(x) ont été créé(s).")
    PlaceImport.objects.filter(pk=done.pk).update(created_at=timezone.now() - dt.timedelta(days=PENDING_DAYS + 1))
    assert run_daily(timezone.now()) == {"imports_deleted": 0}
    assert PlaceImport.objects.get().summary == "3 lieu(x) ont été créé(s)."
