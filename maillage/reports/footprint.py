"""Distinct people of a whole network over whole months, without scanning the requests again.

Distinct person files cannot be summed month by month, so the roll-up does not hold them. For each
network and year, the footprint keeps one row per (person, dimension, value) with a 12-bit mask of
the months the person was seen with that value (among all requests, and among each partner's),
but not the person's identifier. The distinct
people of a value over months M of that year are then the rows whose mask meets M: one scan of a
few hundred thousand small rows instead of one count over the requests per breakdown (ADR 0005).

A year's footprint is used only when it was built from the roll-up month versions that are fresh
now and from the network's current structures; anything else (a structure or a département, a
period that is not whole sealed months of one year) is counted on the requests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, IntegerField, Max, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce

from maillage.counter.models import Request
from maillage.network.models import Structure
from maillage.reports import rollup
from maillage.reports.models import ALL_PARTNERS, FootprintYear, PersonFootprint, RollupMonth

TOTAL = "total"


def structures_key(structure_ids: Iterable[int]) -> str:
    text = ",".join(str(pk) for pk in sorted(structure_ids))
    return hashlib.sha256(text.encode()).hexdigest()


def _month_bit(month: dt.date) -> int:
    return 1 << (month.month - 1)


def _sealed_versions(year: int) -> dict[str, int]:
    """Fresh roll-up months of the year (the only ones a footprint may cover) and their versions."""
    months = RollupMonth.objects.filter(
        month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1), stale=False
    ).values_list("month", "version")
    return {month.isoformat(): version for month, version in months if rollup.sealed(month)}


def build_year(network_id: int, year: int) -> int:
    """(Re)build one network's footprint of one year from the requests; returns the rows written."""
    versions = _sealed_versions(year)
    structure_ids = list(Structure.objects.filter(network_id=network_id).values_list("pk", flat=True))
    with transaction.atomic():
        PersonFootprint.objects.filter(network_id=network_id, year=year).delete()
        FootprintYear.objects.filter(network_id=network_id, year=year).delete()
        if not versions or not structure_ids:
            return 0
        months = sorted(dt.date.fromisoformat(m) for m in versions)
        seen = sum(
            Max(
                Case(
                    When(rollup.local_range(m, rollup.next_month(m)), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            * _month_bit(m)
            for m in months
        )
        requests = Request.objects.filter(
            Q(structure_id__in=structure_ids, person__isnull=False),
            rollup.local_range(months[0], rollup.next_month(months[-1])),
        ).order_by()
        written = 0
        for dimension, field in {TOTAL: None, **rollup.PEOPLE_DIMENSIONS}.items():
            written += _insert(network_id, year, requests, dimension, field, seen, by_partner=False)
            if dimension != "partner":
                written += _insert(network_id, year, requests, dimension, field, seen, by_partner=True)
        FootprintYear.objects.create(
            network_id=network_id, year=year, structures=structures_key(structure_ids), versions=versions
        )
    return written


def _insert(
    network_id: int,
    year: int,
    requests: QuerySet[Request],
    dimension: str,
    field: str | None,
    seen: Any,
    *,
    by_partner: bool,
) -> int:
    """One INSERT … SELECT: a row per (partner,) person and value, with the months it was seen."""
    names = (["partner_id"] if by_partner else []) + ["person_id"] + ([field] if field else [])
    value: Any = Value("") if field is None else Coalesce(Cast(field, CharField()), Value(""))
    if by_partner:
        requests = requests.filter(partner__isnull=False)
    key: Any = F("partner_id") if by_partner else Value(ALL_PARTNERS)
    rows = requests.values(*names).annotate(k=key, v=value, m=seen).values_list("k", "v", "m")
    sql, params = rows.query.sql_with_params()
    table = PersonFootprint._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (network_id, year, partner_key, dimension, value, months) "  # noqa: S608
            f"SELECT %s, %s, s.k, %s, s.v, s.m FROM ({sql}) s",
            [network_id, year, dimension, *params],
        )
        return int(cursor.rowcount)


def refresh(*, everything: bool = False) -> list[tuple[int, int]]:
    """Rebuild every (network, year) footprint that no longer matches the roll-up or the network."""
    years = sorted({m.year for m in RollupMonth.objects.filter(stale=False).values_list("month", flat=True)})
    versions = {year: _sealed_versions(year) for year in years}
    members: dict[int, list[int]] = {}
    for pk, network_id in Structure.objects.filter(network__isnull=False).values_list("pk", "network_id"):
        members.setdefault(network_id, []).append(pk)
    states = {(s.network_id, s.year): s for s in FootprintYear.objects.all()}
    built = []
    for network_id, structure_ids in members.items():
        key = structures_key(structure_ids)
        for year in years:
            state = states.get((network_id, year))
            if everything or state is None or state.structures != key or state.versions != versions[year]:
                build_year(network_id, year)
                built.append((network_id, year))
    return built


def usable(network_id: int, structure_ids: Iterable[int], months: list[dt.date]) -> bool:
    """True when the footprint answers exactly for these whole months of one year."""
    if not months or len({m.year for m in months}) != 1 or not all(rollup.sealed(m) for m in months):
        return False
    state = FootprintYear.objects.filter(network_id=network_id, year=months[0].year).first()
    if state is None or state.structures != structures_key(structure_ids):
        return False
    fresh = dict(RollupMonth.objects.filter(month__in=months, stale=False).values_list("month", "version"))
    return all(m in fresh and state.versions.get(m.isoformat()) == fresh[m] for m in months)


def persons(
    network_id: int, months: list[dt.date], partner_id: int | None, *, only: dict[str, list[str]] | None = None
) -> dict[str, dict[str, int]]:
    """Distinct persons by dimension and value (and by month), for months `usable` accepted; with
    `only`, the total and those values only."""
    mask = sum(_month_bit(m) for m in months)
    year = PersonFootprint.objects.filter(
        network_id=network_id, year=months[0].year, partner_key=partner_id or ALL_PARTNERS
    )
    rows = year.alias(hit=F("months").bitand(mask)).exclude(hit=0)
    result: dict[str, dict[str, int]] = {}
    if only is not None:
        result[TOTAL] = {"": rows.filter(dimension=TOTAL).count()}
        pairs = [Q(dimension=dimension, value__in=values) for dimension, values in only.items()]
        if pairs:
            for row in rows.filter(reduce(or_, pairs)).values("dimension", "value").annotate(n=Count("pk")):
                result.setdefault(row["dimension"], {})[row["value"]] = row["n"]
        return result
    for row in rows.values("dimension", "value").annotate(n=Count("pk")):
        result.setdefault(row["dimension"], {})[row["value"]] = row["n"]
    if partner_id and TOTAL in result:  # one partner's rows keep no partner breakdown: it is the total
        result["partner"] = {str(partner_id): result[TOTAL][""]}
    totals = year.filter(dimension=TOTAL)
    for month in months:
        totals = totals.alias(**{f"b{month.month}": F("months").bitand(_month_bit(month))})
    by_month = totals.aggregate(
        **{month.isoformat(): Count("pk", filter=~Q(**{f"b{month.month}": 0})) for month in months}
    )
    result["month"] = {name: n for name, n in by_month.items() if n}
    return result
