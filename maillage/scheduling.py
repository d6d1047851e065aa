"""Daily background tasks book their own next run; this enqueues one unless one is already waiting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def schedule_once(task: Any, *args: Any, run_after: dt.datetime | None = None) -> bool:
    """Enqueue `task` unless a run of it is already waiting; returns whether one was enqueued."""
    if DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task.module_path).exists():
        return False
    task.using(run_after=run_after or timezone.now()).enqueue(*args)
    return True
