"""Small builders shared by the person-file tests (kept here: the counter app owns these models)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from maillage.counter.enums import ConsentMethod
from maillage.counter.models import FollowUp, Mandate, Person, Request, Visit
from maillage.network.enums import ProcedureDomain


def make_person(structure: Any, **fields: Any) -> Person:
    values: dict[str, Any] = {
        "first_name": "Aïcha",
        "last_name": "Benali-Durand",
        "birth_date": dt.date(1961, 4, 23),
        "phone": "06 12 34 56 78",
        "consent_given_on": timezone.localdate(),
        "consent_purpose": "Suivi de la demande de retraite",
        "consent_method": ConsentMethod.ORAL,
    }
    values.update(fields)
    return Person.objects.create(structure=structure, **values)


def make_mandate(person: Person, **fields: Any) -> Mandate:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "domains": [ProcedureDomain.SOCIAL_HEALTH, ProcedureDomain.MONEY_TAX],
        "start": today,
        "end": today + dt.timedelta(days=180),
    }
    values.update(fields)
    return Mandate.objects.create(person=person, **values)


def make_follow_up(person: Person, **fields: Any) -> FollowUp:
    values: dict[str, Any] = {"due_on": timezone.localdate() + dt.timedelta(days=7), "note": "Rappeler la CAF"}
    values.update(fields)
    return FollowUp.objects.create(person=person, **values)


def make_request(place: Any, mediator: Any, person: Person | None = None, **fields: Any) -> Request:
    values: dict[str, Any] = {"domain": ProcedureDomain.SOCIAL_HEALTH}
    values.update(fields)
    return Request.objects.create(
        visit=Visit.objects.create(),
        structure=place.structure,
        place=place,
        mediator=mediator,
        person=person,
        **values,
    )
