"""The requests the social value counts, per network, partner and commune of residence (`Group`).

Whole sealed months come from the residence roll-up (reports.models.ResidenceRollup), the other days
of the period from the requests. The commune only matters to the trips of a partner whose trips are
valued (counters or a distance, and the network's share set): for the other partners, the known
communes are summed into one group (residence `KNOWN_RESIDENCE`), which `compute.estimate` counts
exactly as it counted them apart (sums of integers, no trip)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from maillage.counter.models import Request
from maillage.network.models import Structure
from maillage.reports import rollup
from maillage.reports.models import KNOWN_RESIDENCE, ResidenceRollup
from maillage.socialvalue.compute import Group

GroupKey = tuple[int | None, int | None, str | None]


def read_groups(
    requests: QuerySet[Request],
    structure_ids: Collection[int],
    start: dt.date,
    end: dt.date,
    *,
    rolled: bool,
    partner_id: int | None,
    valued: Collection[tuple[int, int]],
) -> list[Group]:
    """`requests`: those of the scope (its structures: `structure_ids`) and period; `rolled`: whether
    the roll-up holds the scope (not for a list of places); `valued`: the (network, partner) pairs
    whose trips are valued."""
    counts: dict[GroupKey, int] = {}

    def add(network_id: int | None, partner: int | None, residence: str | None, n: int) -> None:
        if residence is not None and (network_id, partner) not in valued:
            residence = KNOWN_RESIDENCE
        key = (network_id, partner, residence)
        counts[key] = counts.get(key, 0) + n

    months = rollup.fresh_months(rollup.whole_months(start, end)) if rolled else set()
    if months:
        networks_of = Structure.objects.filter(pk__in=list(structure_ids)).values_list("pk", "network_id")
        for network_id, partner, residence, n in _rolled(dict(networks_of), months, partner_id, valued):
            add(network_id, partner, residence, n)
    rest = rollup.outside_months(start, end + dt.timedelta(days=1), months)
    if rest is not None:
        rows = requests.filter(rest).order_by().values("structure__network_id", "partner_id", "residence_id")
        fields = ("structure__network_id", "partner_id", "residence_id", "n")
        for network_id, partner, residence, n in rows.annotate(n=Count("id")).values_list(*fields):
            add(network_id, partner, residence, n)
    return [Group(*key, n) for key, n in sorted(counts.items(), key=lambda item: _order(item[0]))]


def _rolled(
    networks_of: Mapping[int, int | None],
    months: set[dt.date],
    partner_id: int | None,
    valued: Collection[tuple[int, int]],
) -> Iterator[tuple[int | None, int | None, str | None, int]]:
    """Per network: the sums over known communes of the partners not valued, then the communes of
    those valued."""
    by_network: dict[int | None, list[int]] = {}
    for pk, network_id in networks_of.items():
        by_network.setdefault(network_id, []).append(pk)
    ordered = sorted(months)
    cells = ResidenceRollup.objects.filter(month__in=ordered, month__gte=ordered[0], month__lte=ordered[-1])
    if partner_id is not None:
        cells = cells.filter(partner_id=partner_id)
    for network_id, ids in by_network.items():
        mine = cells.filter(structure_id__in=ids)
        detailed = [p for net, p in valued if net == network_id and partner_id in (None, p)]
        summary = mine.filter(Q(residence_id__isnull=True) | Q(residence_id=KNOWN_RESIDENCE))
        for partner, residence, n in _summed(summary):
            if partner not in detailed:
                yield network_id, partner, residence, n
        if detailed:
            for partner, residence, n in _summed(mine.filter(partner_id__in=detailed).exclude(residence_id="")):
                yield network_id, partner, residence, n


def _summed(cells: QuerySet[ResidenceRollup]) -> Any:
    rows = cells.order_by().values("partner_id", "residence_id").annotate(n=Sum("requests"))
    return rows.values_list("partner_id", "residence_id", "n")


def _order(key: GroupKey) -> tuple[tuple[bool, Any], ...]:
    """Missing values first, as the database grouped them."""
    return tuple((value is not None, value if value is not None else 0) for value in key)
