"""Realistic demo requests over the last 12 months (`maillage demo --requests N`)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership, User
from maillage.counter import enums
from maillage.counter.models import FollowUp, Mandate, Person, Procedure, Request, Visit
from maillage.counter.signals import requests_changed
from maillage.network.demo import DEMO_DOMAIN, DEMO_PASSWORD
from maillage.network.models import Place, Structure
from maillage.territory.models import Commune

# Share of requests per partner in France Services (France Titres, CAF, CPAM, DGFiP, CNAV first);
# PIMMS' service partners and non-partner digital procedures complete the mix.
PARTNER_WEIGHTS = {
    "ants": 19,
    "caf": 16,
    "cpam": 16,
    "dgfip": 15,
    "cnav": 8,
    "france_travail": 7,
    "msa": 3,
    "la_poste": 3,
    "justice": 2,
    "edf": 4,
    "engie": 2,
    "sncf": 3,
    "keolis": 2,
    "veolia_eau": 1,
    "prefecture": 3,
    "enedis": 1,
}
NO_PARTNER_SHARE = 0.08
HELP = [("information", 20), ("orientation", 10), ("accompaniment", 55), ("done_for", 15)]
OUTCOME = [("resolved", 70), ("follow_up", 15), ("reoriented", 10), ("abandoned", 5)]
AUTONOMY = [("guided", 40), ("partly", 45), ("autonomous", 15)]
DURATION = [(5, 10), (10, 20), (15, 30), (20, 10), (30, 15), (45, 8), (60, 5), (90, 2)]
AGE = [(a.value, w) for a, w in zip(enums.AgeBand, [10, 2, 12, 22, 26, 18, 10], strict=True)]
STATUS = [(s.value, w) for s, w in zip(enums.SocialStatus, [30, 20, 18, 20, 5, 12, 5], strict=True)]
LANG = [("fr", 88), ("ar", 5), ("en", 2), ("tr", 2), ("pt", 1), ("ro", 1), ("uk", 1)]
BATCH = 5000


def _pick(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _mediators(structures: list[Structure]) -> dict[int, list[User]]:
    """Each structure's mediators; demo structures without one get `mediateur.<n>@…`."""
    found: dict[int, list[User]] = defaultdict(list)
    for m in Membership.objects.filter(role=Role.MEDIATOR, structure__in=structures).select_related("user"):
        found[m.structure_id].append(m.user)  # type: ignore[index]
    for structure in structures:
        if not found[structure.pk]:
            user, created = User.objects.get_or_create(
                email=f"mediateur.{structure.pk}@{DEMO_DOMAIN}",
                defaults={"first_name": "Médiateur", "last_name": "Démo"},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(user=user, role=Role.MEDIATOR, structure=structure)
            found[structure.pk].append(user)
    return found


def _persons(rng: random.Random, structures: list[Structure], per_structure: int) -> dict[int, list[Person]]:
    first = ["Amina", "Jean", "Fatou", "Marie", "Karim", "Lucie", "Mehmet", "Odile", "Yasmine", "Paul"]
    last = ["Martin", "Benali", "Diallo", "Bernard", "Nguyen", "Petit", "Yilmaz", "Moreau", "Haddad", "Garcia"]
    persons: dict[int, list[Person]] = {}
    for structure in structures:
        existing = list(structure.persons.all())
        for _ in range(per_structure - len(existing)):
            existing.append(
                Person.objects.create(
                    structure=structure,
                    first_name=rng.choice(first),
                    last_name=rng.choice(last),
                    birth_date=dt.date(rng.randint(1938, 2004), rng.randint(1, 12), rng.randint(1, 28)),
                    phone=f"+336{rng.randint(10000000, 99999999)}",
                    consent_given_on=timezone.localdate() - dt.timedelta(days=rng.randint(1, 300)),
                    consent_purpose="Suivi des démarches sur plusieurs rendez-vous",
                    consent_method=rng.choice(list(enums.ConsentMethod.values)),
                )
            )
        persons[structure.pk] = existing
    return persons


def add_requests(count: int, *, seed: int = 2026, now: dt.datetime | None = None) -> int:
    """Add `count` requests spread over the 12 months before `now` across the demo places."""
    rng = random.Random(seed)
    now = now or timezone.now()
    places = list(Place.objects.select_related("structure").prefetch_related("partners", "stops"))
    if not places:
        raise ValueError("Aucun lieu : lancez d'abord « maillage demo ».")
    structures = list({p.structure_id: p.structure for p in places}.values())
    mediators = _mediators(structures)
    persons = _persons(rng, structures, per_structure=12)
    procedures: dict[str | None, list[Procedure]] = defaultdict(list)
    for procedure in Procedure.objects.filter(is_active=True).select_related("partner"):
        procedures[procedure.partner.code if procedure.partner else None].append(procedure)
    places_by_partner: dict[str | None, list[Place]] = defaultdict(list, {None: places})
    for place in places:
        for partner in place.partners.all():
            places_by_partner[partner.code].append(place)
    residences: dict[str, list[str]] = defaultdict(list)
    for dep in {p.commune.departement_id for p in places}:
        residences[dep] = list(
            Commune.objects.filter(departement_id=dep, population__gte=1000).values_list("code", flat=True)
        )
    created = 0
    with transaction.atomic():
        while created < count:
            size = min(BATCH, count - created)
            visits = Visit.objects.bulk_create([Visit(created_at=now) for _ in range(size)])
            rows: list[Request] = []
            visit_index = 0
            while len(rows) < size:
                visit = visits[visit_index]
                visit_index += 1
                rows += _visit_requests(rng, visit, places_by_partner, mediators, persons, procedures, residences, now)
            for r in rows[:size]:
                r.visit_id = r.visit.pk
            Request.objects.bulk_create(rows[:size], batch_size=1000)
            Visit.objects.filter(pk__in=[v.pk for v in visits[visit_index:]]).delete()
            created += size
        _follow_ups_and_mandates(rng, persons, now)
    if created:
        requests_changed.send(sender=Request, first=now - dt.timedelta(days=365), last=now)
    return created


def _first_partner(rng: random.Random, places_by_partner: dict[str | None, list[Place]]) -> str | None:
    """The national mix: pick the partner first, then a place that handles it."""
    codes = [c for c in PARTNER_WEIGHTS if places_by_partner.get(c)]
    if rng.random() < NO_PARTNER_SHARE or not codes:
        return None
    return rng.choices(codes, weights=[PARTNER_WEIGHTS[c] for c in codes])[0]


def _visit_requests(
    rng: random.Random,
    visit: Visit,
    places_by_partner: dict[str | None, list[Place]],
    mediators: dict[int, list[User]],
    persons: dict[int, list[Person]],
    procedures: dict[str | None, list[Procedure]],
    residences: dict[str, list[str]],
    now: dt.datetime,
) -> list[Request]:
    first_code = _first_partner(rng, places_by_partner)
    place = rng.choice(places_by_partner[first_code])
    # At most 362 days back, so a weekend moved to the Friday before stays within the last year.
    day = (now - dt.timedelta(days=rng.randint(0, 362))).date()
    while day.weekday() > 4 and rng.random() < 0.9:
        day -= dt.timedelta(days=1)
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randint(0, 59))))
    when = min(when, now)
    partners = [p.code for p in place.partners.all() if p.code in PARTNER_WEIGHTS and procedures.get(p.code)]
    stops = list(place.stops.all())
    person = rng.choice(persons[place.structure_id]) if rng.random() < 0.05 else None
    profile = {
        "age_band": _pick(rng, AGE),
        "social_status": _pick(rng, STATUS),
        "language": _pick(rng, LANG),
        "gender": rng.choice(["female", "female", "male", "male", "unknown"]),
        "first_visit": rng.choices([True, False, None], weights=[30, 50, 20])[0],
        "autonomy": _pick(rng, AUTONOMY),
        "referred_by": rng.choice(list(enums.ReferredBy.values)),
    }
    dep = place.commune.departement_id
    residence = place.commune_id if rng.random() < 0.7 or not residences[dep] else rng.choice(residences[dep])
    rows: list[Request] = []
    for index in range(rng.choices([1, 2, 3], weights=[70, 22, 8])[0]):
        if index == 0:
            code = first_code
        elif partners and rng.random() > NO_PARTNER_SHARE:
            code = rng.choices(partners, weights=[PARTNER_WEIGHTS[c] for c in partners])[0]
        else:
            code = None
        procedure = rng.choice(procedures[code])
        help_level = _pick(rng, HELP)
        rows.append(
            Request(
                visit=visit,
                structure_id=place.structure_id,
                place=place,
                stop=rng.choice(stops) if stops else None,
                mediator=rng.choice(mediators[place.structure_id]),
                occurred_at=when,
                duration_minutes=_pick(rng, DURATION),
                channel="outreach_stop" if stops else "walk_in",
                partner=procedure.partner,
                domain=procedure.domain,
                procedure=procedure,
                help_level=help_level,
                outcome=_pick(rng, OUTCOME),
                interpreter=profile["language"] != "fr" and rng.random() < 0.3,
                residence_id=residence,
                person=person,
                one_time_consent=help_level == "done_for",
                **profile,
            )
        )
        when += dt.timedelta(minutes=rng.randint(5, 30))
        when = min(when, now)
    return rows


def _follow_ups_and_mandates(rng: random.Random, persons: dict[int, list[Person]], now: dt.datetime) -> None:
    today = timezone.localdate(now)
    for people in persons.values():
        for person in people[:4]:
            if not person.follow_ups.exists():
                FollowUp.objects.create(
                    person=person,
                    due_on=today + dt.timedelta(days=rng.randint(-10, 20)),
                    status=rng.choice(["open", "open", "done"]),
                    note="Rappeler pour le dossier en cours.",
                )
        for person in people[:2]:
            if not person.mandates.exists():
                Mandate.objects.create(
                    person=person,
                    domains=["social_health", "money_tax"],
                    start=today - dt.timedelta(days=30),
                    end=today + dt.timedelta(days=300),
                    aidants_connect_ref=f"AC-{rng.randint(100000, 999999)}",
                )
