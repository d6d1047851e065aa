"""A voucher is redeemed once, within its validity; refusals are French and the database backs them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.vouchers.models import Redemption, Voucher
from maillage.vouchers.tests.helpers import issue, make_series

pytestmark = pytest.mark.django_db


def test_a_voucher_is_redeemed_once_and_a_second_time_is_refused(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    redemption = voucher.redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    assert redemption.amount_cents == 1000
    assert redemption.structure == cast.structure_a
    with pytest.raises(ValidationError, match="déjà été utilisé"):
        Voucher.objects.get(pk=voucher.pk).redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    assert Redemption.objects.count() == 1
    assert Voucher.objects.get(pk=voucher.pk).status == "redeemed"


def test_a_stale_copy_of_the_voucher_cannot_redeem_it_again(cast: Any) -> None:
    """Two mediators opened the same voucher: the second one's conditional update finds nothing to move."""
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    first, second = Voucher.objects.get(pk=voucher.pk), Voucher.objects.get(pk=voucher.pk)
    first.redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    with pytest.raises(ValidationError, match="déjà été utilisé"):
        second.redeem(place=cast.place_a, redeemed_by=cast.manager_a)
    assert Redemption.objects.filter(voucher=voucher).count() == 1


def test_the_database_refuses_a_second_redemption_row(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    voucher.redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Redemption.objects.create(
            voucher=voucher, place=cast.place_a, structure=cast.structure_a, amount_cents=1000, kind="request"
        )


def test_a_voucher_past_its_validity_is_refused(cast: Any) -> None:
    today = timezone.localdate()
    series = make_series(cast.structure_a, valid_until=today + dt.timedelta(days=1))
    voucher = issue(series, cast.structure_a, cast.mediator_a)
    later = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="a expiré le"):
        voucher.redeem(place=cast.place_a, redeemed_by=cast.mediator_a, when=later)
    assert not Redemption.objects.exists()
    assert Voucher.objects.get(pk=voucher.pk).status == "issued"


def test_the_validity_is_checked_in_the_database_update_too(cast: Any) -> None:
    """The series was shortened after the voucher was loaded: the conditional update reads the row as it is now."""
    series = make_series(cast.structure_a)
    voucher = Voucher.objects.select_related("series").get(pk=issue(series, cast.structure_a, cast.mediator_a).pk)
    type(series).objects.filter(pk=series.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="n'est plus valable"):
        voucher.redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    assert not Redemption.objects.exists()


def test_a_voucher_before_its_validity_is_refused(cast: Any) -> None:
    today = timezone.localdate()
    series = make_series(cast.structure_a, valid_from=today + dt.timedelta(days=5))
    voucher = issue(series, cast.structure_a, cast.mediator_a)
    with pytest.raises(ValidationError, match="qu'à partir du"):
        voucher.redeem(place=cast.place_a, redeemed_by=cast.mediator_a)


def test_a_cancelled_voucher_cannot_be_redeemed_nor_cancelled_again(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    voucher.cancel(by=cast.mediator_a)
    with pytest.raises(ValidationError, match="annulé"):
        Voucher.objects.get(pk=voucher.pk).redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    with pytest.raises(ValidationError, match="ne peut plus être annulé"):
        Voucher.objects.get(pk=voucher.pk).cancel(by=cast.mediator_a)
    changes = [entry.changes for entry in LogEntry.objects.get_for_object(voucher)]
    assert {"status": ["issued", "cancelled"]} in changes


def test_a_redeemed_voucher_cannot_be_cancelled(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    stale = Voucher.objects.get(pk=voucher.pk)
    voucher.redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    with pytest.raises(ValidationError, match="utilisé"):
        stale.cancel(by=cast.mediator_a)
    assert Voucher.objects.get(pk=voucher.pk).status == "redeemed"


def test_a_series_past_its_end_issues_no_voucher(cast: Any) -> None:
    today = timezone.localdate()
    series = make_series(
        cast.structure_a, valid_from=today - dt.timedelta(days=10), valid_until=today - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="n'est plus valable"):
        issue(series, cast.structure_a, cast.mediator_a)


def test_a_voucher_is_refused_at_a_place_whose_structure_does_not_take_its_series(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    with pytest.raises(ValidationError, match="pas accepté dans ce lieu"):
        voucher.redeem(place=cast.place_b, redeemed_by=cast.mediator_b)
    assert Voucher.objects.get(pk=voucher.pk).status == "issued"
