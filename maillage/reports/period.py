"""Reporting periods: a year, a quarter, a month or a custom range, parsed from one short text.

`2025`, `2025-Q3`, `2025-07`, `2025-01-01:2025-06-30`. Every period knows the one before it (same
length, just before), which the reports compare with.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MAX_DAYS = 5 * 366


class PeriodError(ValueError):
    """The text does not describe a period; the message is French and says what is expected."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str  # year, quarter, month, custom

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def code(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()}:{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"année {self.start.year}"
        if self.kind == "quarter":
            index = (self.start.month - 1) // 3 + 1
            return f"{index}{'er' if index == 1 else 'e'} trimestre {self.start.year}"
        if self.kind == "month":
            return f"{MONTHS[self.start.month - 1]} {self.start.year}"
        return f"du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"

    def previous(self) -> Period:
        """The period just before, of the same kind (same length for custom ranges)."""
        if self.kind == "year":
            return year(self.start.year - 1)
        if self.kind == "quarter":
            index = (self.start.month - 1) // 3
            return quarter(self.start.year - 1, 4) if index == 0 else quarter(self.start.year, index)
        if self.kind == "month":
            last = self.start - dt.timedelta(days=1)
            return month(last.year, last.month)
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end, "custom")

    def months(self) -> list[dt.date]:
        """First day of every calendar month the period touches."""
        first = self.start.replace(day=1)
        result = []
        while first <= self.end:
            result.append(first)
            first = (first + dt.timedelta(days=32)).replace(day=1)
        return result


def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31), "year")


def quarter(number: int, index: int) -> Period:
    start = dt.date(number, 3 * (index - 1) + 1, 1)
    end_month = 3 * index
    return Period(start, dt.date(number, end_month, calendar.monthrange(number, end_month)[1]), "quarter")


def month(number: int, index: int) -> Period:
    return Period(dt.date(number, index, 1), dt.date(number, index, calendar.monthrange(number, index)[1]), "month")


EXPECTED = "Période attendue : 2025, 2025-T3 (ou 2025-Q3), 2025-07 ou 2025-01-01:2025-06-30."


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"« {text} » n'est pas une date valide (AAAA-MM-JJ).") from None


def parse_period(text: str) -> Period:
    """Read a period; raise PeriodError with a French message for anything else (year 0 included)."""
    try:
        return _parse(text)
    except PeriodError:
        raise
    except ValueError:  # year 0 or 10000, or digits of another script that int() reads
        raise PeriodError("La période doit être comprise entre 2000 et 2100.") from None


def _parse(text: str) -> Period:
    value = (text or "").strip()
    if not value:
        raise PeriodError("Indiquez une période. " + EXPECTED)
    if re.fullmatch(r"\d{4}", value):
        return _check(year(int(value)))
    found = re.fullmatch(r"(\d{4})-[QqTt]([1-4])", value)
    if found:
        return _check(quarter(int(found[1]), int(found[2])))
    found = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if found:
        if not 1 <= int(found[2]) <= 12:
            raise PeriodError(f"« {value} » : le mois doit être compris entre 01 et 12.")
        return _check(month(int(found[1]), int(found[2])))
    if ":" in value:
        first, _, last = value.partition(":")
        start, end = _date(first.strip()), _date(last.strip())
        if end < start:
            raise PeriodError(f"La période se termine le {end:%d/%m/%Y}, avant de commencer le {start:%d/%m/%Y}.")
        return _check(Period(start, end, "custom"))
    raise PeriodError(f"« {value} » n'est pas une période reconnue. " + EXPECTED)


def _check(period: Period) -> Period:
    if period.start.year < 2000 or period.end.year > 2100:
        raise PeriodError("La période doit être comprise entre 2000 et 2100.")
    if period.days > MAX_DAYS:
        raise PeriodError("Une période personnalisée ne peut pas dépasser cinq ans.")
    return period
