"""The ledger of vouchers in cents, per funder and per structure: issued, redeemed, claimed, paid, outstanding.

Issued counts the vouchers the structures handed out; the other columns the redemptions made at
them: claimed once in a claim sent (or paid) to the funder, paid once the funder paid that claim.
Outstanding is what was redeemed and is not paid yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from maillage.vouchers.enums import ClaimStatus
from maillage.vouchers.figures import _bounds
from maillage.vouchers.models import Redemption, Voucher


@dataclass
class LedgerRow:
    label: str
    issued: int = 0
    issued_cents: int = 0
    redeemed: int = 0
    redeemed_cents: int = 0
    claimed_cents: int = 0
    paid_cents: int = 0

    @property
    def outstanding_cents(self) -> int:
        return self.redeemed_cents - self.paid_cents


@dataclass
class Ledger:
    by_funder: list[LedgerRow]
    by_structure: list[LedgerRow]
    total: LedgerRow


def ledger(*, structure_ids: Collection[int], start: dt.date | None = None, end: dt.date | None = None) -> Ledger:
    """Two queries; `start`/`end` (inclusive) limit issues and redemptions to a period."""
    vouchers = Voucher.objects.filter(structure_id__in=list(structure_ids))
    redemptions = Redemption.objects.filter(structure_id__in=list(structure_ids))
    if start and end:
        since, until = _bounds(start, end)
        vouchers = vouchers.filter(issued_at__gte=since, issued_at__lt=until)
        redemptions = redemptions.filter(redeemed_at__gte=since, redeemed_at__lt=until)
    total = LedgerRow("Ensemble")
    funders: dict[str, LedgerRow] = {}
    structures: dict[str, LedgerRow] = {}

    def targets(funder: str, structure: str) -> list[LedgerRow]:
        return [
            total,
            funders.setdefault(funder, LedgerRow(funder)),
            structures.setdefault(structure, LedgerRow(structure)),
        ]

    for partner, name, structure, cents in vouchers.order_by().values_list(
        "series__funder_partner__name", "series__funder_name", "structure__name", "series__face_value_cents"
    ):
        for row in targets(partner or name, structure):
            row.issued += 1
            row.issued_cents += cents
    for partner, name, structure, cents, claim_status in redemptions.order_by().values_list(
        "voucher__series__funder_partner__name",
        "voucher__series__funder_name",
        "structure__name",
        "amount_cents",
        "claim__status",
    ):
        for row in targets(partner or name, structure):
            row.redeemed += 1
            row.redeemed_cents += cents
            if claim_status in {ClaimStatus.SENT, ClaimStatus.PAID}:
                row.claimed_cents += cents
            if claim_status == ClaimStatus.PAID:
                row.paid_cents += cents
    return Ledger(
        by_funder=sorted(funders.values(), key=lambda r: r.label),
        by_structure=sorted(structures.values(), key=lambda r: r.label),
        total=total,
    )
