"""Opening hours in OpenStreetMap syntax, evaluated in Europe/Paris with French public holidays."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours as oh

PARIS = ZoneInfo("Europe/Paris")
MAX_LOOKAHEAD_DAYS = 366
PARSER_ERROR: type[Exception] = oh.ParserError  # type: ignore[attr-defined]  # missing from the stubs


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
    except (PARSER_ERROR, SyntaxError, ValueError):
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
        return ", ".join(f"{time_text(a)} – {time_text(b)}" for a, b in self.slots)


def time_text(value: dt.time) -> str:
    """French short form of a time: 9h, 13h30."""
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


# --- A weekly grid, the subset of the OSM syntax that the hours editor reads and writes. ---------------

Slot = tuple[dt.time, dt.time]
MAX_SLOTS_PER_DAY = 3
DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTH_CODES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NO_DAYS: tuple[tuple[Slot, ...], ...] = ((),) * 7


@dataclass(frozen=True)
class DatedHours:
    """An exception from `start` to `end` (both included): closed when `slots` is empty, else open then."""

    start: dt.date
    end: dt.date
    slots: tuple[Slot, ...] = ()

    @property
    def is_closure(self) -> bool:
        return not self.slots


@dataclass(frozen=True)
class WeekGrid:
    """Opening slots for Monday..Sunday, the public-holiday flag and dated exceptions.

    In the OSM string the weekly rules come first, then `PH off`, then closures, then special
    openings: a later rule wins, so a special opening overrides a holiday or a closure on its days.
    """

    days: tuple[tuple[Slot, ...], ...] = NO_DAYS
    closed_on_holidays: bool = True
    exceptions: tuple[DatedHours, ...] = ()

    @property
    def has_weekly_slots(self) -> bool:
        return any(self.days)

    @property
    def is_empty(self) -> bool:
        return not self.has_weekly_slots and not self.exceptions


def _minute(value: dt.time) -> dt.time:
    return value.replace(second=0, microsecond=0, tzinfo=None)


def _sorted_slots(slots: tuple[Slot, ...]) -> tuple[Slot, ...]:
    return tuple(sorted((_minute(a), _minute(b)) for a, b in slots))


def merge_slots(slots: tuple[Slot, ...]) -> tuple[Slot, ...]:
    """The union of possibly overlapping or repeated slots, sorted; empty slots (start == end) dropped.

    Lists that gather several desks or sites give 09:00-12:00 and 09:00-16:30 for one day: the place
    is open over the union. Slots ending before they start are kept for `slot_errors` to report.
    """
    kept = sorted((_minute(a), _minute(b)) for a, b in slots if _minute(a) != _minute(b))
    merged: list[Slot] = []
    for start, end in (slot for slot in kept if slot[0] < slot[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(sorted(merged + [slot for slot in kept if slot[0] > slot[1]]))


def normalise(grid: WeekGrid) -> WeekGrid:
    """The canonical form: minutes only, slots and exceptions sorted (closures first), no duplicates.

    The holiday flag only matters when there are weekly slots; without them it reads as the default (True).
    """
    exceptions = {DatedHours(e.start, e.end, _sorted_slots(e.slots)) for e in grid.exceptions}
    days = tuple(_sorted_slots(slots) for slots in grid.days)
    return WeekGrid(
        days=days,
        closed_on_holidays=grid.closed_on_holidays or not any(days),
        exceptions=tuple(sorted(exceptions, key=lambda e: (not e.is_closure, e.start, e.end, e.slots))),
    )


def _osm_slots(slots: tuple[Slot, ...]) -> str:
    return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in slots)


def _osm_days(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        f"{DAY_CODES[run[0]]}-{DAY_CODES[run[-1]]}" if len(run) > 2 else ",".join(DAY_CODES[d] for d in run)
        for run in runs
    )


def _osm_date(value: dt.date) -> str:
    return f"{value.year} {MONTH_CODES[value.month - 1]} {value.day:02d}"


def grid_to_osm(grid: WeekGrid) -> str:
    """Canonical OSM string for a grid (check `grid_errors` first). An empty grid gives "".

    "" means "hours not given" (shown as unknown), not "always closed": an untouched editor must not
    announce a place as closed.
    """
    grid = normalise(grid)
    if grid.is_empty:
        return ""
    groups: dict[tuple[Slot, ...], list[int]] = {}
    for day, slots in enumerate(grid.days):
        if slots:
            groups.setdefault(slots, []).append(day)
    rules = [f"{_osm_days(days)} {_osm_slots(slots)}" for slots, days in groups.items()]
    if grid.has_weekly_slots and grid.closed_on_holidays:
        rules.append("PH off")
    for exception in grid.exceptions:
        dates = _osm_date(exception.start)
        if exception.end != exception.start:
            dates += f"-{_osm_date(exception.end)}"
        rules.append(f"{dates} {'off' if exception.is_closure else _osm_slots(exception.slots)}")
    return "; ".join(rules)


_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d"
_SLOTS = rf"{_TIME}-{_TIME}(?:\s*,\s*{_TIME}-{_TIME})*"
_DAY = "|".join(DAY_CODES)
_DAYS = rf"(?:{_DAY})(?:-(?:{_DAY}))?(?:\s*,\s*(?:{_DAY})(?:-(?:{_DAY}))?)*"
_DATE = rf"\d{{4}} (?:{'|'.join(MONTH_CODES)}) \d{{1,2}}"
WEEKLY_RULE = re.compile(rf"(?P<days>{_DAYS})\s+(?P<slots>{_SLOTS})")
DATED_RULE = re.compile(
    rf"(?P<start>{_DATE})(?:\s*-\s*(?P<end>{_DATE}))?\s+(?:(?P<off>off|closed)|(?P<slots>{_SLOTS}))"
)


def _parse_slots(text: str) -> tuple[Slot, ...]:
    pairs = (part.strip().split("-") for part in text.split(","))
    return tuple((dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in pairs)


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        start, end = DAY_CODES.index(first), DAY_CODES.index(last or first)
        if end < start:
            raise ValueError("wrapping day range")
        days.extend(range(start, end + 1))
    return days


def _parse_date(text: str) -> dt.date:
    year, month, day = text.split()
    return dt.date(int(year), MONTH_CODES.index(month) + 1, int(day))


def osm_to_grid(expression: str) -> WeekGrid | None:
    """Read back what `grid_to_osm` writes; None for anything the grid cannot represent faithfully."""
    text = expression.strip()
    if not text:
        return WeekGrid()
    if hours_error(text):
        return None
    days: list[tuple[Slot, ...] | None] = [None] * 7
    holidays_off = False
    exceptions: list[DatedHours] = []
    phase = 0  # weekly rules (0), then PH off (1), then closures (2), then special openings (3)
    try:
        for rule in (part.strip() for part in text.split(";")):
            if weekly := WEEKLY_RULE.fullmatch(rule):
                if phase > 0:
                    return None
                slots = _parse_slots(weekly["slots"])
                for day in _parse_days(weekly["days"]):
                    if days[day] is not None:
                        return None
                    days[day] = slots
            elif rule == "PH off" and phase == 0:
                phase, holidays_off = 1, True
            elif dated := DATED_RULE.fullmatch(rule):
                kind = 2 if dated["off"] else 3
                if phase > kind:
                    return None
                phase = kind
                start = _parse_date(dated["start"])
                end = _parse_date(dated["end"]) if dated["end"] else start
                slots = _parse_slots(dated["slots"]) if dated["slots"] else ()
                exceptions.append(DatedHours(start, end, slots))
            else:
                return None
    except ValueError:
        return None
    grid = WeekGrid(
        days=tuple(slots or () for slots in days),
        closed_on_holidays=holidays_off or not any(days),
        exceptions=tuple(exceptions),
    )
    return None if grid_errors(grid) else normalise(grid)


DAY_LABELS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")


def _date_fr(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def exception_label(exception: DatedHours) -> str:
    if exception.end == exception.start:
        return f"Exception du {_date_fr(exception.start)}"
    return f"Exception du {_date_fr(exception.start)} au {_date_fr(exception.end)}"


def slot_errors(label: str, slots: tuple[Slot, ...]) -> list[str]:
    """French messages for one day's slots: too many, ending before they start, overlapping."""
    errors: list[str] = []
    if len(slots) > MAX_SLOTS_PER_DAY:
        errors.append(f"{label} : {MAX_SLOTS_PER_DAY} créneaux au plus.")
    for number, (start, end) in enumerate(slots, start=1):
        if end <= start:
            errors.append(
                f"{label}, créneau {number} : l'heure de fin ({time_text(end)}) doit être après "
                f"l'heure de début ({time_text(start)})."
            )
    ordered = sorted((a, b) for a, b in slots if b > a)
    for (a1, b1), (a2, b2) in itertools.pairwise(ordered):
        if a2 < b1:
            first, second = f"{time_text(a1)} – {time_text(b1)}", f"{time_text(a2)} – {time_text(b2)}"
            errors.append(f"{label} : les créneaux {first} et {second} se chevauchent.")
    return errors


def grid_errors(grid: WeekGrid) -> list[str]:
    """French messages for everything that would make the grid wrong once written as OSM."""
    errors: list[str] = []
    for label, slots in zip(DAY_LABELS, grid.days, strict=True):
        errors += slot_errors(label, slots)
    for exception in grid.exceptions:
        label = exception_label(exception)
        if exception.end < exception.start:
            errors.append(f"{label} : la date de fin précède la date de début.")
        errors += slot_errors(label, exception.slots)
    openings = sorted((e for e in grid.exceptions if not e.is_closure), key=lambda e: (e.start, e.end))
    for first, second in itertools.pairwise(openings):
        if second.start <= first.end:
            errors.append(
                f"{exception_label(first)} et {exception_label(second).lower()} : ces ouvertures "
                "exceptionnelles portent sur les mêmes jours, gardez-en une seule."
            )
    if grid.exceptions and not grid.has_weekly_slots and all(e.is_closure for e in grid.exceptions):
        errors.append("Indiquez au moins un créneau d'ouverture : des fermetures seules ne décrivent pas des horaires.")
    return errors
