"""Screening a person's rights: the situation typed with the person ⇄ the household sent to OpenFisca,
and the screening stored (encrypted) with its results, each probable right then followed.

A situation is plain JSON, as the form gathers it (amounts as strings, ages as of `ages_on`):
    {"couple": true, "applicant": ADULT, "partner": ADULT | null, "children": [3, 7],
     "housing_status": "tenant" | null, "rent": "520.00" | null, "commune_code": "75056" | "",
     "received": ["apl"], "ages_on": "2026-12-07"}
    ADULT = {"age": 34, "disability": "none" | "unknown" | "50" | "80",
             "resources": {"salary": "1200.00", ...} | null}
Resources are the average monthly net amounts of the last three months, by kind; `null` when the
person does not know them yet (the rights that need them come back "à vérifier").
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from maillage.rights.enums import ScreeningOrigin, ScreeningStatus
from maillage.rights.models import Screening
from maillage.rights.openfisca import screen
from maillage.rights.screening_types import Household, Member, RightOutcome, ScreeningResult
from maillage.rights.services import follow_rights

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.counter.models import Person
    from maillage.network.models import Place

DISABILITY_RATES: dict[str, Decimal | None] = {
    "none": Decimal(0),
    "unknown": None,
    "50": Decimal("0.5"),
    "80": Decimal("0.8"),
}
RECEIVED = "received"  # a right the person already receives: shown, never followed


def years_between(start: dt.date, end: dt.date) -> int:
    """Whole years from `start` to `end` (0 when `end` is before)."""
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)


def aged(situation: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """The same situation with every age moved on to `day` (ages are kept as of `ages_on`)."""
    elapsed = years_between(dt.date.fromisoformat(situation["ages_on"]), day)
    if not elapsed:
        return situation
    moved = json.loads(json.dumps(situation))
    for role in ("applicant", "partner"):
        if moved.get(role):
            moved[role]["age"] += elapsed
    moved["children"] = [age + elapsed for age in moved.get("children", [])]
    moved["ages_on"] = day.isoformat()
    return moved


def _member(role: Any, adult: dict[str, Any]) -> Member:
    resources = adult.get("resources")
    return Member(
        role,
        int(adult["age"]),
        resources=None
        if resources is None
        else {kind: (Decimal(amount),) * 3 for kind, amount in resources.items() if Decimal(amount)},
        disability_rate=DISABILITY_RATES[adult.get("disability", "none")],
    )


def household_of(situation: dict[str, Any], *, reference: str = "") -> Household:
    members = [_member("applicant", situation["applicant"])]
    if situation.get("couple") and situation.get("partner"):
        members.append(_member("partner", situation["partner"]))
    members += [Member("child", int(age), resources={}) for age in situation.get("children", [])]
    rent = situation.get("rent")
    return Household(
        members=tuple(members),
        housing_status=situation.get("housing_status") or None,
        rent=None if rent in (None, "") else Decimal(rent),
        commune_code=situation.get("commune_code") or "",
        reference=reference,
    )


def outcome_json(outcome: RightOutcome, received: set[str]) -> dict[str, Any]:
    return {
        "status": RECEIVED if outcome.right in received else outcome.status,
        "amount": None if outcome.amount is None else str(outcome.amount),
        "period": outcome.period,
        "missing": list(outcome.missing),
        "detail": outcome.detail,
    }


def results_json(result: ScreeningResult, received: set[str]) -> str:
    return json.dumps({right: outcome_json(outcome, received) for right, outcome in result.rights.items()})


def to_follow(results: dict[str, dict[str, Any]]) -> list[tuple[str, Decimal | None]]:
    """The probable rights of stored results, with their amount (none for a right without one)."""
    return [
        (right, None if row["amount"] is None else Decimal(row["amount"]))
        for right, row in results.items()
        if row["status"] == "probable"
    ]


def compute(situation: dict[str, Any], period: str) -> ScreeningResult:
    """One household through the service; raises `ScreeningUnavailable` when it cannot answer."""
    [result] = screen([household_of(situation)], period=period)
    return result


def record(
    *,
    person: Person,
    situation: dict[str, Any],
    period: str,
    consent: tuple[dt.date, str],
    mediator: User | None,
    place: Place | None,
    result: ScreeningResult | None,
) -> Screening:
    """Store a screening typed with the person (pending when `result` is None: the service was down)
    and follow each probable right not already received. One transaction; the file's activity is touched."""
    now = timezone.now()
    with transaction.atomic():
        screening = Screening(
            person=person,
            structure=person.structure,
            place=place,
            mediator=mediator,
            origin=ScreeningOrigin.FORM,
            consent_given_on=consent[0],
            consent_method=consent[1],
            period=period,
            situation=json.dumps(situation),
        )
        if result is None:
            screening.status = ScreeningStatus.PENDING
        else:
            screening.status = ScreeningStatus.COMPUTED
            screening.results = results_json(result, set(situation.get("received", [])))
            screening.openfisca_version = result.openfisca_version
            screening.computed_at = now
        screening.full_clean()
        screening.save()
        if result is not None:
            rights = to_follow(screening.results_data)  # ours, checked: no database round trip to re-check them
            follow_rights(person=person, found=rights, mediator=mediator, place=place, partners={})
        else:
            person.touch()
    return screening
