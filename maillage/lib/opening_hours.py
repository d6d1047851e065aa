"""Opening hours in OpenStreetMap syntax, evaluated where the place is: its time zone, its public
holidays (`PH`) and its school holidays (`SH`), see `maillage.lib.calendars`.

The parser (opening-hours-py) only knows one national holiday calendar per country, so it is run
without one: a day on which `PH` or `SH` matters is evaluated on its own, with the holiday selectors
replaced by a weekday that matches that day exactly when it is such a holiday.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours as oh

from maillage.lib.calendars import METROPOLE, PARIS, LocalCalendar

__all__ = ["METROPOLE", "PARIS", "LocalCalendar"]

MAX_LOOKAHEAD_DAYS = 366
PARSER_ERROR: type[Exception] = oh.ParserError  # type: ignore[attr-defined]  # missing from the stubs
SCHOOL_HOLIDAYS_UNKNOWN = "vacances scolaires non connues pour ce territoire"
NBSP = "\u00a0"

Interval = tuple[dt.datetime, dt.datetime, oh.State, str]


@dataclass(frozen=True)
class Status:
    """The state at a moment. `is_open` only when open without condition: a rule carrying a comment
    ("sur rendez-vous") or an unknown state is never "open". `next_change`: when the state changes
    (None: not within a year); `change_text`: French, in the place's time, e.g. "Ferme aujourd'hui à 12 h 30".
    """

    is_open: bool
    next_change: dt.datetime | None
    unknown: bool = False
    comment: str = ""
    change_text: str = ""

    @property
    def label(self) -> str:
        if self.comment:
            return self.comment[:1].upper() + self.comment[1:]
        if self.unknown:
            return "Horaires à confirmer"
        return "Ouvert maintenant" if self.is_open else "Fermé"


@lru_cache(maxsize=4096)
def _parse(expression: str, timezone: ZoneInfo = PARIS) -> oh.OpeningHours:
    return oh.OpeningHours(
        expression,
        timezone=timezone,
        country=None,
        auto_country=False,
        auto_timezone=False,
        max_interval_days=MAX_LOOKAHEAD_DAYS,
    )


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


# --- Holidays: PH and SH evaluated day by day with the place's calendar. --------------------------------

HOLIDAY_TOKEN = re.compile(r"\b(PH|SH)\b")
HOLIDAY_THEN_WEEKDAYS = re.compile(r"\b(PH|SH) +((?:Mo|Tu|We|Th|Fr|Sa|Su)\S*)")
HOLIDAY_OFFSET = re.compile(r"\b(PH|SH) *[+-] *\d")


def _outside_comments(expression: str, change: Callable[[str], str]) -> str:
    parts = expression.split('"')
    return '"'.join(change(part) if index % 2 == 0 else part for index, part in enumerate(parts))


def _tokens(expression: str) -> set[str]:
    return {token for part in expression.split('"')[::2] for token in HOLIDAY_TOKEN.findall(part)}


def _variant(expression: str, day: dt.date, public: bool, school: bool) -> str:
    """`expression` for `day` only: PH and SH become this day's weekday when it is such a holiday, else a
    weekday that is neither this day nor the day before ("SH Mo-Fr" keeps or drops its weekdays)."""
    weekday, elsewhere = DAY_CODES[day.weekday()], DAY_CODES[(day.weekday() + 2) % 7]
    truth = {"PH": public, "SH": school}

    def change(text: str) -> str:
        text = HOLIDAY_THEN_WEEKDAYS.sub(lambda m: m[2] if truth[m[1]] else elsewhere, text)
        return HOLIDAY_TOKEN.sub(lambda m: weekday if truth[m[1]] else elsewhere, text)

    return _outside_comments(expression, change)


def _day_expression(expression: str, tokens: set[str], day: dt.date, calendar: LocalCalendar) -> str | None:
    """What to evaluate `day` with: `expression` itself when no holiday matters; None when not computable."""
    public = "PH" in tokens and calendar.is_public_holiday(day)
    school: bool | None = False
    if "SH" in tokens:
        school = calendar.is_school_holiday(day)
        if school is None:
            return None
    elif not public:
        return expression
    return _variant(expression, day, public, bool(school))


def _midnight(day: dt.date, timezone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=timezone)


def _evaluate(expression: str, start: dt.datetime, end: dt.datetime, timezone: ZoneInfo) -> Iterator[Interval]:
    try:
        parsed = _parse(expression, timezone)
    except (PARSER_ERROR, SyntaxError, ValueError):  # a holiday form the day-by-day rewrite cannot express
        yield start, end, oh.State.UNKNOWN, ""
        return
    for begin, finish, state, comment in parsed.intervals(start, end):
        begin = begin if begin.tzinfo else begin.replace(tzinfo=timezone)
        finish = (finish if finish.tzinfo else finish.replace(tzinfo=timezone)) if finish else end
        yield begin, min(finish, end), state, comment


def _raw_intervals(
    expression: str, start: dt.datetime, end: dt.datetime, calendar: LocalCalendar
) -> Iterator[Interval]:
    timezone = calendar.timezone
    start, end = start.astimezone(timezone), end.astimezone(timezone)
    tokens = _tokens(expression)
    if any(HOLIDAY_OFFSET.search(part) for part in expression.split('"')[::2]):
        yield start, end, oh.State.UNKNOWN, ""
        return
    if not tokens:
        yield from _evaluate(expression, start, end, timezone)
        return
    day = start.date()
    while (chunk_start := max(start, _midnight(day, timezone))) < end:
        day_expression = _day_expression(expression, tokens, day, calendar)
        last = day
        if day_expression == expression:  # ordinary days in a row: one evaluation
            while _midnight(last + dt.timedelta(days=1), timezone) < end and (
                _day_expression(expression, tokens, last + dt.timedelta(days=1), calendar) == expression
            ):
                last += dt.timedelta(days=1)
        chunk_end = min(end, _midnight(last + dt.timedelta(days=1), timezone))
        if day_expression is None:
            yield chunk_start, chunk_end, oh.State.UNKNOWN, SCHOOL_HOLIDAYS_UNKNOWN
        else:
            yield from _evaluate(day_expression, chunk_start, chunk_end, timezone)
        day = last + dt.timedelta(days=1)


def _split_fallback(expression: str) -> tuple[str, str] | None:
    """(rules, fallback) for "Mo-Fr 09:00-12:00 || \"sur rendez-vous\"", None without a `||` fallback."""
    parts = expression.split('"')
    for index in range(0, len(parts), 2):
        if "||" in parts[index]:
            before, after = parts[index].split("||", 1)
            return '"'.join([*parts[:index], before]).strip(), '"'.join([after, *parts[index + 1 :]]).strip()
    return None


def _with_fallback(
    expression: str, start: dt.datetime, end: dt.datetime, calendar: LocalCalendar
) -> Iterator[Interval]:
    """The parser mis-evaluates `||` fallbacks (days after the first read as closed): the rules before
    `||` are evaluated, and where they leave the place closed the fallback is shown as it is written (its
    comment, "sur rendez-vous"), unknown rather than open; a fallback "off" or "closed" keeps it closed."""
    split = _split_fallback(expression)
    if split is None:
        yield from _raw_intervals(expression, start, end, calendar)
        return
    rules, fallback = split
    comments = fallback.split('"')[1::2]
    closed = not comments and fallback.split()[-1:] in (["off"], ["closed"])
    for begin, finish, state, comment in _raw_intervals(rules, start, end, calendar):
        if state == oh.State.CLOSED and not comment and not closed:
            yield begin, finish, oh.State.UNKNOWN, " ".join(comments)
        else:
            yield begin, finish, state, comment


def intervals(expression: str, start: dt.datetime, end: dt.datetime, calendar: LocalCalendar) -> Iterator[Interval]:
    """(begin, end, state, comment) from `start` to `end` in the place's time, neighbours of the same
    state and comment merged."""
    current: Interval | None = None
    for interval in _with_fallback(expression, start, end, calendar):
        if current and current[1] == interval[0] and current[2:] == interval[2:]:
            current = (current[0], interval[1], *current[2:])
            continue
        if current and current[0] < current[1]:
            yield current
        current = interval
    if current and current[0] < current[1]:
        yield current


def _is_plain_open(state: oh.State, comment: str) -> bool:
    return state == oh.State.OPEN and not comment


def status_at(expression: str, when: dt.datetime, calendar: LocalCalendar = METROPOLE) -> Status | None:
    """Status of a place with these hours at `when`, where the place is; None without (valid) hours."""
    if not expression.strip() or hours_error(expression):
        return None
    local = when.astimezone(calendar.timezone)
    horizon = local + dt.timedelta(days=MAX_LOOKAHEAD_DAYS)
    upcoming = intervals(expression.strip(), local, horizon, calendar)
    first = next(upcoming, None)
    if first is None:
        return None
    _begin, finish, state, comment = first
    is_open = _is_plain_open(state, comment)
    change = ""
    if is_open and finish < horizon:
        change = f"Ferme {_day_text(finish, local)} à {time_text(finish.time())}"
    elif state == oh.State.CLOSED and not comment:
        opening = next((i for i in upcoming if _is_plain_open(i[2], i[3])), None)
        if opening is not None:
            change = f"Ouvre {_day_text(opening[0], local)} à {time_text(opening[0].time())}"
    return Status(
        is_open=is_open,
        next_change=finish if finish < horizon else None,
        unknown=state == oh.State.UNKNOWN,
        comment=comment,
        change_text=change,
    )


DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTH_NAMES = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def _day_text(when: dt.datetime, now: dt.datetime) -> str:
    """ "aujourd'hui", "demain", "lundi", "mardi 5 janvier" (both in the place's time)."""
    days = (when.date() - now.date()).days
    if days == 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    if days < 7:
        return DAY_NAMES[when.weekday()]
    number = "1er" if when.day == 1 else str(when.day)
    return f"{DAY_NAMES[when.weekday()]} {number} {MONTH_NAMES[when.month - 1]}"


def time_text(value: dt.time) -> str:
    """The one French form of a time in Maillage: 9 h, 13 h 30 (non-breaking spaces)."""
    if value.minute:
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}{NBSP}h"


