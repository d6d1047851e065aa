"""A voucher redeemed in a collective workshop is tied to that workshop, at its place only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from maillage.factories import PlaceFactory
from maillage.vouchers.enums import RedemptionKind
from maillage.vouchers.models import Redemption
from maillage.vouchers.tests.helpers import issue, make_series
from maillage.workshops.tests.helpers import make_session

pytestmark = pytest.mark.django_db


def test_a_voucher_is_redeemed_in_a_workshop_of_the_place(cast: Any) -> None:
    session = make_session(cast.place_a)
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)

    redemption = voucher.redeem(
        place=cast.place_a, redeemed_by=cast.mediator_a, kind=RedemptionKind.WORKSHOP, workshop=session
    )

    assert (redemption.kind, redemption.workshop) == (RedemptionKind.WORKSHOP, session)


def test_a_workshop_held_at_another_place_is_refused_and_nothing_is_redeemed(cast: Any) -> None:
    elsewhere = make_session(PlaceFactory(structure=cast.structure_a, name="Autre lieu"))
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)

    with pytest.raises(ValidationError, match="autre lieu"):
        voucher.redeem(
            place=cast.place_a, redeemed_by=cast.mediator_a, kind=RedemptionKind.WORKSHOP, workshop=elsewhere
        )

    assert not Redemption.objects.exists()


def test_the_database_ties_a_workshop_to_workshop_redemptions_only(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Redemption.objects.create(
            voucher=voucher,
            place=cast.place_a,
            structure=cast.structure_a,
            amount_cents=1000,
            kind=RedemptionKind.REQUEST,
            workshop=make_session(cast.place_a),
        )


def test_the_redeem_page_offers_the_places_workshops(cast: Any) -> None:
    session = make_session(cast.place_a)
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    client = Client()
    client.force_login(cast.mediator_a)

    page = client.get(reverse("vouchers:redeem")).content.decode()
    assert session.title in page
    response = client.post(
        reverse("vouchers:redeem"),
        {"code": voucher.code, "place": cast.place_a.pk, "kind": "workshop", "workshop": session.pk},
    )

    assert response.status_code == 302
    assert Redemption.objects.get().workshop == session
