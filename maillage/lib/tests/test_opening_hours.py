"""Opening hours: OSM evaluation in Paris, and the weekly grid written to and read from OSM."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.lib.opening_hours import (
    PARIS,
    DatedHours,
    Slot,
    WeekGrid,
    grid_errors,
    grid_to_osm,
    hours_error,
    merge_slots,
    normalise,
    osm_to_grid,
    status_at,
    week_table,
)

T = dt.time
OFFICE = "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; PH off"
# A week with no French public holiday, far from the exceptions the strategies draw (2027-2028).
NORMAL_MONDAY = dt.date(2026, 2, 2)
HOLIDAYS_2026 = [
    dt.date(2026, 4, 6),
    dt.date(2026, 7, 14),
    dt.date(2026, 12, 25),
]  # Easter Monday, 14/07, Christmas
PROPERTIES = settings(max_examples=100, deadline=None)


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=PARIS)


def is_open(expression: str, when: dt.datetime) -> bool:
    status = status_at(expression, when)
    return status is not None and status.is_open


# --- Evaluation of OSM strings -------------------------------------------------------------------------


def test_status_is_open_inside_a_slot_and_announces_the_closing_time() -> None:
    status = status_at(OFFICE, paris(2026, 2, 3, 10, 15))
    assert status is not None
    assert status.is_open
    assert not status.unknown
    assert status.next_change == paris(2026, 2, 3, 12, 0)


def test_status_over_the_weekend_announces_monday_opening() -> None:
    status = status_at(OFFICE, paris(2026, 2, 7, 12, 30))
    assert status is not None
    assert not status.is_open
    assert status.next_change == paris(2026, 2, 9, 9, 0)


def test_status_is_closed_on_a_public_holiday_with_ph_off() -> None:
    assert not is_open(OFFICE, paris(2026, 7, 14, 10, 0))
    assert is_open(OFFICE, paris(2026, 7, 15, 10, 0))


def test_status_is_none_without_hours_or_with_unreadable_hours() -> None:
    assert status_at("", paris(2026, 2, 3, 10)) is None
    assert status_at("tous les jours", paris(2026, 2, 3, 10)) is None


def test_week_table_lists_seven_days_in_french_with_holidays_closed() -> None:
    week = week_table(OFFICE, paris(2026, 7, 13, 8, 0))
    assert [day.label for day in week] == [
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
    ]
    assert week[0].text == "9\u00a0h – 12\u00a0h, 13\u00a0h\u00a030 – 17\u00a0h"
    assert week[1].text == "Fermé"  # 14 juillet
    assert week[5].text == "9\u00a0h – 12\u00a0h"
    assert week[6].text == "Fermé"


def test_hours_error_explains_the_expected_format_in_french() -> None:
    message = hours_error("lundi 9h-12h")
    assert message is not None
    assert message.startswith("Horaires illisibles.")
    assert "Mo-Fr 09:00-12:00" in message


def test_hours_error_accepts_valid_and_empty_hours() -> None:
    assert hours_error(OFFICE) is None
    assert hours_error("   ") is None


# --- The weekly grid ----------------------------------------------------------------------------------


def office_grid(**changes: object) -> WeekGrid:
    day = ((T(9), T(12)), (T(13, 30), T(17)))
    grid = WeekGrid(days=(day,) * 5 + (((T(9), T(12)),), ()))
    return dataclasses.replace(grid, **changes)


def test_grid_to_osm_groups_identical_days_and_closes_public_holidays() -> None:
    assert grid_to_osm(office_grid()) == OFFICE


def test_grid_to_osm_writes_exceptions_after_the_weekly_rules() -> None:
    grid = office_grid(
        exceptions=(
            DatedHours(dt.date(2026, 12, 6), dt.date(2026, 12, 6), ((T(10), T(12)),)),
            DatedHours(dt.date(2026, 12, 24), dt.date(2027, 1, 2)),
        )
    )
    assert grid_to_osm(grid) == f"{OFFICE}; 2026 Dec 24-2027 Jan 02 off; 2026 Dec 06 10:00-12:00"


def test_grid_to_osm_groups_non_consecutive_days_and_keeps_holidays_open_when_asked() -> None:
    slots = ((T(9), T(12)),)
    grid = WeekGrid(days=(slots, slots, (), slots, (), (), slots), closed_on_holidays=False)
    assert grid_to_osm(grid) == "Mo,Tu,Th,Su 09:00-12:00"


def test_empty_grid_means_unknown_hours() -> None:
    assert grid_to_osm(WeekGrid()) == ""
    assert osm_to_grid("") == WeekGrid()


def test_osm_to_grid_refuses_what_the_grid_cannot_represent() -> None:
    assert osm_to_grid("24/7") is None
    assert osm_to_grid("Mo-Fr 09:00-12:00; Mo 14:00-16:00") is None  # Monday overridden by a later rule
    assert osm_to_grid("PH off; Mo-Fr 09:00-12:00") is None  # the weekly rule would reopen holidays
    assert osm_to_grid("Mo 22:00-02:00") is None  # past midnight
    assert osm_to_grid("Mo 08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00") is None  # 4 slots
    assert osm_to_grid("Mo-Fr 09:00-12:00; 2026 Dec 06 10:00-12:00; 2026 Dec 24 off") is None  # order matters


def test_grid_errors_name_the_day_and_the_slot_in_french() -> None:
    grid = WeekGrid(days=(((T(12), T(9)), (T(8), T(10)), (T(9, 30), T(11))),) + ((),) * 6)
    assert grid_errors(grid) == [
        "Lundi, créneau 1 : l'heure de fin (9\u00a0h) doit être après l'heure de début (12\u00a0h).",
        "Lundi : les créneaux 8\u00a0h – 10\u00a0h et 9\u00a0h\u00a030 – 11\u00a0h se chevauchent.",
    ]


def test_grid_errors_reject_an_exception_ending_before_it_starts() -> None:
    grid = office_grid(exceptions=(DatedHours(dt.date(2027, 1, 2), dt.date(2026, 12, 24)),))
    assert grid_errors(grid) == [
        "Exception du 02/01/2027 au 24/12/2026 : la date de fin précède la date de début.",
    ]


def test_grid_errors_reject_overlapping_special_openings_and_closures_alone() -> None:
    opening = ((T(10), T(12)),)
    overlapping = office_grid(
        exceptions=(
            DatedHours(dt.date(2026, 12, 5), dt.date(2026, 12, 7), opening),
            DatedHours(dt.date(2026, 12, 6), dt.date(2026, 12, 6), opening),
        )
    )
    assert grid_errors(overlapping) == [
        "Exception du 05/12/2026 au 07/12/2026 et exception du 06/12/2026 : ces ouvertures "
        "exceptionnelles portent sur les mêmes jours, gardez-en une seule."
    ]
    closures_only = WeekGrid(exceptions=(DatedHours(dt.date(2026, 12, 24), dt.date(2026, 12, 24)),))
    assert grid_errors(closures_only) == [
        "Indiquez au moins un créneau d'ouverture : des fermetures seules ne décrivent pas des horaires."
    ]
    assert grid_errors(office_grid()) == []


def test_special_opening_overrides_a_closure_and_a_holiday() -> None:
    expression = grid_to_osm(
        office_grid(
            exceptions=(
                DatedHours(dt.date(2026, 12, 21), dt.date(2027, 1, 2)),
                DatedHours(dt.date(2026, 12, 25), dt.date(2026, 12, 25), ((T(10), T(12)),)),
            )
        )
    )
    assert not is_open(expression, paris(2026, 12, 22, 10, 0))
    assert is_open(expression, paris(2026, 12, 25, 10, 30))
    assert is_open(expression, paris(2027, 1, 4, 10, 0))


# --- Properties over random grids -----------------------------------------------------------------------


@st.composite
def slot_lists(draw: st.DrawFn, min_size: int = 0) -> tuple[Slot, ...]:
    """Up to 3 slots that neither overlap nor touch, in a random order."""
    count = draw(st.integers(min_size, 3))
    bounds = sorted(draw(st.lists(st.integers(0, 1439), min_size=2 * count, max_size=2 * count, unique=True)))
    slots = [(T(*divmod(a, 60)), T(*divmod(b, 60))) for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    return tuple(draw(st.permutations(slots)))


@st.composite
def grids(draw: st.DrawFn) -> WeekGrid:
    days = tuple(draw(slot_lists()) for _ in range(7))
    first = dt.date(2027, 1, 1)
    closures = [
        DatedHours(first + dt.timedelta(days=start), first + dt.timedelta(days=start + length))
        for start, length in draw(st.lists(st.tuples(st.integers(0, 700), st.integers(0, 20)), max_size=3))
    ]
    # Special openings on distinct, non-overlapping days: each one ends before the next starts.
    starts = sorted(draw(st.lists(st.integers(0, 700), max_size=3, unique=True)))
    openings = []
    for start, following in itertools.pairwise([*starts, 800]):
        length = draw(st.integers(0, min(5, following - start - 1)))
        span = (first + dt.timedelta(days=start), first + dt.timedelta(days=start + length))
        openings.append(DatedHours(*span, draw(slot_lists(min_size=1))))
    if not any(days) and not openings:
        closures = []
    exceptions = draw(st.permutations(closures + openings))
    return WeekGrid(days=days, closed_on_holidays=draw(st.booleans()), exceptions=tuple(exceptions))


def expected_open(grid: WeekGrid, when: dt.datetime) -> bool:
    return any(start <= when.time() < end for start, end in grid.days[when.weekday()])


@PROPERTIES
@given(grids())
def test_grid_to_osm_writes_valid_hours_that_read_back_to_the_same_grid(grid: WeekGrid) -> None:
    assert grid_errors(grid) == []
    expression = grid_to_osm(grid)
    assert hours_error(expression) is None
    assert osm_to_grid(expression) == normalise(grid)


@PROPERTIES
@given(grids(), st.integers(0, 7 * 1440 - 1))
def test_osm_hours_agree_with_the_grid_during_a_normal_week(grid: WeekGrid, minute: int) -> None:
    expression = grid_to_osm(grid)
    instants = [at(NORMAL_MONDAY, T(0)) + dt.timedelta(minutes=minute)]
    for weekday, slots in enumerate(grid.days):  # both edges of every slot
        day = NORMAL_MONDAY + dt.timedelta(days=weekday)
        for start, end in slots:
            instants += [at(day, start), at(day, end) - dt.timedelta(minutes=1), at(day, end)]
    for when in instants:
        assert is_open(expression, when) == expected_open(grid, when), when


@PROPERTIES
@given(grids())
def test_public_holidays_follow_the_flag(grid: WeekGrid) -> None:
    expression = grid_to_osm(grid)
    for holiday in HOLIDAYS_2026:
        for start, _end in grid.days[holiday.weekday()]:
            assert is_open(expression, at(holiday, start)) is not grid.closed_on_holidays


@PROPERTIES
@given(grids(), st.integers(0, 6), st.integers(0, 5))
def test_a_dated_closure_closes_a_normally_open_day(grid: WeekGrid, weekday: int, extra_days: int) -> None:
    day = NORMAL_MONDAY + dt.timedelta(days=weekday)
    closure = DatedHours(day - dt.timedelta(days=extra_days), day + dt.timedelta(days=extra_days))
    expression = grid_to_osm(dataclasses.replace(grid, exceptions=(*grid.exceptions, closure)))
    if not grid.days[weekday]:
        assert not is_open(expression, at(day, T(12)))
    for start, _end in grid.days[weekday]:
        assert not is_open(expression, at(day, start))
        assert is_open(expression, at(day + dt.timedelta(days=7), start))


@pytest.mark.parametrize(
    "expression",
    [
        "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; PH off",
        "Mo,We 08:00-08:30; 2026 Dec 06-2026 Dec 08 10:00-12:00",
        "Tu-Th 14:00-18:00; PH off; 2026 Dec 24-2027 Jan 02 off",
    ],
)
def test_canonical_strings_read_and_write_back_unchanged(expression: str) -> None:
    grid = osm_to_grid(expression)
    assert grid is not None
    assert grid_to_osm(grid) == expression


def test_merged_slots_are_the_union_without_empty_slots() -> None:
    assert merge_slots(()) == ()
    assert merge_slots(((T(0), T(0)), (T(9), T(12)))) == ((T(9), T(12)),)
    assert merge_slots(((T(13, 30), T(17)), (T(9), T(12)), (T(9), T(16, 30)))) == ((T(9), T(17)),)
    assert merge_slots(((T(9), T(12)), (T(12), T(14)), (T(15), T(16)))) == ((T(9), T(14)), (T(15), T(16)))
    # A slot ending before it starts is left for slot_errors to report.
    assert merge_slots(((T(17), T(9)), (T(9), T(12)))) == ((T(9), T(12)), (T(17), T(9)))
