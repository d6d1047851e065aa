"""A person's profile as a page shows it: every entry, limited to some structures for a manager
(see `access.py`), with what has expired."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from maillage.people.models import (
    Assignment,
    EmploymentPeriod,
    Habilitation,
    Language,
    ProfileChangeProposal,
    Skill,
    Training,
)

# The model behind each kind of entry in URLs, for deletion (`views.entry_delete`).
ENTRY_MODELS: dict[str, Any] = {
    "period": EmploymentPeriod,
    "assignment": Assignment,
    "skill": Skill,
    "training": Training,
    "habilitation": Habilitation,
    "language": Language,
}


@dataclass(frozen=True)
class Profile:
    person: Any
    today: dt.date
    periods: list[EmploymentPeriod]
    assignments: list[Assignment]
    skills: list[Skill]
    trainings: list[Training]
    habilitations: list[Habilitation]
    languages: list[Language]
    proposals: list[ProfileChangeProposal]


def load_profile(person: Any, structures: Any = None) -> Profile:
    """Every entry of `person`; periods and assignments only in `structures` when given (8 queries)."""
    periods = EmploymentPeriod.objects.filter(user=person).select_related("structure")
    assignments = Assignment.objects.filter(user=person).select_related("place", "stop__commune")
    if structures is not None:
        periods = periods.filter(structure__in=structures)
        assignments = assignments.filter(place__structure__in=structures)
    return Profile(
        person=person,
        today=timezone.localdate(),
        periods=list(periods),
        assignments=list(assignments),
        skills=list(Skill.objects.filter(user=person).select_related("partner")),
        trainings=list(Training.objects.filter(user=person)),
        habilitations=list(Habilitation.objects.filter(user=person)),
        languages=list(Language.objects.filter(user=person)),
        proposals=list(ProfileChangeProposal.objects.filter(user=person).pending()),
    )


def entry_queryset(kind: str, person: Any, structures: Any) -> Any:
    """Entries of this kind the manager may delete: the person's, in the shared structures for periods."""
    queryset = ENTRY_MODELS[kind].objects.filter(user=person)
    if kind == "period":
        return queryset.filter(structure__in=structures)
    if kind == "assignment":
        return queryset.filter(place__structure__in=structures)
    return queryset
