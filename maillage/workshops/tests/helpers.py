"""Builders shared by the workshop tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from maillage.workshops.enums import Answer, SessionLevel, Theme
from maillage.workshops.models import Session
from maillage.workshops.skills import TASKS


def make_session(place: Any, *, days: int = 3, hour: int = 10, **fields: Any) -> Session:
    """A two-hour session `days` from today (negative: in the past) at `place`."""
    day = timezone.localdate() + dt.timedelta(days=days)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    values: dict[str, Any] = {
        "structure": place.structure,
        "place": place,
        "theme": Theme.ONLINE_PROCEDURES,
        "title": "Démarches en ligne",
        "level": SessionLevel.ALL,
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "capacity": 8,
    }
    values.update(fields)
    return Session.objects.create(**values)


def answers(basic: str, everyday: str = Answer.NOT_DONE, advanced: str = Answer.NOT_DONE) -> dict[str, str]:
    """The same answer for every task of a block."""
    blocks = {"basic": basic, "everyday": everyday, "advanced": advanced}
    return {task.code: blocks[task.block] for task in TASKS}