def slot_text(start: dt.time, end: dt.time) -> str:
    return f"{time_text(start)} – {time_text(end)}"


@dataclass(frozen=True)
class DayHours:
    """One day: slots open without condition, and notes ("9 h – 12 h (sur rendez-vous)", "Horaires à confirmer")."""

    day: dt.date
    label: str
    slots: tuple[tuple[dt.time, dt.time], ...]
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        if self.slots == ((dt.time(0), dt.time(23, 59)),):
            parts = ["toute la journée"]
        else:
            parts = [", ".join(slot_text(a, b) for a, b in self.slots)] if self.slots else []
        parts += self.notes
        if not parts:
            return "Fermé"
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]

    @property
    def has_hours(self) -> bool:
        return bool(self.slots or self.notes)


def week_table(expression: str, when: dt.datetime, calendar: LocalCalendar = METROPOLE) -> list[DayHours]:
    """Opening slots for the 7 days starting on the day of `when`, where the place is (holidays included)."""
    if not expression.strip() or hours_error(expression):
        return []
    start = datetime_at_midnight(when.astimezone(calendar.timezone))
    end = _midnight(start.date() + dt.timedelta(days=7), calendar.timezone)
    days: dict[dt.date, list[tuple[dt.time, dt.time]]] = {(start + dt.timedelta(days=i)).date(): [] for i in range(7)}
    notes: dict[dt.date, list[str]] = {day: [] for day in days}
    for begin, finish, state, comment in intervals(expression.strip(), start, end, calendar):
        if state == oh.State.CLOSED and not comment:
            continue
        cursor = begin
        while cursor < finish:
            day_end = _midnight(cursor.date() + dt.timedelta(days=1), calendar.timezone)
            slot_end = min(finish, day_end)
            opening = cursor.timetz().replace(tzinfo=None)
            closing = dt.time(23, 59) if slot_end == day_end else slot_end.timetz().replace(tzinfo=None)
            if _is_plain_open(state, comment):
                days.setdefault(cursor.date(), []).append((opening, closing))
            else:
                whole_day = opening == dt.time(0) and closing == dt.time(23, 59)
                note = comment or ("horaires à confirmer" if state == oh.State.UNKNOWN else "")
                if note and state == oh.State.OPEN and not whole_day:
                    note = f"{slot_text(opening, closing)} ({note})"
                if note and note not in notes.setdefault(cursor.date(), []):
                    notes[cursor.date()].append(note)
            cursor = slot_end
    return [
        DayHours(day=d, label=DAY_NAMES[d.weekday()], slots=tuple(slots), notes=tuple(notes.get(d, ())))
        for d, slots in sorted(days.items())
    ][:7]


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


