"""Access-to-rights figures for the reports: one pure function, `rights_figures`, reads followed rights.

A right counts in a period for each of its stages dated in it: identified, filed, opened, refused,
abandoned. Opened amounts are annualised (a monthly amount × 12) and summed per year of decision;
the median time to open runs from the day a right was identified to its decision. `people` is the
number of distinct persons behind a row: the reports mask rows under 5 people for partners.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from maillage.rights.enums import PAYERS, AmountPeriod, Right, Stage
from maillage.rights.models import FollowedRight

TOTAL_LABEL = "Ensemble"
COUNTED = ("identified", "filed", "opened", "refused", "abandoned")


@dataclass
class RightsRow:
    label: str
    identified: int = 0
    filed: int = 0
    opened: int = 0
    refused: int = 0
    abandoned: int = 0
    yearly_amount: Decimal = Decimal(0)  # opened rights, annualised
    median_days_to_open: float | None = None
    people: int = 0
    masked: bool = False
    _persons: set[int] = field(default_factory=set, repr=False)
    _days: list[int] = field(default_factory=list, repr=False)


@dataclass
class RightsFigures:
    total: RightsRow
    by_right: list[RightsRow]
    by_partner: list[RightsRow]
    by_place: list[RightsRow]
    by_structure: list[RightsRow]
    by_territory: list[RightsRow]  # the département of the place the right was recorded at
    amount_by_year: dict[int, Decimal]  # year of decision -> annualised amounts opened that year

    @property
    def empty(self) -> bool:
        return not any(getattr(self.total, name) for name in COUNTED)

    def breakdowns(self) -> list[tuple[str, str, list[RightsRow]]]:
        return [
            ("right", "Droit", self.by_right),
            ("partner", "Organisme", self.by_partner),
            ("structure", "Structure", self.by_structure),
            ("place", "Lieu", self.by_place),
            ("territory", "Département", self.by_territory),
        ]


def _yearly(amount: Decimal, period: str) -> Decimal:
    return amount * 12 if period == AmountPeriod.MONTHLY else amount


def rights_figures(
    *,
    structure_ids: Collection[int],
    start: dt.date,
    end: dt.date,
    place_ids: Collection[int] | None = None,
    partner_id: int | None = None,
) -> RightsFigures:
    """Figures of the rights followed by these structures (and places, and paying partner) between
    `start` and `end` inclusive, in one query."""
    within = {"gte": start, "lte": end}

    def dated(name: str) -> Q:
        return Q(**{f"{name}__{op}": day for op, day in within.items()})

    rights = FollowedRight.objects.filter(structure_id__in=list(structure_ids)).filter(
        dated("identified_on") | dated("filed_on") | dated("decided_on") | dated("abandoned_on")
    )
    if place_ids is not None:
        rights = rights.filter(place_id__in=list(place_ids))
    if partner_id is not None:
        rights = rights.filter(partner_id=partner_id)
    rows = rights.order_by().values_list(
        "person_id",
        "right",
        "stage",
        "partner__name",
        "place__name",
        "structure__name",
        "place__commune__departement__name",
        "identified_on",
        "filed_on",
        "decided_on",
        "abandoned_on",
        "opened_amount",
        "amount_period",
    )
    total = RightsRow(TOTAL_LABEL)
    groups: dict[str, dict[str, RightsRow]] = {
        "right": {},
        "partner": {},
        "place": {},
        "structure": {},
        "territory": {},
    }
    by_year: dict[int, Decimal] = {}
    labels = dict(Right.choices)

    def inside(day: dt.date | None) -> bool:
        return day is not None and start <= day <= end

    for (
        person,
        right,
        stage,
        partner,
        place,
        structure,
        departement,
        identified,
        filed,
        decided,
        abandoned,
        amount,
        period,
    ) in rows:
        keys = {
            "right": labels.get(right, right),
            "partner": partner or PAYERS[right].label,
            "place": place or "Lieu non renseigné",
            "structure": structure,
            "territory": departement or "Département non renseigné (lieu inconnu)",
        }
        targets = [total] + [groups[name].setdefault(key, RightsRow(key)) for name, key in keys.items()]
        opened_on = decided if stage == Stage.OPENED and inside(decided) else None
        opened = opened_on is not None
        yearly = _yearly(amount or Decimal(0), period)
        for row in targets:
            row._persons.add(person)
            row.identified += inside(identified)
            row.filed += inside(filed)
            row.opened += opened
            row.refused += stage == Stage.REFUSED and inside(decided)
            row.abandoned += stage == Stage.ABANDONED and inside(abandoned)
            if opened_on is not None:
                row.yearly_amount += yearly
                row._days.append((opened_on - identified).days)
        if opened_on is not None:
            by_year[opened_on.year] = by_year.get(opened_on.year, Decimal(0)) + yearly
    for row in [total, *(r for group in groups.values() for r in group.values())]:
        row.people = len(row._persons)
        row.median_days_to_open = statistics.median(row._days) if row._days else None

    def ordered(name: str) -> list[RightsRow]:
        return sorted(groups[name].values(), key=lambda r: (-r.identified, -r.opened, r.label))

    return RightsFigures(
        total=total,
        by_right=ordered("right"),
        by_partner=ordered("partner"),
        by_place=ordered("place"),
        by_structure=ordered("structure"),
        by_territory=ordered("territory"),
        amount_by_year=dict(sorted(by_year.items())),
    )
