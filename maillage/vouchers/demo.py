"""Demo vouchers (`maillage demo`): a pass numérique series of the Département du Rhône (and one of the
CAF when that partner exists) at the demo mediator's structure, vouchers issued over two months, some
redeemed at its places, one cancelled, and last month's claim drafted for the département."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership
from maillage.network.demo import DEMO_DOMAIN
from maillage.network.models import Partner, Place
from maillage.vouchers.models import Voucher, VoucherSeries
from maillage.vouchers.services import draft_claim

PREFIX = "PN69"
# (days ago issued, days ago redeemed or None, place index); the département's series
DEPARTEMENT_VOUCHERS = [(58, 50, 0), (55, 41, 1), (52, 38, 0), (47, 35, 0), (40, 20, 1), (33, 12, 0), (20, 3, 1)]
DEPARTEMENT_WAITING = [15, 9, 4, 1]  # issued, not redeemed yet
CAF_VOUCHERS = [(30, 10, 0), (25, 6, 0), (12, None, 0)]


@transaction.atomic
def build_vouchers(*, today: dt.date | None = None) -> int:
    """Once: nothing is added when the demo series exists. Returns the number of vouchers issued."""
    today = today or timezone.localdate()
    membership = (
        Membership.objects.filter(user__email=f"mediateur@{DEMO_DOMAIN}", role=Role.MEDIATOR)
        .select_related("user", "structure")
        .first()
    )
    if membership is None or membership.structure is None or VoucherSeries.objects.filter(prefix=PREFIX).exists():
        return 0
    structure, mediator = membership.structure, membership.user
    places = list(Place.objects.filter(structure=structure).order_by("name")[:2])
    if not places:
        return 0
    validity = {"valid_from": today - dt.timedelta(days=120), "valid_until": today + dt.timedelta(days=245)}
    departement = VoucherSeries.objects.create(
        name="Pass numérique — Rhône",
        structure=structure,
        funder_name="Département du Rhône",
        face_value_cents=1000,
        target="everyone",
        prefix=PREFIX,
        created_by=mediator,
        **validity,
    )
    plan: list[tuple[VoucherSeries, int, int | None, int]] = [
        (departement, issued, redeemed, place) for issued, redeemed, place in DEPARTEMENT_VOUCHERS
    ]
    plan += [(departement, issued, None, 0) for issued in DEPARTEMENT_WAITING]
    caf = Partner.objects.filter(code="caf").first()
    if caf is not None:
        caf_series = VoucherSeries.objects.create(
            name="Pass numérique CAF — familles",
            structure=structure,
            funder_partner=caf,
            face_value_cents=2000,
            target="other",
            target_detail="Familles allocataires",
            prefix="PNCAF",
            created_by=mediator,
            **validity,
        )
        plan += [(caf_series, issued, redeemed, place) for issued, redeemed, place in CAF_VOUCHERS]
    now = timezone.now()
    vouchers = []
    for series, issued, redeemed, place in plan:
        voucher = series.issue(structure=structure, issued_by=mediator)
        Voucher.objects.filter(pk=voucher.pk).update(issued_at=now - dt.timedelta(days=issued))
        if redeemed is not None:
            voucher.redeem(
                place=places[place % len(places)], redeemed_by=mediator, when=now - dt.timedelta(days=redeemed)
            )
        vouchers.append(voucher)
    vouchers[len(DEPARTEMENT_VOUCHERS)].cancel(by=mediator)  # lost by the person: cancelled, another one issued
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    manager = Membership.objects.filter(structure=structure, role=Role.STRUCTURE_MANAGER).select_related("user").first()
    # Redemptions 3 to 50 days ago: last month always has some, whatever today's date.
    draft_claim(
        structure=structure,
        funder_key=departement.funder_key,
        month=last_month,
        user=manager.user if manager else mediator,
    )
    return len(vouchers)
