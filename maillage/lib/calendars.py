"""Where a commune is in France, for its opening hours: time zone, public holidays, school-holiday zone.

Public holidays come from the `holidays` package (Alsace-Moselle and each overseas territory have
their own); school holidays from `vacances-scolaires-france`, which covers zones A, B and C only:
Corsica and overseas are "not known" rather than guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from vacances_scolaires_france import SchoolHolidayDates

PARIS = ZoneInfo("Europe/Paris")

# Overseas: INSEE codes start with the 3-digit territory code.
OVERSEAS_TIMEZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "984": "Indian/Kerguelen",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
}

# Subdivision codes of `holidays.France`: Moselle, Alsace (Bas-Rhin and Haut-Rhin), overseas.
HOLIDAY_SUBDIVISIONS = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "975": "PM",
    "976": "976",
    "977": "BL",
    "978": "MF",
    "984": "TF",
    "986": "WF",
    "987": "PF",
    "988": "NC",
}

# School-holiday zones of metropolitan départements, by académie (Corsica has its own calendar).
SCHOOL_ZONES = {
    "A": "01 03 07 15 16 17 19 21 23 24 25 26 33 38 39 40 42 43 47 58 63 64 69 70 71 73 74 79 86 87 89 90",
    "B": "02 04 05 06 08 10 13 14 18 22 27 28 29 35 36 37 41 44 45 49 50 51 52 53 54 55 56 57 59 60 61 62 67 "
    "68 72 76 80 83 84 85 88",
    "C": "09 11 12 30 31 32 34 46 48 65 66 75 77 78 81 82 91 92 93 94 95",
}
SCHOOL_ZONE_BY_DEPARTEMENT = {dep: zone for zone, deps in SCHOOL_ZONES.items() for dep in deps.split()}


def departement_of(commune_code: str) -> str:
    """The département (or overseas territory) code of an INSEE commune code: 42218 → 42, 97411 → 974."""
    code = commune_code.strip().upper()
    return code[:3] if code[:2] in {"97", "98"} else code[:2]


@dataclass(frozen=True)
class LocalCalendar:
    """What evaluating opening hours needs to know about where a place is."""

    timezone: ZoneInfo = PARIS
    holiday_subdivision: str | None = None
    school_zone: str | None = None

    def is_public_holiday(self, day: dt.date) -> bool:
        return day in _public_holidays(self.holiday_subdivision, day.year)

    def is_school_holiday(self, day: dt.date) -> bool | None:
        """True or False for zones A, B and C within the package's years; None when not known."""
        if self.school_zone is None:
            return None
        dates = _school_dates()
        if not dates.min_year <= day.year <= dates.max_year:
            return None
        return bool(dates.is_holiday_for_zone(day, self.school_zone))


METROPOLE = LocalCalendar()


@lru_cache(maxsize=256)
def calendar_for_commune(commune_code: str) -> LocalCalendar:
    """The calendar of a commune from its INSEE code (metropolitan France without a school zone if unknown)."""
    departement = departement_of(commune_code)
    timezone = ZoneInfo(OVERSEAS_TIMEZONES[departement]) if departement in OVERSEAS_TIMEZONES else PARIS
    return LocalCalendar(
        timezone=timezone,
        holiday_subdivision=HOLIDAY_SUBDIVISIONS.get(departement),
        school_zone=SCHOOL_ZONE_BY_DEPARTEMENT.get(departement),
    )


@lru_cache(maxsize=512)
def _public_holidays(subdivision: str | None, year: int) -> frozenset[dt.date]:
    import holidays  # imported on use: a twentieth of a second to load, for the first date checked

    return frozenset(holidays.country_holidays("FR", subdiv=subdivision, years=year))


@lru_cache(maxsize=1)
def _school_dates() -> SchoolHolidayDates:
    return SchoolHolidayDates()  # reads the package's bundled CSV once