# --- The usual week in French, for lists and popups. -------------------------------------------------


def _days_text(days: list[int]) -> str:
    names = [DAY_NAMES[d] for d in days]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} et {names[1]}"
    return f"du {names[0]} au {names[-1]}"


def hours_summary(expression: str, when: dt.datetime, calendar: LocalCalendar = METROPOLE) -> str:
    """The hours in French, never OSM: "du lundi au vendredi 9 h – 12 h ; samedi 9 h – 12 h 30 ; fermé
    les jours fériés". Hours beyond the weekly grid read as the next seven days; "" without hours."""
    if not expression.strip() or hours_error(expression):
        return ""
    grid = osm_to_grid(expression.strip())
    if grid is None:
        week = sorted(week_table(expression, when, calendar), key=lambda day: day.day.weekday())
        texts = [day.text[:1].lower() + day.text[1:] if day.has_hours else "" for day in week]
    else:
        texts = [", ".join(slot_text(a, b) for a, b in slots) for slots in grid.days]
    parts = []
    for text, group in itertools.groupby(range(len(texts)), key=lambda d: texts[d]):
        if text:
            parts.append(f"{_days_text(list(group))} {text}")
    if grid is None:
        return " ; ".join(parts) or "fermé les sept prochains jours"
    if grid.has_weekly_slots and grid.closed_on_holidays:
        parts.append("fermé les jours fériés")
    if grid.exceptions:
        count = len(grid.exceptions)
        parts.append(f"{count} exception{'s' if count > 1 else ''} datée{'s' if count > 1 else ''}")
    return " ; ".join(parts)
