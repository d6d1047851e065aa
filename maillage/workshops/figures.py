"""Workshop figures for the reports: one pure function, `workshop_figures`, reads sessions and registrations.

A session counts in a period when it starts in it and is not cancelled. `seats` sums capacities;
`registrations` are the seats held (registered, present, absent); `attended` the seats marked
present; the attendance rate is attended / (attended + absent), over the seats whose roll call was
taken. `people` is the number of people behind a row (distinct person files plus anonymous seats,
each anonymous seat one person): the reports mask rows under 5 people for partners. `reached` is
the same count over the seats marked present.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils import timezone

from maillage.workshops.enums import HOLDING_SEAT, RegistrationStatus, SessionLevel, Theme
from maillage.workshops.models import Registration, Session

TOTAL_LABEL = "Ensemble"
NO_PARTNER = "Sans partenaire associé"


@dataclass
class WorkshopRow:
    label: str
    sessions: int = 0
    seats: int = 0
    registrations: int = 0
    attended: int = 0
    absent: int = 0
    people: int = 0
    reached: int = 0
    masked: bool = False
    _people: set[str] = field(default_factory=set, repr=False)
    _reached: set[str] = field(default_factory=set, repr=False)

    @property
    def attendance_rate(self) -> float | None:
        called = self.attended + self.absent
        return self.attended / called if called else None


@dataclass
class WorkshopFigures:
    total: WorkshopRow
    by_theme: list[WorkshopRow]
    by_level: list[WorkshopRow]
    by_place: list[WorkshopRow]
    by_partner: list[WorkshopRow]

    @property
    def empty(self) -> bool:
        return not self.total.sessions

    def breakdowns(self) -> list[tuple[str, str, list[WorkshopRow]]]:
        return [
            ("theme", "Thème", self.by_theme),
            ("level", "Niveau", self.by_level),
            ("place", "Lieu", self.by_place),
            ("partner", "Partenaire", self.by_partner),
        ]


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return first, after


def workshop_figures(
    *,
    structure_ids: Collection[int],
    start: dt.date,
    end: dt.date,
    place_ids: Collection[int] | None = None,
    partner_id: int | None = None,
) -> WorkshopFigures:
    """Figures of the sessions these structures held (at these places, co-run with this partner)
    from `start` to `end` inclusive, in three queries."""
    first, after = _bounds(start, end)
    sessions = Session.objects.filter(
        structure_id__in=list(structure_ids), cancelled=False, starts_at__gte=first, starts_at__lt=after
    )
    if place_ids is not None:
        sessions = sessions.filter(place_id__in=list(place_ids))
    if partner_id is not None:
        sessions = sessions.filter(partners__id=partner_id)
    rows = list(sessions.order_by().distinct().values_list("pk", "theme", "level", "place__name", "capacity"))
    ids = [row[0] for row in rows]
    partners: dict[int, list[str]] = {}
    for session_id, name in Session.partners.through.objects.filter(session_id__in=ids).values_list(
        "session_id", "partner__name"
    ):
        partners.setdefault(session_id, []).append(name)
    seats: dict[int, list[tuple[str, str]]] = {}
    for pk, session_id, person_id, status in (
        Registration.objects.filter(session_id__in=ids, status__in=list(HOLDING_SEAT))
        .order_by()
        .values_list("pk", "session_id", "person_id", "status")
    ):
        who = f"p{person_id}" if person_id is not None else f"a{pk}"
        seats.setdefault(session_id, []).append((who, status))

    total = WorkshopRow(TOTAL_LABEL)
    groups: dict[str, dict[str, WorkshopRow]] = {"theme": {}, "level": {}, "place": {}, "partner": {}}
    themes, levels = dict(Theme.choices), dict(SessionLevel.choices)
    for pk, theme, level, place, capacity in rows:
        keys = [("theme", themes.get(theme, theme)), ("level", levels.get(level, level)), ("place", place)]
        keys += [("partner", name) for name in partners.get(pk, [NO_PARTNER])]
        targets = [total] + [groups[name].setdefault(key, WorkshopRow(key)) for name, key in keys]
        for row in targets:
            row.sessions += 1
            row.seats += capacity
            for who, status in seats.get(pk, []):
                row.registrations += 1
                row.attended += status == RegistrationStatus.ATTENDED
                row.absent += status == RegistrationStatus.ABSENT
                row._people.add(who)
                if status == RegistrationStatus.ATTENDED:
                    row._reached.add(who)
    for row in [total, *(r for group in groups.values() for r in group.values())]:
        row.people, row.reached = len(row._people), len(row._reached)

    def ordered(name: str) -> list[WorkshopRow]:
        return sorted(groups[name].values(), key=lambda r: (-r.sessions, -r.registrations, r.label))

    return WorkshopFigures(
        total=total,
        by_theme=ordered("theme"),
        by_level=ordered("level"),
        by_place=ordered("place"),
        by_partner=ordered("partner"),
    )
