"""Monthly claims per funder: each redemption claimed once, the file a funder reads, sent, paid."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maillage.factories import sign_in
from maillage.vouchers.models import Claim, Redemption, Voucher
from maillage.vouchers.services import draft_claim
from maillage.vouchers.tests.helpers import issue, make_series

pytestmark = pytest.mark.django_db
HYPERLINK = '=HYPERLINK("http://exemple.invalid","cliquez")'


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _redeemed(cast: Any, series: Any, day: dt.date, place: Any = None) -> Redemption:
    voucher = issue(series, cast.structure_a, cast.mediator_a)
    return voucher.redeem(place=place or cast.place_a, redeemed_by=cast.mediator_a, when=_at(day))


@pytest.fixture
def series(cast: Any) -> Any:
    return make_series(cast.structure_a, valid_from=dt.date(2026, 1, 1))


def test_a_claim_covers_the_month_of_one_funder_and_sums_in_cents(cast: Any, series: Any) -> None:
    other_funder = make_series(
        cast.structure_a, funder_name="Ville de Lyon", face_value_cents=2050, valid_from=dt.date(2026, 1, 1)
    )
    for day in (dt.date(2026, 3, 2), dt.date(2026, 3, 31)):
        _redeemed(cast, series, day)
    _redeemed(cast, series, dt.date(2026, 4, 1))
    _redeemed(cast, other_funder, dt.date(2026, 3, 5))
    claim = draft_claim(
        structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 3, 15), user=cast.manager_a
    )
    assert (claim.month, claim.count, claim.amount_cents) == (dt.date(2026, 3, 1), 2, 2000)
    assert claim.funder_label == "Département du Rhône"
    assert Redemption.objects.filter(claim__isnull=True).count() == 2


def test_a_redemption_is_never_claimed_twice(cast: Any, series: Any) -> None:
    first = _redeemed(cast, series, dt.date(2026, 3, 2))
    claim = draft_claim(
        structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 3, 1), user=cast.manager_a
    )
    with pytest.raises(ValidationError, match="Aucun bon utilisé et non réclamé"):
        draft_claim(
            structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 3, 1), user=cast.manager_a
        )
    later = _redeemed(cast, series, dt.date(2026, 3, 20))
    again = draft_claim(
        structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 3, 1), user=cast.manager_a
    )
    assert again.pk == claim.pk
    assert (again.count, again.amount_cents) == (2, 2000)
    assert set(Redemption.objects.filter(claim=claim).values_list("pk", flat=True)) == {first.pk, later.pk}
    assert Claim.objects.count() == 1


def test_a_sent_claim_closes_its_month(cast: Any, series: Any) -> None:
    _redeemed(cast, series, dt.date(2026, 3, 2))
    claim = draft_claim(
        structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 3, 1), user=cast.manager_a
    )
    claim.mark_sent()
    late = _redeemed(cast, series, dt.date(2026, 3, 30))
    with pytest.raises(ValidationError, match="est « envoyée »"):
        draft_claim(
            structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 3, 1), user=cast.manager_a
        )
    assert Redemption.objects.get(pk=late.pk).claim is None
    assert Claim.objects.get().count == 1
    april = draft_claim(
        structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 4, 1), user=cast.manager_a
    )
    assert list(april.redemptions.all()) == [late]


def test_a_month_without_redemption_gives_no_claim(cast: Any, series: Any) -> None:
    with pytest.raises(ValidationError, match="Aucun bon utilisé"):
        draft_claim(
            structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 2, 1), user=cast.manager_a
        )
    assert not Claim.objects.exists()


def test_paying_a_claim_marks_its_vouchers_paid_and_empties_the_unpaid_list(cast: Any, series: Any) -> None:
    first = _redeemed(cast, series, dt.date(2026, 3, 2))
    later = _redeemed(cast, series, dt.date(2026, 4, 2))
    claim = draft_claim(
        structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 3, 1), user=cast.manager_a
    )
    client = Client()
    sign_in(client, cast.manager_a)
    assert client.post(reverse("vouchers:claim_sent", args=[claim.uuid])).status_code == 302
    client.post(reverse("vouchers:claim_paid", args=[claim.uuid]), {"paid_at": "2026-04-20"})
    claim.refresh_from_db()
    assert (claim.status, claim.paid_at) == ("paid", dt.date(2026, 4, 20))
    assert Voucher.objects.get(pk=first.voucher_id).status == "paid"
    assert Voucher.objects.get(pk=later.voucher_id).status == "redeemed"
    unpaid = client.get(reverse("vouchers:unpaid"))
    assert [r.pk for r in unpaid.context["page"]] == [later.pk]
    with pytest.raises(ValidationError, match="payée"):
        Claim.objects.get(pk=claim.pk).mark_sent()


def test_the_claim_file_lists_each_voucher_and_the_total_as_text_never_formulas(cast: Any) -> None:
    series = make_series(
        cast.structure_a, name=HYPERLINK, funder_name="@SUM(1+1)", valid_from=dt.date(2026, 1, 1), face_value_cents=1550
    )
    cast.place_a.name = "-2+3"
    cast.place_a.save()
    redemptions = [_redeemed(cast, series, dt.date(2026, 3, day)) for day in (2, 9)]
    claim = draft_claim(
        structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 3, 1), user=cast.manager_a
    )
    client = Client()
    sign_in(client, cast.manager_a)
    response = client.get(reverse("vouchers:claim_file", args=[claim.uuid, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Demande de remboursement", "'@SUM(1+1)"]
    lines = rows[5:7]
    assert [line[0] for line in lines] == [r.voucher.code for r in redemptions]
    assert lines[0][1:] == ["'" + HYPERLINK, "15,50", "2026-03-02", "'-2+3", "Accompagnement au guichet"]
    assert rows[7] == ["Total", "2 bons", "31,00"]
    workbook = load_workbook(io.BytesIO(client.get(reverse("vouchers:claim_file", args=[claim.uuid, "xlsx"])).content))
    sheet = workbook.active
    assert sheet.cell(6, 2).value == HYPERLINK
    assert sheet.cell(6, 2).data_type == "s"
    assert sheet.cell(8, 3).value == 31


def test_a_manager_drafts_a_claim_from_the_page(cast: Any, series: Any) -> None:
    _redeemed(cast, series, dt.date(2026, 3, 2))
    client = Client()
    sign_in(client, cast.manager_a)
    page = client.get(reverse("vouchers:claims"))
    assert "Département du Rhône" in page.content.decode()
    response = client.post(
        reverse("vouchers:claims"), {"structure": cast.structure_a.pk, "funder": series.funder_key, "month": "2026-03"}
    )
    claim = Claim.objects.get()
    assert response["Location"] == reverse("vouchers:claim_detail", args=[claim.uuid])
    again = client.post(
        reverse("vouchers:claims"), {"structure": cast.structure_a.pk, "funder": series.funder_key, "month": "2026-03"}
    )
    assert again.status_code == 200
    assert Claim.objects.count() == 1


def test_the_claim_and_unpaid_lists_stay_light(cast: Any, series: Any, django_assert_num_queries: Any) -> None:
    for day in range(1, 28):
        _redeemed(cast, series, dt.date(2026, 3, day))
    claim = draft_claim(
        structure=cast.structure_a, funder_key=series.funder_key, month=dt.date(2026, 3, 1), user=cast.manager_a
    )
    client = Client()
    sign_in(client, cast.manager_a)
    client.get(reverse("vouchers:unpaid"))
    with django_assert_num_queries(9):
        assert client.get(reverse("vouchers:unpaid")).context["page"].paginator.count == 27
    with django_assert_num_queries(9):
        assert client.get(reverse("vouchers:claim_detail", args=[claim.uuid]), {"page": 2}).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(reverse("vouchers:claims")).status_code == 200
