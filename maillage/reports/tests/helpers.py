"""A small year of activity for report tests, and the figures computed independently from it."""

from __future__ import annotations

import datetime as dt
import random
import statistics
from typing import Any

from django.utils import timezone

from maillage.counter.models import Request, Visit
from maillage.counter.tests.helpers import make_person
from maillage.factories import AgreementFactory, PartnerFactory, PlaceFactory
from maillage.network.enums import ProcedureDomain

CHANNELS = ["walk_in", "phone", "appointment"]
HELP = ["information", "orientation", "accompaniment"]
OUTCOMES = ["resolved", "resolved", "follow_up", "reoriented"]


def when(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def seed(cast: Any, *, visits: int = 90, seed_value: int = 7) -> dict[str, Any]:
    """Visits of 1–3 requests in 2024 and 2025 at two places of structure A (+ noise in structure B)."""
    rng = random.Random(seed_value)
    cpam = PartnerFactory(code="cpam", name="CPAM")
    AgreementFactory(structure=cast.structure_a, partner=cast.partner, start=dt.date(2024, 1, 1))
    place_a2 = PlaceFactory(structure=cast.structure_a, name="Lieu A2")
    persons = [make_person(cast.structure_a, first_name=f"Personne{i}") for i in range(4)]
    rows: list[Request] = []
    for year in (2024, 2025):
        for _ in range(visits if year == 2025 else visits // 3):
            visit = Visit.objects.create()
            person = rng.choice(persons) if rng.random() < 0.25 else None
            place = rng.choice([cast.place_a, place_a2])
            moment = when(year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(9, 16))
            for index in range(rng.choice([1, 1, 1, 2, 3])):
                rows.append(
                    Request(
                        visit=visit,
                        structure=cast.structure_a,
                        place=place,
                        mediator=cast.mediator_a,
                        occurred_at=moment + dt.timedelta(minutes=10 * index),
                        duration_minutes=rng.choice([5, 10, 15, 20, 30, 45]),
                        channel=rng.choice(CHANNELS),
                        partner=rng.choice([cast.partner, cast.partner, cpam, None]),
                        domain=ProcedureDomain.SOCIAL_HEALTH,
                        help_level=rng.choice(HELP),
                        outcome=rng.choice(OUTCOMES),
                        language=rng.choice(["fr", "fr", "fr", "ar"]),
                        person=person,
                    )
                )
    Request.objects.bulk_create(rows)
    # Another structure's activity never appears in structure A's reports.
    Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_b,
        place=cast.place_b,
        mediator=cast.mediator_b,
        occurred_at=when(2025, 3, 3),
        partner=cast.partner,
        domain=ProcedureDomain.SOCIAL_HEALTH,
    )
    return {"cpam": cpam, "place_a2": place_a2, "persons": persons}


def expected(requests: Any) -> dict[str, Any]:
    """Figures of a queryset of requests, computed in Python without the report code."""
    rows = list(requests.values("duration_minutes", "outcome", "person_id", "visit_id"))
    durations = [r["duration_minutes"] for r in rows]
    return {
        "requests": len(rows),
        "people": len({r["person_id"] for r in rows if r["person_id"]})
        + len({r["visit_id"] for r in rows if not r["person_id"]}),
        "persons": len({r["person_id"] for r in rows if r["person_id"]}),
        "minutes": sum(durations),
        "median": statistics.median(durations) if durations else None,
        "resolved": sum(r["outcome"] == "resolved" for r in rows),
    }


def in_year(year: int, **filters: Any) -> Any:
    return Request.objects.filter(
        occurred_at__gte=when(year, 1, 1, 0), occurred_at__lt=when(year + 1, 1, 1, 0), **filters
    )
