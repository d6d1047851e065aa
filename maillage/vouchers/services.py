"""Use cases spanning several rows: drafting one funder's monthly claim over the redemptions not yet claimed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from maillage.vouchers.enums import ClaimStatus
from maillage.vouchers.models import Claim, Redemption, VoucherSeries

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.network.models import Structure


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = month.replace(day=1)
    following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    aware = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=aware),
        dt.datetime.combine(following, dt.time.min, tzinfo=aware),
    )


def draft_claim(*, structure: Structure, funder_key: str, month: dt.date, user: User) -> Claim:
    """The structure's claim to one funder for `month`: the redemptions made until the end of that
    month and not claimed yet (a voucher forgotten in an earlier month is not lost), in one
    transaction. Drafting again while the claim is a draft adds the redemptions made since; once
    sent, the month is closed and later ones go to the next month's claim. A redemption joins one
    claim only: the UPDATE takes rows whose `claim` is still empty, under a lock on the claim row."""
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise ValidationError("Ce mois n'a pas encore commencé.")
    series = VoucherSeries.objects.filter(funder_key=funder_key).select_related("funder_partner").first()
    if series is None:
        raise ValidationError("Financeur inconnu.")
    _start, end = month_bounds(month)
    key = {"structure": structure, "funder_key": funder_key, "month": month}
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(**key).first()
        if claim is None:
            try:
                with transaction.atomic():
                    claim = Claim.objects.create(**key, funder_label=series.funder_label, created_by=user)
            except IntegrityError:  # drafted by someone else meanwhile: add to theirs
                claim = Claim.objects.select_for_update().get(**key)
        if claim.status != ClaimStatus.DRAFTED:
            raise ValidationError(
                f"La demande de {month:%m/%Y} pour ce financeur est « {claim.get_status_display().lower()} » : "
                "les bons utilisés depuis iront dans celle du mois suivant."
            )
        covered = Redemption.objects.filter(
            structure=structure,
            claim__isnull=True,
            voucher__series__funder_key=funder_key,
            redeemed_at__lt=end,
        )
        added = Redemption.objects.filter(pk__in=list(covered.values_list("pk", flat=True)), claim__isnull=True).update(
            claim=claim
        )
        if not added:
            raise ValidationError("Aucun bon utilisé et non réclamé pour ce financeur et ce mois.")
        totals = claim.redemptions.aggregate(count=Count("pk"), total=Sum("amount_cents"))
        claim.count, claim.amount_cents = totals["count"], totals["total"] or 0
        claim.save(update_fields=["count", "amount_cents"])
    return claim
