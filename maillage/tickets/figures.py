"""Waiting figures for the reports: one pure function, `waiting_figures`, reads the tickets.

A visit is counted as the CNAF counts it for its indicator "attente à l'accueil ≤ 20 minutes"
(open data of the CNAF, indicator 06.03): a person who came in and had a contact with an agent. Here:
a ticket that a mediator called and that was not then marked absent (served, still in service, or
redirected after the call). A ticket left before any call (cancelled, redirected at reception) or
called in vain (absent à l'appel) is not a visit; the same person coming twice in a day is two
visits. The wait runs from arrival (the ticket) to the call.

Median: the middle value (the mean of the two middle ones for an even count). 90th percentile: the
nearest-rank value (the wait under which at least 90 % of the visits were called). Hours and
weekdays are those of arrival, in local time. Reports mask rows under 5 visits for partners.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from maillage.tickets.enums import Status
from maillage.tickets.models import Ticket

TOTAL_LABEL = "Ensemble"
THRESHOLD_SECONDS = 20 * 60
WEEKDAYS = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
VISIT_DEFINITION = (
    "Un passage compte comme dans l'indicateur de la CNAF « attente à l'accueil ≤ 20 minutes » : "
    "une personne reçue par un médiateur (ticket appelé, hors absents à l'appel) ; une personne venue "
    "deux fois dans la journée compte deux fois. L'attente court de la prise du ticket à l'appel."
)


@dataclass
class WaitRow:
    label: str
    visits: int = 0
    within_20: int = 0
    median_minutes: float | None = None
    p90_minutes: float | None = None
    masked: bool = False
    _waits: list[int] = field(default_factory=list, repr=False)

    @property
    def people(self) -> int:
        """Each visit is one person at the counter: what the reports' masking counts."""
        return self.visits

    @property
    def share_within_20(self) -> float | None:
        return self.within_20 / self.visits if self.visits else None


@dataclass
class WaitingFigures:
    total: WaitRow
    by_place: list[WaitRow]
    by_hour: list[WaitRow]
    by_weekday: list[WaitRow]
    tickets: int = 0  # every ticket taken in the period
    no_shows: int = 0
    redirected: int = 0
    definition: str = VISIT_DEFINITION

    @property
    def empty(self) -> bool:
        return not self.tickets

    def breakdowns(self) -> list[tuple[str, str, list[WaitRow]]]:
        return [
            ("place", "Lieu", self.by_place),
            ("hour", "Heure d'arrivée", self.by_hour),
            ("weekday", "Jour de la semaine", self.by_weekday),
        ]


def percentile(values: list[int], share: float) -> int:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or under it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _finish(row: WaitRow) -> None:
    if row._waits:
        row.median_minutes = statistics.median(row._waits) / 60
        row.p90_minutes = percentile(row._waits, 0.9) / 60


def waiting_figures(
    *,
    structure_ids: Collection[int],
    start: dt.date,
    end: dt.date,
    place_ids: Collection[int] | None = None,
    partner_id: int | None = None,
) -> WaitingFigures:
    """Waits of the tickets taken at these structures' places (and places, and wanted partner)
    between `start` and `end` inclusive, in one query."""
    tickets = Ticket.objects.filter(structure_id__in=list(structure_ids), day__gte=start, day__lte=end)
    if place_ids is not None:
        tickets = tickets.filter(place_id__in=list(place_ids))
    if partner_id is not None:
        tickets = tickets.filter(partner_id=partner_id)
    rows = tickets.order_by().values_list("status", "arrived_at", "called_at", "wait_seconds", "place__name")
    total = WaitRow(TOTAL_LABEL)
    places: dict[str, WaitRow] = {}
    hours: dict[int, WaitRow] = {}
    weekdays: dict[int, WaitRow] = {}
    figures = WaitingFigures(total=total, by_place=[], by_hour=[], by_weekday=[])
    for status, arrived, called, wait, place in rows:
        figures.tickets += 1
        figures.no_shows += status == Status.NO_SHOW
        figures.redirected += status == Status.REDIRECTED
        if called is None or status == Status.NO_SHOW:
            continue
        seconds = wait if wait is not None else max(int((called - arrived).total_seconds()), 0)
        local = timezone.localtime(arrived)
        targets = [
            total,
            places.setdefault(place, WaitRow(place)),
            hours.setdefault(local.hour, WaitRow(f"{local.hour} h – {local.hour + 1} h")),
            weekdays.setdefault(local.weekday(), WaitRow(WEEKDAYS[local.weekday()])),
        ]
        for row in targets:
            row.visits += 1
            row.within_20 += seconds <= THRESHOLD_SECONDS
            row._waits.append(seconds)
    for row in [total, *places.values(), *hours.values(), *weekdays.values()]:
        _finish(row)
    figures.by_place = sorted(places.values(), key=lambda r: (-r.visits, r.label))
    figures.by_hour = [hours[h] for h in sorted(hours)]
    figures.by_weekday = [weekdays[d] for d in sorted(weekdays)]
    return figures


def visits_filter() -> Q:
    """The CNAF visits among tickets, for queries outside this module (indicators)."""
    return Q(called_at__isnull=False) & ~Q(status=Status.NO_SHOW)
