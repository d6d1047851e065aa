"""Builders shared by the followed-rights tests."""

from __future__ import annotations

from typing import Any

from maillage.counter.models import Person
from maillage.rights.models import FollowedRight


def follow(person: Person, right: str = "rsa", *, mediator: Any = None, **fields: Any) -> FollowedRight:
    return FollowedRight.identify(person=person, right=right, mediator=mediator, **fields)
