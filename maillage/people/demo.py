"""Demo profiles (`maillage demo`): the demo mediators get employment periods, assignments (one of them
in two places at once), a move from Lyon to Villeurbanne this year, skills, trainings (one expired),
an Aidants Connect habilitation, languages and one pending proposal, so the indicators of the network
show mobility and training needs (the partners asked at Lyon for whom nobody there has a skill)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import User
from maillage.network.demo import DEMO_DOMAIN
from maillage.network.models import Partner, Place, Structure
from maillage.people.enums import HabilitationKind, LanguageLevel, ProposalKind, SkillDomain, SkillLevel
from maillage.people.models import (
    Assignment,
    EmploymentPeriod,
    Habilitation,
    Language,
    ProfileChangeProposal,
    Skill,
    Training,
)


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()


def _structure(user: User) -> Structure | None:
    membership = user.memberships.filter(structure__isnull=False).select_related("structure").first()
    return membership.structure if membership else None


@transaction.atomic
def build_people(*, today: dt.date | None = None) -> int:
    """Once: nothing is added when the demo mediator has a period. Returns the number of profiles filled."""
    today = today or timezone.localdate()
    mediator, moved, manager = (_user(n) for n in ("mediateur", "mediateur.villeurbanne", "responsable"))
    if mediator is None or moved is None or EmploymentPeriod.objects.filter(user=mediator).exists():
        return 0
    lyon, villeurbanne = _structure(mediator), _structure(moved)
    if lyon is None or villeurbanne is None:
        return 0
    lyon_places = list(Place.objects.filter(structure=lyon).order_by("name"))
    other_places = list(Place.objects.filter(structure=villeurbanne).order_by("name"))
    if not lyon_places or not other_places:
        return 0
    years_ago = today.replace(year=today.year - 3)
    move_day = max(dt.date(today.year, 1, 1), today - dt.timedelta(days=90))
    # The mediator of Lyon: at the main place and, the same days, at a permanence (two places at once).
    EmploymentPeriod.objects.create(user=mediator, structure=lyon, start=years_ago, job_title="Médiatrice sociale")
    for place in lyon_places[:2]:
        Assignment.objects.create(
            user=mediator, place=place, start=years_ago, note="" if place == lyon_places[0] else "permanence"
        )
    # The mediator of Villeurbanne came from Lyon this year: a move of structure and of place.
    EmploymentPeriod.objects.create(
        user=moved, structure=lyon, start=years_ago, end=move_day - dt.timedelta(days=1), job_title="Médiateur"
    )
    EmploymentPeriod.objects.create(user=moved, structure=villeurbanne, start=move_day, job_title="Médiateur référent")
    Assignment.objects.create(user=moved, place=lyon_places[-1], start=years_ago, end=move_day - dt.timedelta(days=1))
    Assignment.objects.create(user=moved, place=other_places[0], start=move_day)
    if manager is not None:
        EmploymentPeriod.objects.create(user=manager, structure=lyon, start=years_ago, job_title="Responsable")
    partners = {p.code: p for p in Partner.objects.filter(code__in=["caf", "cpam"])}
    if "caf" in partners:
        Skill.objects.create(user=mediator, partner=partners["caf"], level=SkillLevel.CONFIRMED, acquired_on=years_ago)
    if "cpam" in partners:
        Skill.objects.create(user=moved, partner=partners["cpam"], level=SkillLevel.REFERENT, acquired_on=years_ago)
    Skill.objects.create(
        user=mediator, domain=SkillDomain.DIGITAL_IDENTITY, level=SkillLevel.REFERENT, acquired_on=years_ago
    )
    start = years_ago + dt.timedelta(days=30)
    Training.objects.create(
        user=mediator,
        title="Formation Aidants Connect",
        organiser="ANCT",
        start=start,
        end=start + dt.timedelta(days=1),
    )
    Training.objects.create(
        user=mediator,
        title="Prévention et secours civiques (PSC1)",
        organiser="Croix-Rouge française",
        start=start,
        end=start,
        expires_on=today - dt.timedelta(days=30),  # expired: shown so on the profile
    )
    Training.objects.create(
        user=moved, title="Accompagner les démarches CPAM", organiser="CPAM du Rhône", start=start, end=start
    )
    Habilitation.objects.create(
        user=mediator,
        kind=HabilitationKind.AIDANTS_CONNECT,
        number="AC-DEMO-0001",
        obtained_on=start + dt.timedelta(days=2),
    )
    Language.objects.create(user=mediator, code="ar", level=LanguageLevel.FLUENT)
    Language.objects.create(user=moved, code="en", level=LanguageLevel.BASIC)
    ProfileChangeProposal.objects.create(
        user=mediator,
        kind=ProposalKind.LANGUAGE,
        data={"code": "es", "level": LanguageLevel.BASIC},
        summary="Espagnol (Notions)",
    )
    return 2 + (manager is not None)
