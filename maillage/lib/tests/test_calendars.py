"""Where a commune is, for its opening hours: time zone, public holidays, school-holiday zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from maillage.lib.calendars import SCHOOL_ZONE_BY_DEPARTEMENT, calendar_for_commune, departement_of

METROPOLITAN = {f"{n:02d}" for n in range(1, 96) if n != 20}


def test_every_metropolitan_departement_but_corsica_has_one_school_zone() -> None:
    assert set(SCHOOL_ZONE_BY_DEPARTEMENT) == METROPOLITAN
    assert calendar_for_commune("2A004").school_zone is None
    assert calendar_for_commune("97411").school_zone is None


@pytest.mark.parametrize(
    ("code", "departement", "zone"),
    [
        ("97105", "971", "America/Guadeloupe"),
        ("97209", "972", "America/Martinique"),
        ("97302", "973", "America/Cayenne"),
        ("97411", "974", "Indian/Reunion"),
        ("97502", "975", "America/Miquelon"),
        ("97611", "976", "Indian/Mayotte"),
        ("98818", "988", "Pacific/Noumea"),
        ("42218", "42", "Europe/Paris"),
        ("2B033", "2B", "Europe/Paris"),
    ],
)
def test_each_territory_has_its_time_zone(code: str, departement: str, zone: str) -> None:
    assert departement_of(code) == departement
    assert calendar_for_commune(code).timezone == ZoneInfo(zone)


def test_local_public_holidays() -> None:
    good_friday, saint_stephen = dt.date(2026, 4, 3), dt.date(2025, 12, 26)
    for code in ("67482", "68224", "57463"):
        assert calendar_for_commune(code).is_public_holiday(good_friday)
        assert calendar_for_commune(code).is_public_holiday(saint_stephen)
    assert not calendar_for_commune("69123").is_public_holiday(good_friday)
    assert calendar_for_commune("97411").is_public_holiday(dt.date(2025, 12, 20))  # abolition of slavery
    assert calendar_for_commune("97209").is_public_holiday(dt.date(2025, 5, 22))
    assert not calendar_for_commune("69123").is_public_holiday(dt.date(2025, 12, 20))


def test_school_holidays_by_zone_and_none_beyond_the_known_years() -> None:
    monday = dt.date(2026, 2, 16)
    assert calendar_for_commune("69123").is_school_holiday(monday) is True  # zone A
    assert calendar_for_commune("75056").is_school_holiday(monday) is False  # zone C
    assert calendar_for_commune("75056").is_school_holiday(dt.date(2100, 2, 16)) is None
