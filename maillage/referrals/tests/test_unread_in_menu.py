"""The menu counts the referrals a structure received and has not answered yet, in one query."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.factories import sign_in
from maillage.navigation import menu_for
from maillage.referrals.models import Referral


def _refer(cast: Any, **extra: Any) -> Referral:
    return Referral.objects.create(
        from_structure=cast.structure_a,
        to_structure=cast.structure_b,
        to_place=cast.place_b,
        reason="Dossier de retraite",
        **extra,
    )


def _page(user: Any) -> str:
    client = Client()
    sign_in(client, user)
    return html.unescape(client.get(reverse("referrals:list")).content.decode())


def test_receiving_structure_sees_its_unanswered_referrals_counted(cast: Any) -> None:
    _refer(cast)
    _refer(cast)
    assert "2 orientations reçues en attente de réponse" in _page(cast.mediator_b)
    assert "2 orientations reçues en attente de réponse" in _page(cast.manager_b)
    page = _page(cast.mediator_a)  # the sender has nothing to answer
    assert "en attente de réponse" not in page


def test_answered_and_expired_referrals_are_no_longer_counted(cast: Any) -> None:
    answered = _refer(cast)
    _refer(cast, expires_at=timezone.now() - dt.timedelta(days=1))
    _refer(cast)
    answered.accept(user=cast.manager_b)
    assert "1 orientation reçue en attente de réponse" in _page(cast.mediator_b)


def test_unread_count_costs_one_query_whatever_the_number_of_referrals(
    cast: Any, django_assert_num_queries: Any
) -> None:
    for _ in range(5):
        _refer(cast)
    user = cast.manager_b
    user.roles()  # read once per request by every page already
    with django_assert_num_queries(1):
        menu = menu_for(user)
    assert menu.unread_referrals == 5


@pytest.mark.parametrize("referrals", [1, 12])
def test_referral_list_page_query_count_does_not_grow(
    cast: Any, django_assert_num_queries: Any, referrals: int
) -> None:
    for _ in range(referrals):
        _refer(cast)
    client = Client()
    sign_in(client, cast.mediator_b)
    # session, user, roles, the menu's one query, the list's reach (memberships), count, page
    with django_assert_num_queries(7):
        response = client.get(reverse("referrals:list"))
    assert response.status_code == 200
