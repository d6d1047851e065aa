"""Opening hours in OpenStreetMap syntax, evaluated in Europe/Paris with French public holidays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours as oh

PARIS = ZoneInfo("Europe/Paris")
MAX_LOOKAHEAD_DAYS = 366
_PARSE_ERRORS: tuple[type[Exception], ...] = (getattr(oh, "ParserError", SyntaxError), SyntaxError, ValueError)


@dataclass(frozen=True)
class Status:
    """Open or closed at a moment, and when that changes (None: never within a year)."""

    is_open: bool
    next_change: dt.datetime | None
    unknown: bool = False


@lru_cache(maxsize=4096)
def _parse(expression: str) -> oh.OpeningHours:
    return oh.OpeningHours(expression, timezone=PARIS, country="FR", max_interval_days=MAX_LOOKAHEAD_DAYS)


def hours_error(expression: str) -> str | None:
    """French message when `expression` is not valid OSM opening_hours syntax, else None."""
    if not expression.strip():
        return None
    try:
        _parse(expression.strip())
    except _PARSE_ERRORS:
        return (
            "Horaires illisibles. Utilisez le format OpenStreetMap, par exemple "
            "« Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; PH off »."
        )
    return None


def status_at(expression: str, when: dt.datetime) -> Status | None:
    """Status of a place with these hours at `when`; None when there are no (valid) hours."""
    if not expression.strip() or hours_error(expression):
        return None
    parsed = _parse(expression.strip())
    local = when.astimezone(PARIS)
    state = parsed.state(local)[0]
    next_change = parsed.next_change(local)
    if next_change is not None and next_change.tzinfo is None:
        next_change = next_change.replace(tzinfo=PARIS)
    return Status(is_open=state == oh.State.OPEN, next_change=next_change, unknown=state == oh.State.UNKNOWN)


DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


@dataclass(frozen=True)
class DayHours:
    day: dt.date
    label: str
    slots: tuple[tuple[dt.time, dt.time], ...]

    @property
    def text(self) -> str:
        if not self.slots:
            return "Fermé"
        return ", ".join(f"{_fmt(a)} – {_fmt(b)}" for a, b in self.slots)


def _fmt(value: dt.time) -> str:
    return f"{value.hour}h{value.minute:02d}" if value.minute else f"{value.hour}h"


def week_table(expression: str, when: dt.datetime) -> list[DayHours]:
    """Opening slots for the 7 days starting on the day of `when` (holidays taken into account)."""
    if not expression.strip() or hours_error(expression):
        return []
    parsed = _parse(expression.strip())
    start = when.astimezone(PARIS).replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + dt.timedelta(days=7)
    days: dict[dt.date, list[tuple[dt.time, dt.time]]] = {(start + dt.timedelta(days=i)).date(): [] for i in range(7)}
    for begin, finish, state, _comment in parsed.intervals(start, end):
        if state != oh.State.OPEN:
            continue
        finish = finish or end
        cursor = begin
        while cursor < finish:
            day_end = datetime_at_midnight(cursor) + dt.timedelta(days=1)
            slot_end = min(finish, day_end)
            closing = dt.time(23, 59) if slot_end == day_end else slot_end.timetz().replace(tzinfo=None)
            days.setdefault(cursor.date(), []).append((cursor.timetz().replace(tzinfo=None), closing))
            cursor = slot_end
    return [DayHours(day=d, label=DAY_NAMES[d.weekday()], slots=tuple(slots)) for d, slots in sorted(days.items())][:7]


def datetime_at_midnight(value: dt.datetime) -> dt.datetime:
    return value.replace(hour=0, minute=0, second=0, microsecond=0)
