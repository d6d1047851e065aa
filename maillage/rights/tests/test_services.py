"""Rights found for a person (by screening, later) are followed once, whatever the number of screenings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from maillage.counter.tests.helpers import make_person
from maillage.rights.models import FollowedRight
from maillage.rights.services import follow_rights
from maillage.rights.tests.helpers import follow

pytestmark = pytest.mark.django_db


def test_found_rights_are_followed_once_and_their_estimate_updated(cast: Any) -> None:
    person = make_person(cast.structure_a)
    follow_rights(person=person, found=[("rsa", Decimal("600")), ("css", None)], mediator=cast.mediator_a)
    follow_rights(person=person, found=[("rsa", Decimal("612.40"))], mediator=cast.mediator_a)
    rights = {r.right: r for r in FollowedRight.objects.filter(person=person)}
    assert set(rights) == {"rsa", "css"}
    assert rights["rsa"].expected_amount == Decimal("612.40")
    assert rights["rsa"].mediator == cast.mediator_a


def test_a_right_closed_before_can_be_followed_again(cast: Any) -> None:
    person = make_person(cast.structure_a)
    follow(person, "apl").abandon(reason="Déménagement")
    follow_rights(person=person, found=[("apl", Decimal("210"))], mediator=cast.mediator_a)
    assert sorted(FollowedRight.objects.values_list("stage", flat=True)) == ["abandoned", "identified"]


def test_the_same_open_right_cannot_be_added_twice_by_hand(cast: Any) -> None:
    person = make_person(cast.structure_a)
    follow(person, "rsa")
    with pytest.raises(ValidationError, match="déjà suivi"):
        follow(person, "rsa")
    assert FollowedRight.objects.count() == 1


def test_a_bad_estimate_saves_nothing(cast: Any) -> None:
    person = make_person(cast.structure_a)
    with pytest.raises(ValidationError):
        follow_rights(person=person, found=[("rsa", Decimal("500")), ("aah", Decimal("-3"))], mediator=None)
    assert not FollowedRight.objects.exists()
