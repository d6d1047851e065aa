"""The ledger in cents per funder and per structure: issued, redeemed, claimed, paid, outstanding."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.factories import sign_in
from maillage.vouchers.ledger import ledger
from maillage.vouchers.services import draft_claim
from maillage.vouchers.tests.helpers import issue, make_series

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0)))


def test_the_ledger_sums_known_vouchers(cast: Any) -> None:
    rhone = make_series(cast.structure_a, face_value_cents=1000, valid_from=dt.date(2026, 1, 1))
    caf = make_series(
        cast.structure_a,
        funder_partner=cast.partner,
        funder_name="",
        face_value_cents=2500,
        valid_from=dt.date(2026, 1, 1),
    )
    rhone_vouchers = [issue(rhone, cast.structure_a, cast.mediator_a) for _ in range(5)]
    caf_vouchers = [issue(caf, cast.structure_a, cast.mediator_a) for _ in range(2)]
    for voucher in rhone_vouchers[:3]:
        voucher.redeem(place=cast.place_a, redeemed_by=cast.mediator_a, when=_at(dt.date(2026, 2, 10)))
    rhone_vouchers[3].redeem(place=cast.place_a, redeemed_by=cast.mediator_a, when=_at(dt.date(2026, 3, 10)))
    caf_vouchers[0].redeem(place=cast.place_a, redeemed_by=cast.mediator_a, when=_at(dt.date(2026, 2, 11)))
    rhone_vouchers[4].cancel(by=cast.mediator_a)
    february = draft_claim(
        structure=cast.structure_a, funder_key=rhone.funder_key, month=dt.date(2026, 2, 1), user=cast.manager_a
    )
    february.mark_sent()
    february.mark_paid(dt.date(2026, 3, 20))
    march = draft_claim(
        structure=cast.structure_a, funder_key=rhone.funder_key, month=dt.date(2026, 3, 1), user=cast.manager_a
    )
    march.mark_sent()
    draft_claim(structure=cast.structure_a, funder_key=caf.funder_key, month=dt.date(2026, 2, 1), user=cast.manager_a)

    book = ledger(structure_ids={cast.structure_a.pk})
    by_funder = {row.label: row for row in book.by_funder}
    rhone_row, caf_row = by_funder["Département du Rhône"], by_funder[cast.partner.name]
    assert (rhone_row.issued, rhone_row.issued_cents, rhone_row.redeemed, rhone_row.redeemed_cents) == (
        5,
        5000,
        4,
        4000,
    )
    assert (rhone_row.claimed_cents, rhone_row.paid_cents, rhone_row.outstanding_cents) == (4000, 3000, 1000)
    assert (caf_row.issued_cents, caf_row.redeemed_cents, caf_row.claimed_cents, caf_row.paid_cents) == (
        5000,
        2500,
        0,
        0,
    )
    assert [row.label for row in book.by_structure] == ["Structure A"]
    assert book.total.redeemed_cents == 6500
    assert book.total.outstanding_cents == 3500
    assert ledger(structure_ids={cast.structure_b.pk}).total.issued == 0


def test_the_ledger_page_shows_euros(cast: Any) -> None:
    series = make_series(cast.structure_a, face_value_cents=61728)
    for _ in range(2):
        issue(series, cast.structure_a, cast.mediator_a).redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    client = Client()
    sign_in(client, cast.manager_a)
    page = client.get(reverse("vouchers:ledger")).content.decode()
    assert "617,28\u00a0€" not in page  # the sums are shown, not the face value
    assert "1\u202f234,56\u00a0€" in page
    assert "Reste dû" in page
    other = Client()
    sign_in(other, cast.manager_b)
    assert "Aucun bon émis ni utilisé" in other.get(reverse("vouchers:ledger")).content.decode()


def test_the_ledger_page_reads_one_year_in_a_fixed_number_of_queries(cast: Any, django_assert_num_queries: Any) -> None:
    series = make_series(cast.structure_a, valid_from=dt.date(2025, 1, 1))
    for when in (dt.date(2025, 6, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)):
        issue(series, cast.structure_a, cast.mediator_a).redeem(
            place=cast.place_a, redeemed_by=cast.mediator_a, when=_at(when)
        )
    client = Client()
    sign_in(client, cast.manager_a)
    client.get(reverse("vouchers:ledger"))
    with django_assert_num_queries(9):
        response = client.get(reverse("vouchers:ledger"), {"annee": "2026"})
    assert response.context["ledger"].total.redeemed == 2
    assert client.get(reverse("vouchers:ledger")).context["ledger"].total.redeemed == 3
    assert client.get(reverse("vouchers:ledger"), {"annee": "1990"}).context["ledger"].total.redeemed == 3
