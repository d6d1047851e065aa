"""Reads the database for the network figures of `figures.py` (a scope of structures, a period):
one function the reports call, `network_people`, as `surveys.results.summarise` is called."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from maillage.counter.models import Request
from maillage.network.models import Place
from maillage.people import figures
from maillage.people.models import Assignment, EmploymentPeriod, Skill


@dataclass(frozen=True)
class NetworkPeople:
    mobility: figures.Mobility
    previous_mobility: figures.Mobility
    moves: list[figures.Move]  # every move touching the scope, all years
    places: list[figures.PlaceLine]
    needs: list[figures.Need]

    def moves_between(self, start: dt.date, end: dt.date) -> int:
        return sum(1 for move in self.moves if start <= move.day <= end)

    @property
    def per_year(self) -> dict[int, dict[str, int]]:
        return figures.moves_per_year(self.moves)


def _bounds(start: dt.date, end: dt.date) -> Q:
    aware = [timezone.make_aware(dt.datetime.combine(day, dt.time.min)) for day in (start, end + dt.timedelta(days=1))]
    return Q(occurred_at__gte=aware[0], occurred_at__lt=aware[1])


def network_people(
    structure_ids: Collection[int],
    start: dt.date,
    end: dt.date,
    previous: tuple[dt.date, dt.date],
    departement: str = "",
) -> NetworkPeople:
    """The people figures of these structures (places of one département when given), 7 queries."""
    place_filter = Q(structure_id__in=structure_ids)
    if departement:
        place_filter &= Q(commune__departement_id=departement)
    place_names = dict(Place.objects.filter(place_filter).values_list("pk", "name"))
    requests = Request.objects.filter(place_id__in=list(place_names)).order_by()
    jobs = [
        figures.Stint(u, s, a, b)
        for u, s, a, b in EmploymentPeriod.objects.filter(
            user__in=EmploymentPeriod.objects.filter(structure_id__in=structure_ids).values("user")
        ).values_list("user_id", "structure_id", "start", "end")
    ]
    stints = [
        figures.Stint(u, p, a, b, s)
        for u, p, a, b, s in Assignment.objects.filter(
            user__in=Assignment.objects.filter(place_id__in=list(place_names)).values("user")
        ).values_list("user_id", "place_id", "start", "end", "place__structure_id")
    ]
    in_scope = [s for s in stints if s.key in place_names]
    scoped_jobs = [j for j in jobs if j.key in structure_ids]

    def recorded(window: tuple[dt.date, dt.date]) -> list[figures.Recorded]:
        rows = requests.filter(_bounds(*window)).values_list("mediator_id", "place_id", "structure_id").distinct()
        return [figures.Recorded(*row) for row in rows]

    now = figures.mobility(scoped_jobs, in_scope, recorded((start, end)), start, end)
    before = figures.mobility(scoped_jobs, in_scope, recorded(previous), *previous)
    moves = [
        m
        for m in figures.moves(jobs, "structure") + figures.moves(stints, "place")
        if (m.kind == "structure" and _touches_jobs(m, jobs, structure_ids))
        or (m.kind == "place" and _touches_places(m, stints, place_names))
    ]
    totals: dict[int, int] = {}
    by_partner: dict[tuple[int, int], int] = {}
    partners: dict[int, tuple[str, set[str]]] = {}
    grouped = (
        requests.filter(_bounds(start, end))
        .values("place_id", "partner_id", "partner__name", "partner__domains")
        .annotate(n=Count("pk"))
        .values_list("place_id", "partner_id", "partner__name", "partner__domains", "n")
    )
    for place_id, partner_id, name, domains, n in grouped:
        totals[place_id] = totals.get(place_id, 0) + n
        if partner_id is not None:
            by_partner[place_id, partner_id] = n
            partners[partner_id] = (name, set(domains or []))
    assigned = Assignment.objects.filter(place_id__in=list(place_names)).values("user")
    skills = [
        figures.SkillHeld(*row)
        for row in Skill.objects.filter(user__in=assigned).values_list("user_id", "partner_id", "domain", "acquired_on")
    ]
    lines = figures.place_lines(
        places=place_names,
        totals=totals,
        by_partner=by_partner,
        partners=partners,
        assignments=in_scope,
        skills=skills,
        start=start,
        end=end,
    )
    moves.sort(key=lambda m: (m.day, m.user_id, m.kind))
    return NetworkPeople(now, before, moves, lines, figures.training_needs(lines))


def _touches_jobs(move: figures.Move, jobs: list[figures.Stint], structure_ids: Collection[int]) -> bool:
    """A move into a structure of the scope, or out of one (the person's previous structure)."""
    if move.key in structure_ids:
        return True
    earlier = [j for j in jobs if j.user_id == move.user_id and j.start < move.day]
    return bool(earlier) and max(earlier, key=lambda j: j.start).key in structure_ids


def _touches_places(move: figures.Move, stints: list[figures.Stint], places: Collection[int]) -> bool:
    if move.key in places:
        return True
    earlier = [s for s in stints if s.user_id == move.user_id and s.start < move.day]
    return bool(earlier) and max(earlier, key=lambda s: s.start).key in places
