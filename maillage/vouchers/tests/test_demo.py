"""`maillage demo` adds a pass numérique series with vouchers issued, redeemed, cancelled and a drafted claim, once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.factories import sign_in
from maillage.network.demo import DEMO_DOMAIN
from maillage.vouchers.figures import vouchers_figures
from maillage.vouchers.models import Claim, Redemption, Voucher

pytestmark = pytest.mark.django_db


def test_demo_issues_redeems_and_claims_vouchers_once() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "bons (pass numérique) émis" in out.getvalue()
    statuses = set(Voucher.objects.values_list("status", flat=True))
    assert statuses == {"issued", "redeemed", "cancelled"}
    claim = Claim.objects.get()
    assert claim.funder_label == "Département du Rhône"
    assert claim.status == "drafted"
    assert claim.month == (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert claim.amount_cents == 1000 * claim.count > 0
    counts = (Voucher.objects.count(), Redemption.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (Voucher.objects.count(), Redemption.objects.count()) == counts

    manager = User.objects.get(email=f"responsable@{DEMO_DOMAIN}")
    client = Client()
    sign_in(client, manager)
    assert client.get(reverse("vouchers:claim_detail", args=[claim.uuid])).status_code == 200
    ledger = client.get(reverse("vouchers:ledger")).context["ledger"]
    assert ledger.total.redeemed == Redemption.objects.count()
    structure = Voucher.objects.first().structure
    today = timezone.localdate()
    figures = vouchers_figures(structure_ids=[structure.pk], start=today - dt.timedelta(days=90), end=today)
    assert figures.total.issued == Voucher.objects.count()
    assert figures.total.redeemed == Redemption.objects.count()
