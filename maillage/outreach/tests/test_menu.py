"""The « Aller vers » menu entry: for the staff of structures and administrators, not for other roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from maillage.navigation import menu_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "shown"),
    [("mediator_a", True), ("manager_b", True), ("admin", True), ("coordinator_a", False), ("partner_viewer", False)],
)
def test_the_outreach_entry_follows_who_may_open_the_pages(cast: Any, role: str, shown: bool) -> None:
    links = {link.label: link for link in menu_for(getattr(cast, role), "outreach:list").links}
    assert ("Aller vers" in links) is shown
    if shown:
        assert links["Aller vers"].url == reverse("outreach:list")
        assert links["Aller vers"].current
