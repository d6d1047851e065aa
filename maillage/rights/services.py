"""Use cases spanning several rows: following the rights a screening found for a person, in one go."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from maillage.rights.enums import OPEN_STAGES
from maillage.rights.models import FollowedRight

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.counter.models import Person
    from maillage.network.models import Place


def follow_rights(
    *,
    person: Person,
    found: Iterable[tuple[str, Decimal | None]],
    mediator: User | None,
    place: Place | None = None,
    touch: bool = True,
    remind_new_on: dt.date | None = None,
    note_new: str = "",
    partners: dict[str, Any] | None = None,
) -> list[FollowedRight]:
    """Follow each (right code, expected amount) not already followed and open for the person; a right
    already followed gets the new expected amount. One transaction. The file's activity is touched unless
    `touch` is False (a nightly re-screening is not an activity of the person: retention must not see one).
    `partners`: a cache shared by the calls of one batch (see `FollowedRight.identify`)."""
    with transaction.atomic():
        current = {
            followed.right: followed
            for followed in FollowedRight.objects.select_for_update().filter(person=person, stage__in=list(OPEN_STAGES))
        }
        result = []
        for right, amount in found:
            if right in current:
                followed = current[right]
                if amount is not None and followed.expected_amount != amount:
                    followed.expected_amount = amount
                    followed.full_clean()
                    followed.save(update_fields=["expected_amount"])
            else:
                followed = FollowedRight.identify(
                    person=person,
                    right=right,
                    mediator=mediator,
                    place=place,
                    expected_amount=amount,
                    remind_on=remind_new_on,
                    note=note_new,
                    partners=partners,
                )
                current[right] = followed
            result.append(followed)
        if touch:
            person.touch()
    return result
