"""The menu offers « Équipe » to managers and administrators, « Mon profil » to mediators, nothing else to others."""

from __future__ import annotations

from typing import Any

import pytest

from maillage.navigation import menu_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "label"),
    [
        ("manager_a", "Équipe"),
        ("admin", "Équipe"),
        ("mediator_a", "Mon profil"),
        ("coordinator_a", None),
        ("partner_viewer", None),
    ],
)
def test_menu_entry_of_the_profiles(cast: Any, role: str, label: str | None) -> None:
    labels = {link.label for link in menu_for(getattr(cast, role)).links}
    assert ("Équipe" in labels) == (label == "Équipe")
    assert ("Mon profil" in labels) == (label == "Mon profil")
