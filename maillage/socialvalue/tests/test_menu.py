"""The « Valeur sociale » menu entry: for network coordinators and administrators only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from maillage.navigation import menu_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "shown"),
    [("coordinator_a", True), ("admin", True), ("manager_a", False), ("mediator_a", False), ("partner_viewer", False)],
)
def test_the_social_value_entry_follows_who_may_open_the_page(cast: Any, role: str, shown: bool) -> None:
    links = {link.label: link for link in menu_for(getattr(cast, role), "socialvalue:list").links}
    assert ("Valeur sociale" in links) is shown
    if shown:
        assert links["Valeur sociale"].url == reverse("socialvalue:list")
