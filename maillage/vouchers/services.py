"""Use cases spanning several rows: drafting one funder's monthly claim over the redemptions not yet claimed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

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
    """The structure's claim to one funder for the redemptions of `month` not claimed yet, in one
    transaction. A redemption joins one claim only: the UPDATE takes rows whose `claim` is still empty."""
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise ValidationError("Ce mois n'a pas encore commencé.")
    series = VoucherSeries.objects.filter(funder_key=funder_key).select_related("funder_partner").first()
    if series is None:
        raise ValidationError("Financeur inconnu.")
    start, end = month_bounds(month)
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                structure=structure,
                funder_key=funder_key,
                funder_label=series.funder_label,
                month=month,
                created_by=user,
            )
            covered = Redemption.objects.filter(
                structure=structure,
                claim__isnull=True,
                voucher__series__funder_key=funder_key,
                redeemed_at__gte=start,
                redeemed_at__lt=end,
            )
            count = Redemption.objects.filter(
                pk__in=list(covered.values_list("pk", flat=True)), claim__isnull=True
            ).update(claim=claim)
            if not count:
                raise ValidationError("Aucun bon utilisé et non réclamé pour ce financeur et ce mois.")
            claim.count = count
            claim.amount_cents = claim.redemptions.aggregate(total=Sum("amount_cents"))["total"] or 0
            claim.save(update_fields=["count", "amount_cents"])
    except IntegrityError as exc:
        raise ValidationError("Une demande existe déjà pour ce financeur et ce mois.") from exc
    return claim
