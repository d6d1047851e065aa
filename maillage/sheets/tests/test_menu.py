"""The « Fiches pratiques » menu entry: for structure staff, coordinators and administrators."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from maillage.navigation import menu_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "shown"),
    [("mediator_a", True), ("manager_b", True), ("coordinator_a", True), ("admin", True), ("partner_viewer", False)],
)
def test_the_sheets_entry_follows_who_may_open_the_pages(cast: Any, role: str, shown: bool) -> None:
    links = {link.label: link for link in menu_for(getattr(cast, role), "sheets:list").links}
    assert ("Fiches pratiques" in links) is shown
    if shown:
        assert links["Fiches pratiques"].url == reverse("sheets:list")
        assert links["Fiches pratiques"].current
