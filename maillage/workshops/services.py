"""Use cases spanning a skills check and sessions: the nearest sessions to propose, one-click registration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from maillage.lib import geo
from maillage.workshops.enums import SessionLevel
from maillage.workshops.models import Registration, Session, SkillsCheck

if TYPE_CHECKING:
    from maillage.accounts.models import User

PROPOSED = 3


@dataclass(frozen=True)
class Proposal:
    session: Session
    distance_km: float | None  # None when one of the two places has no coordinates


def propose_sessions(check: SkillsCheck, *, limit: int = PROPOSED) -> list[Proposal]:
    """Upcoming sessions of the check's level (or for all levels) with a free seat, organised by the
    check's structure (a person file never leaves it), nearest to the place of the check first (the
    distance helpers of the directory, `lib.geo`), then soonest. Sessions at a place without
    coordinates come after the located ones."""
    sessions = list(
        Session.objects.filter(structure_id=check.structure_id)
        .filter(Q(level=check.level) | Q(level=SessionLevel.ALL))
        .with_free_seats()
        .filter(starts_at__gt=timezone.now())
        .select_related("place")
        .order_by("starts_at", "pk")
    )
    if check.person_id is not None:
        taken = set(
            Registration.objects.holding_seat()
            .filter(person_id=check.person_id, session__in=sessions)
            .values_list("session_id", flat=True)
        )
        sessions = [s for s in sessions if s.pk not in taken]
    origin = check.place
    located = [s for s in sessions if s.place.lat is not None and s.place.lon is not None]
    distances: dict[int, float] = {}
    if origin.lat is not None and origin.lon is not None and located:
        import numpy as np  # imported on use, not when the URLs load

        lats = np.array([s.place.lat for s in located], dtype=np.float64)
        lons = np.array([s.place.lon for s in located], dtype=np.float64)
        found = geo.haversine_many_km(origin.lat, origin.lon, lats, lons).tolist()
        distances = {s.pk: d for s, d in zip(located, found, strict=True)}
    ranked = sorted(
        sessions,
        key=lambda s: (s.pk not in distances, round(distances.get(s.pk, 0.0), 1), s.starts_at),
    )
    return [Proposal(s, distances.get(s.pk)) for s in ranked[:limit]]


def register_from_check(*, check: SkillsCheck, session: Session, by: User) -> Registration:
    """The one-click registration of a check's person (or one anonymous seat) into a proposed session."""
    from django.core.exceptions import ValidationError

    if session.structure_id != check.structure_id:
        raise ValidationError("Cet atelier n'est pas organisé par la structure du diagnostic.")
    if session.starts_at <= timezone.now():
        raise ValidationError("Cet atelier a déjà commencé : choisissez une autre date.")
    if check.person is not None:
        return session.register(by=by, person=check.person, check=check)[0]
    return session.register(by=by, anonymous=1, check=check)[0]


def progress(check: SkillsCheck) -> list[SkillsCheck]:
    """The person's checks, oldest first (the levels over time); the check alone when anonymous."""
    if check.person_id is None:
        return [check]
    return list(SkillsCheck.objects.filter(person_id=check.person_id).order_by("checked_at", "pk"))
