import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.reports.period import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "previous"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2024"),
        ("2025-Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 30), "2025-Q2"),
        ("2025-t1", dt.date(2025, 1, 1), dt.date(2025, 3, 31), "2024-Q4"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024-01"),
        ("2025-01", dt.date(2025, 1, 1), dt.date(2025, 1, 31), "2024-12"),
        ("2025-01-01:2025-06-30", dt.date(2025, 1, 1), dt.date(2025, 6, 30), "2024-07-04:2024-12-31"),
    ],
)
def test_periods_are_read_with_their_previous_period(text: str, start: dt.date, end: dt.date, previous: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert period.previous().code == previous


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Indiquez une période"),
        ("2025-13", "le mois doit être compris"),
        ("2025-06-30:2025-01-01", "avant de commencer"),
        ("2025-02-30:2025-03-01", "n'est pas une date valide"),
        ("l'an dernier", "n'est pas une période reconnue"),
        ("2000-01-01:2009-01-01", "cinq ans"),
    ],
)
def test_bad_periods_get_a_french_message(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        parse_period(text)


@given(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2099, 1, 1)), st.integers(0, 400))
def test_custom_period_and_its_previous_have_the_same_length_and_touch(start: dt.date, length: int) -> None:
    period = parse_period(f"{start.isoformat()}:{(start + dt.timedelta(days=length)).isoformat()}")
    before = period.previous()
    assert before.days == period.days
    assert before.end + dt.timedelta(days=1) == period.start
    assert parse_period(period.code) == period
