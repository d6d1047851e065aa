"""Demo followed rights (`maillage demo`): a dozen consenting persons of the demo mediator's structure,
with rights at every stage, so the person files, the "Droits à suivre" list and the report show them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership
from maillage.counter.enums import ConsentMethod
from maillage.counter.models import Person
from maillage.network.demo import DEMO_DOMAIN
from maillage.network.models import Place
from maillage.rights.enums import Stage
from maillage.rights.models import FollowedRight
from maillage.rights.screening import record, years_between
from maillage.rights.tasks import rescreen_nightly
from maillage.scheduling import schedule_once

PURPOSE = "Accès aux droits : repérage et suivi des droits non demandés"
# (first name, last name, birth date, [(right, stage, days since identified, expected, opened amount, reason)])
PERSONS: list[tuple[str, str, dt.date, list[tuple[str, str, int, str | None, str | None, str]]]] = [
    (
        "Nadia",
        "Haddad",
        dt.date(1984, 5, 12),
        [("rsa", Stage.OPENED, 95, "635.71", "607.75", ""), ("css", Stage.OPENED, 95, "0", "0", "")],
    ),
    ("Gérard", "Morel", dt.date(1951, 2, 3), [("aspa", Stage.OPENED, 150, "1034.28", "1012.02", "")]),
    (
        "Sofia",
        "Pereira",
        dt.date(1992, 9, 30),
        [("prime_activite", Stage.OPENED, 70, "187.50", "201.40", ""), ("apl", Stage.FILED, 40, "243", None, "")],
    ),
    ("Ibrahima", "Sow", dt.date(1979, 11, 2), [("aah", Stage.OPENED, 200, "1016.05", "1016.05", "")]),
    ("Chantal", "Roux", dt.date(1947, 6, 21), [("cheque_energie", Stage.OPENED, 120, "194", "194", "")]),
    (
        "Mehdi",
        "Belkacem",
        dt.date(1999, 1, 15),
        [("prime_activite", Stage.REFUSED, 110, "95", None, "Revenus du trimestre au-dessus du plafond")],
    ),
    ("Lucie", "Garnier", dt.date(1988, 3, 8), [("rsa", Stage.EXPLAINED, 12, "412.30", None, "")]),
    (
        "Paul",
        "Lefèvre",
        dt.date(1962, 8, 17),
        [("css", Stage.ABANDONED, 80, "0", None, "La personne préfère garder sa mutuelle d'entreprise")],
    ),
    ("Aïssatou", "Diallo", dt.date(1995, 12, 1), [("apl", Stage.IDENTIFIED, 3, "198", None, "")]),
    ("Marc", "Vidal", dt.date(1970, 4, 25), [("rsa", Stage.FILED, 25, "607.75", None, "")]),
    ("Yasmine", "Chérif", dt.date(2001, 7, 7), [("prime_activite", Stage.IDENTIFIED, 1, "160", None, "")]),
    ("Odile", "Fabre", dt.date(1949, 10, 10), [("aspa", Stage.FILED, 60, "450", None, "")]),
]


# Situations typed with some of them (the rest of the situation: alone, tenant, no resources, the place's commune).
SITUATIONS: dict[str, dict[str, Any]] = {
    "Nadia": {"children": [6], "housing_status": "social_tenant", "rent": "420", "received": ["rsa", "css"]},
    "Aïssatou": {"resources": {"salary": "650"}, "rent": "510"},
    "Lucie": {"housing_status": "hosted_free"},
}
# A person with a file and no screening yet: the one to screen in a demonstration.
TO_SCREEN = ("Karim", "Benali", dt.date(1990, 6, 14))


@transaction.atomic
def build_rights(*, today: dt.date | None = None) -> int:
    """Once: nothing is added when the demo persons already exist. Returns the number of rights added."""
    today = today or timezone.localdate()
    membership = (
        Membership.objects.filter(user__email=f"mediateur@{DEMO_DOMAIN}", role=Role.MEDIATOR)
        .select_related("user", "structure")
        .first()
    )
    if membership is None or membership.structure is None:
        return 0
    structure, mediator = membership.structure, membership.user
    if Person.objects.filter(structure=structure, consent_purpose=PURPOSE).exists():
        return 0
    place = Place.objects.filter(structure=structure).order_by("name").first()
    added = 0
    for first, last, birth, rights in PERSONS:
        oldest = max(days for _, _, days, *_ in rights)
        person = Person.objects.create(
            structure=structure,
            first_name=first,
            last_name=last,
            birth_date=birth,
            consent_given_on=today - dt.timedelta(days=oldest),
            consent_purpose=PURPOSE,
            consent_method=ConsentMethod.ORAL,
            created_by=mediator,
        )
        for right, stage, days, expected, opened, reason in rights:
            _follow(person, right, stage, today - dt.timedelta(days=days), expected, opened, reason, mediator, place)
            added += 1
        if first in SITUATIONS:
            _screen(person, SITUATIONS[first], today, mediator, place)
    first, last, birth = TO_SCREEN
    Person.objects.create(
        structure=structure,
        first_name=first,
        last_name=last,
        birth_date=birth,
        consent_given_on=today,
        consent_purpose=PURPOSE,
        consent_method=ConsentMethod.ORAL,
        created_by=mediator,
    )
    schedule_once(rescreen_nightly)  # the task worker computes the demo screenings as soon as OpenFisca answers
    return added


def _screen(person: Person, changes: dict[str, Any], today: dt.date, mediator: Any, place: Place | None) -> None:
    """A screening typed with the person, stored as it would be if the service were down: the worker computes
    it (`rights/rescreening.py`), so the demo never shows figures OpenFisca did not compute."""
    age = years_between(person.birth_date, today)
    situation = {
        "couple": False,
        "applicant": {"age": age, "disability": "none", "resources": {}},
        "partner": None,
        "children": [],
        "housing_status": "tenant",
        "rent": None,
        "commune_code": place.commune_id if place is not None and place.commune_id else "",
        "received": [],
        "ages_on": today.isoformat(),
    }
    changes = dict(changes)
    situation["applicant"]["resources"] = changes.pop("resources", {})  # type: ignore[index]
    situation.update(changes)
    record(
        person=person,
        situation=situation,
        period=today.strftime("%Y-%m"),
        consent=(today, ConsentMethod.ORAL),
        mediator=mediator,
        place=place,
        result=None,
    )


def _follow(
    person: Person,
    right: str,
    stage: str,
    identified: dt.date,
    expected: str | None,
    opened: str | None,
    reason: str,
    mediator: object,
    place: Place | None,
) -> None:
    """Walk the right through its stages with the model's own transitions, each dated."""
    followed = FollowedRight.identify(
        person=person,
        right=right,
        mediator=mediator,  # type: ignore[arg-type]
        place=place,
        expected_amount=Decimal(expected) if expected is not None else None,
        identified_on=identified,
    )
    day = identified
    if stage in {Stage.EXPLAINED, Stage.FILED, Stage.OPENED, Stage.REFUSED}:
        followed.explain(day=day)
    if stage in {Stage.FILED, Stage.OPENED, Stage.REFUSED}:
        day += dt.timedelta(days=2)
        followed.file(day=day)
    decision = min(day + dt.timedelta(days=30), timezone.localdate())
    if stage == Stage.OPENED:
        followed.open_with(Decimal(opened or "0"), day=decision)
    elif stage == Stage.REFUSED:
        followed.refuse(reason=reason, day=decision)
    elif stage == Stage.ABANDONED:
        followed.abandon(reason=reason, day=identified + dt.timedelta(days=10))
    elif stage == Stage.FILED:
        followed.set_reminder(timezone.localdate())  # a reminder due today: the menu badge shows it
