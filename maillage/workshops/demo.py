"""Demo workshops (`maillage demo`): at the demo mediator's places, past sessions with their roll call,
upcoming ones with free seats, and skills checks at each level (one person checked twice: progress)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership
from maillage.counter.enums import ConsentMethod
from maillage.counter.models import Person
from maillage.network.demo import DEMO_DOMAIN
from maillage.network.models import Partner, Place
from maillage.workshops.enums import Answer, RegistrationStatus, SessionLevel, Theme
from maillage.workshops.models import Session, SkillsCheck
from maillage.workshops.skills import TASKS

PURPOSE = "Ateliers numériques : diagnostic et inscription aux ateliers"
# (theme, title, level, days from today, hour, capacity, anonymous seats, partner code)
SESSIONS = [
    (Theme.FIRST_STEPS, "Premiers pas sur smartphone", SessionLevel.BEGINNER, -14, 9, 8, 5, ""),
    (Theme.ONLINE_PROCEDURES, "Mes démarches CAF en ligne", SessionLevel.INTERMEDIATE, -7, 14, 8, 4, "caf"),
    (Theme.SECURITY, "Déjouer les arnaques en ligne", SessionLevel.AUTONOMOUS, -3, 10, 10, 6, ""),
    (Theme.FIRST_STEPS, "Premiers pas sur smartphone", SessionLevel.BEGINNER, 4, 9, 8, 2, ""),
    (Theme.EMAIL, "Courriel et pièces jointes", SessionLevel.INTERMEDIATE, 6, 14, 8, 3, ""),
    (Theme.DIGITAL_IDENTITY, "FranceConnect pas à pas", SessionLevel.AUTONOMOUS, 9, 10, 8, 1, "cnav"),
    (Theme.HEALTH, "Mon espace santé", SessionLevel.ALL, 11, 14, 12, 0, "cpam"),
]
# (first name, last name, birth date, [(days ago, answer per block: basic, everyday, advanced)])
CHECKED = [
    ("Josiane", "Martin", dt.date(1946, 3, 14), [(20, (Answer.HELPED, Answer.NOT_DONE, Answer.NOT_DONE))]),
    (
        "Karim",
        "Bensaïd",
        dt.date(1968, 7, 2),
        [
            (40, (Answer.HELPED, Answer.NOT_DONE, Answer.NOT_DONE)),
            (2, (Answer.ALONE, Answer.HELPED, Answer.NOT_DONE)),
        ],
    ),
    ("Élodie", "Perrin", dt.date(1990, 11, 23), [(5, (Answer.ALONE, Answer.ALONE, Answer.HELPED))]),
]


def _answers(by_block: tuple[str, str, str]) -> dict[str, str]:
    blocks = {"basic": by_block[0], "everyday": by_block[1], "advanced": by_block[2]}
    return {task.code: blocks[task.block] for task in TASKS}


@transaction.atomic
def build_workshops(*, now: dt.datetime | None = None) -> int:
    """Once: nothing is added when the demo persons already exist. Returns the number of sessions added."""
    now = now or timezone.now()
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
    places = list(Place.objects.filter(structure=structure).order_by("name")[:2])
    if not places:
        return 0
    partners = {p.code: p for p in Partner.objects.filter(code__in=[s[7] for s in SESSIONS if s[7]])}
    persons = []
    for first, last, birth, checks in CHECKED:
        person = Person.objects.create(
            structure=structure,
            first_name=first,
            last_name=last,
            birth_date=birth,
            consent_given_on=timezone.localdate(now) - dt.timedelta(days=max(days for days, _ in checks)),
            consent_purpose=PURPOSE,
            consent_method=ConsentMethod.ORAL,
            created_by=mediator,
        )
        persons.append(person)
        for days, blocks in checks:
            check = SkillsCheck.record(answers=_answers(blocks), place=places[0], by=mediator, person=person)
            SkillsCheck.objects.filter(pk=check.pk).update(checked_at=now - dt.timedelta(days=days))
    SkillsCheck.record(answers=_answers((Answer.ALONE, Answer.ALONE, Answer.ALONE)), place=places[-1], by=mediator)
    today = timezone.localtime(now)
    for index, (theme, title, level, days, hour, capacity, anonymous, partner) in enumerate(SESSIONS):
        starts = (today + dt.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
        session = Session.objects.create(
            structure=structure,
            place=places[index % len(places)],
            theme=theme,
            title=title,
            level=level,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            capacity=capacity,
            facilitator=mediator,
            created_by=mediator,
        )
        if partner in partners:
            session.partners.add(partners[partner])
        registrations = session.register(by=mediator, anonymous=anonymous) if anonymous else []
        if days < 0:
            registrations += session.register(by=mediator, person=persons[index % len(persons)])
            for number, registration in enumerate(registrations):
                registration.mark(RegistrationStatus.ABSENT if number % 4 == 3 else RegistrationStatus.ATTENDED)
    return len(SESSIONS)
