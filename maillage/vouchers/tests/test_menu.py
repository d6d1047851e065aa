"""The « Bons » menu entry: for the staff of structures (and administrators), never for partners or coordinators."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in

pytestmark = pytest.mark.django_db


def _menu(cast: Any, role: str) -> str:
    client = Client()
    sign_in(client, getattr(cast, role))
    return client.get(reverse("directory:home")).content.decode().split('id="navigation"')[1].split("</nav>")[0]


@pytest.mark.parametrize(
    ("role", "shown"),
    [("mediator_a", True), ("manager_a", True), ("admin", True), ("coordinator_a", False), ("partner_viewer", False)],
)
def test_the_vouchers_entry_is_shown_to_who_can_open_it(cast: Any, role: str, shown: bool) -> None:
    assert (reverse("vouchers:list") in _menu(cast, role)) is shown


def test_the_person_file_offers_to_issue_a_voucher(cast: Any) -> None:
    person = make_person(cast.structure_a)
    client = Client()
    sign_in(client, cast.mediator_a)
    page = client.get(reverse("counter:person_detail", args=[person.uuid])).content.decode()
    assert reverse("vouchers:issue_for_person", args=[person.uuid]) in page
