"""Voucher figures for the reports: one pure function, `vouchers_figures`, reads vouchers and redemptions.

A voucher counts as issued in the period of its issue (by the structures of the scope) and as
redeemed in the period of its redemption (at their places). Amounts are integer cents. Each voucher
stands for one person: `people` is the number of vouchers behind a row, which the reports mask under
5 for partners; a partner's report shows only the series it funds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils import timezone

from maillage.vouchers.models import Redemption, Voucher

TOTAL_LABEL = "Ensemble"


@dataclass
class VoucherRow:
    label: str
    issued: int = 0
    issued_cents: int = 0
    redeemed: int = 0
    redeemed_cents: int = 0
    masked: bool = False
    _vouchers: set[int] = field(default_factory=set, repr=False)

    @property
    def people(self) -> int:
        return len(self._vouchers)


@dataclass
class VoucherFigures:
    total: VoucherRow
    by_funder: list[VoucherRow]
    by_series: list[VoucherRow]
    by_place: list[VoucherRow]

    @property
    def empty(self) -> bool:
        return not (self.total.issued or self.total.redeemed)

    def breakdowns(self) -> list[tuple[str, str, list[VoucherRow]]]:
        return [
            ("funder", "Financeur", self.by_funder),
            ("series", "Série", self.by_series),
            ("place", "Lieu", self.by_place),
        ]


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def vouchers_figures(
    *,
    structure_ids: Collection[int],
    start: dt.date,
    end: dt.date,
    place_ids: Collection[int] | None = None,
    funder_partner_id: int | None = None,
) -> VoucherFigures:
    """Vouchers issued by these structures and redeemed at their places (or at `place_ids`) between
    `start` and `end` inclusive, optionally only those funded by one partner; two queries."""
    since, until = _bounds(start, end)
    funder = {"series__funder_partner_id": funder_partner_id} if funder_partner_id is not None else {}
    issued: list[tuple[int, str, str, str, int]] = []
    if place_ids is None:  # a voucher is issued by a structure, not at a place
        issued = list(
            Voucher.objects.filter(
                structure_id__in=list(structure_ids), issued_at__gte=since, issued_at__lt=until, **funder
            )
            .order_by()
            .values_list(
                "pk", "series__funder_partner__name", "series__funder_name", "series__name", "series__face_value_cents"
            )
        )
    redemptions = Redemption.objects.filter(
        structure_id__in=list(structure_ids), redeemed_at__gte=since, redeemed_at__lt=until
    )
    if place_ids is not None:
        redemptions = redemptions.filter(place_id__in=list(place_ids))
    if funder_partner_id is not None:
        redemptions = redemptions.filter(voucher__series__funder_partner_id=funder_partner_id)
    redeemed = list(
        redemptions.order_by().values_list(
            "voucher_id",
            "voucher__series__funder_partner__name",
            "voucher__series__funder_name",
            "voucher__series__name",
            "amount_cents",
            "place__name",
        )
    )
    total = VoucherRow(TOTAL_LABEL)
    groups: dict[str, dict[str, VoucherRow]] = {"funder": {}, "series": {}, "place": {}}

    def rows(keys: dict[str, str]) -> list[VoucherRow]:
        return [total] + [groups[name].setdefault(key, VoucherRow(key)) for name, key in keys.items()]

    for pk, partner, name, series, cents in issued:
        for row in rows({"funder": partner or name, "series": series}):
            row.issued += 1
            row.issued_cents += cents
            row._vouchers.add(pk)
    for pk, partner, name, series, cents, place in redeemed:
        for row in rows({"funder": partner or name, "series": series, "place": place}):
            row.redeemed += 1
            row.redeemed_cents += cents
            row._vouchers.add(pk)

    def ordered(name: str) -> list[VoucherRow]:
        return sorted(groups[name].values(), key=lambda r: (-r.redeemed, -r.issued, r.label))

    return VoucherFigures(
        total=total, by_funder=ordered("funder"), by_series=ordered("series"), by_place=ordered("place")
    )
