"""Network indicators: the four families of the Fing proposal (le maillage, le contact, l'accès aux
droits, le réseau) for the structures of a scope and a period, compared with the period before.

Activity counts come from a handful of grouped queries that cover both periods at once; the mesh
reuses the pure coverage engine of `maillage.territory.coverage`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from maillage.counter.enums import HelpLevel, Outcome
from maillage.counter.models import Request
from maillage.network.models import OutreachStop, Place
from maillage.people.reading import NetworkPeople, network_people
from maillage.referrals.models import Referral
from maillage.reports.completeness import Completeness, assess, structure_starts
from maillage.reports.period import Period
from maillage.territory.models import Commune

if TYPE_CHECKING:  # numpy and scipy load with the coverage engine, on use
    from maillage.territory.coverage import Coverage

MESH_DISTANCES = (5, 10, 20, 30)
SHARE, COUNT, RATE = "share", "count", "per_10000"


@dataclass(frozen=True)
class Scope:
    """What is measured: structures (and, for a département, only the activity at its places)."""

    kind: str  # network, structure, departement
    key: str  # network or structure uuid, or département code
    label: str
    structure_ids: frozenset[int]
    departement: str = ""


@dataclass(frozen=True)
class Tally:
    now: int
    before: int


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    kind: str  # share (in %), count, per_10000 (inhabitants)
    numerator: int
    denominator: int
    unit: str  # what the numerator counts
    of: str  # what the denominator counts
    previous_numerator: int | None = None  # None: not historised (places have no history)
    previous_denominator: int | None = None
    # What could not be measured: the true numerator lies between numerator - unknown_below and
    # numerator + unknown_above (None: no bound on that side). Zero on both sides: an exact figure.
    unknown_below: int | None = 0
    unknown_above: int | None = 0
    missing: str = ""  # in French, what was left out ("2 communes (350 habitants) sans position")
    previous_partial: bool = False  # the previous period is partial: a count is not compared

    @property
    def exact(self) -> bool:
        return self.unknown_below == 0 and self.unknown_above == 0

    @property
    def value(self) -> float | None:
        """The figure, or None when it cannot be computed exactly (see `low` and `high`)."""
        return _value(self.kind, self.numerator, self.denominator) if self.exact else None

    @property
    def low(self) -> float | None:
        if self.unknown_below is None:
            return None
        return _value(self.kind, max(self.numerator - self.unknown_below, 0), self.denominator)

    @property
    def high(self) -> float | None:
        if self.unknown_above is None:
            return None
        return _value(self.kind, self.numerator + self.unknown_above, self.denominator)

    @property
    def previous_value(self) -> float | None:
        if self.previous_numerator is None or self.previous_denominator is None:
            return None
        return _value(self.kind, self.previous_numerator, self.previous_denominator)

    @property
    def compared(self) -> bool:
        return self.previous_numerator is not None

    @property
    def change(self) -> float | None:
        """Current minus previous value (percentage points for shares); a count is not compared
        with a partial previous period (see `maillage.reports.completeness`)."""
        value, previous = self.value, self.previous_value
        if self.not_compared_as_partial:
            return None
        return None if value is None or previous is None else value - previous

    @property
    def not_compared_as_partial(self) -> bool:
        return self.previous_partial and self.compared and self.kind != SHARE


def _value(kind: str, numerator: int, denominator: int) -> float | None:
    if kind == COUNT:
        return float(numerator)
    if not denominator:
        return None
    return numerator * (100.0 if kind == SHARE else 10_000.0) / denominator


@dataclass(frozen=True)
class Family:
    code: str
    title: str
    aim: str  # the sign of progress, in the words of the Fing proposal
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, eq=False)
class Territory:
    """Communes of the départements where the scope's places are (or of the chosen département)."""

    departements: tuple[str, ...]
    population: int  # every commune, with or without a centre
    communes_without_centre: int
    places_in_territory: int  # published places of the scope located in these départements
    coverage: Coverage
    communes: int = 0  # every commune of the territory
    population_without_centre: int = 0
    places_without_position: int = 0  # published places (and stops) of the scope in the territory

    @property
    def missing(self) -> str:
        """What the mesh cannot place, in French ("" when nothing)."""
        parts = []
        if self.communes_without_centre:
            count, people = self.communes_without_centre, self.population_without_centre
            parts.append(
                f"{_number(count)} commune{'s' if count > 1 else ''} ({_number(people)} habitants) sans position"
            )
        if self.places_without_position:
            count = self.places_without_position
            parts.append(f"{_number(count)} lieu{'x' if count > 1 else ''} du périmètre sans position")
        return " et ".join(parts)


def _number(value: int) -> str:
    """French thousands: a narrow no-break space between groups."""
    return f"{value:,}".replace(",", "\u202f")


@dataclass(frozen=True, eq=False)
class NetworkIndicators:
    scope: Scope
    period: Period
    previous_period: Period
    distance_km: int
    territory: Territory
    families: tuple[Family, ...]
    requests: int
    referrals: int
    completeness: Completeness = field(default_factory=Completeness)
    people: NetworkPeople | None = None  # places set against skills, training needs (`maillage.people`)

    @property
    def is_empty(self) -> bool:
        return not (self.requests or self.referrals or len(self.territory.coverage.places))


def compute_indicators(scope: Scope, period: Period, distance_km: int) -> NetworkIndicators:
    """Every indicator of the scope for the period, with the previous period's values."""
    territory = load_territory(scope, distance_km)
    activity = activity_tallies(scope, period)
    referrals = referral_tallies(scope, period)
    rights = rights_tallies(scope, period)
    waiting = waiting_tallies(scope, period)
    completeness = completeness_of(scope, period)
    people = people_of(scope, period)
    families: tuple[Family, ...] = (
        mesh_family(territory, distance_km),
        contact_family(activity),
        rights_family(activity, rights),
        network_family(territory, activity, referrals, people, period),
        waiting_family(waiting),
    )
    if completeness.partial:
        families = tuple(
            replace(f, indicators=tuple(replace(i, previous_partial=True) for i in f.indicators)) for f in families
        )
    return NetworkIndicators(
        scope=scope,
        period=period,
        previous_period=period.previous(),
        distance_km=distance_km,
        territory=territory,
        families=families,
        requests=activity["requests"].now,
        referrals=referrals["exchanged"].now,
        completeness=completeness,
        people=people,
    )


def people_of(scope: Scope, period: Period) -> NetworkPeople:
    """Mediators' mobility, moves, skills against requests (`maillage.people.reading`, 7 queries)."""
    previous = period.previous()
    return network_people(
        scope.structure_ids, period.start, period.end, (previous.start, previous.end), scope.departement
    )


# --- reading the database -----------------------------------------------------------------------


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _windows(field: str, period: Period) -> tuple[Q, Q, Q]:
    """Both periods, the period, the previous one (the previous period ends the day before)."""
    previous = period.previous()
    start, middle, end = _start(previous.start), _start(period.start), _start(period.end + dt.timedelta(days=1))
    return (
        Q(**{f"{field}__gte": start, f"{field}__lt": end}),
        Q(**{f"{field}__gte": middle, f"{field}__lt": end}),
        Q(**{f"{field}__gte": start, f"{field}__lt": middle}),
    )


def _tallies(queryset: QuerySet, counts: dict[str, Count]) -> dict[str, Tally]:
    row = queryset.aggregate(**counts)
    names = {name.rsplit("_", 1)[0] for name in counts}
    return {name: Tally(row[f"{name}_now"] or 0, row[f"{name}_before"] or 0) for name in names}


def _both(name: str, now: Q, before: Q, expression: str = "pk", when: Q | None = None, **kw: bool) -> dict[str, Count]:
    extra = when if when is not None else Q()
    return {
        f"{name}_now": Count(expression, filter=now & extra, **kw),
        f"{name}_before": Count(expression, filter=before & extra, **kw),
    }


def _scope_requests(scope: Scope) -> Q:
    query = Q(structure_id__in=scope.structure_ids)
    return query & Q(place__commune__departement_id=scope.departement) if scope.departement else query


def completeness_of(scope: Scope, period: Period) -> Completeness:
    """Is the previous period complete enough to compare counts with (2 queries)?"""
    both, now, before = _windows("occurred_at", period)
    requests = Request.objects.filter(both, _scope_requests(scope)).order_by()
    by_month = requests.annotate(month=TruncMonth("occurred_at", tzinfo=timezone.get_current_timezone()))
    current: dict[dt.date, int] = {}
    previous: dict[dt.date, int] = {}
    for row in by_month.values("month").annotate(now=Count("pk", filter=now), before=Count("pk", filter=before)):
        day = timezone.localdate(row["month"]) if isinstance(row["month"], dt.datetime) else row["month"]
        current[day.replace(day=1)], previous[day.replace(day=1)] = row["now"], row["before"]
    starts = structure_starts(_scope_requests(scope), scope.structure_ids, period.end)
    return assess(period, starts, current, previous)


def activity_tallies(scope: Scope, period: Period) -> dict[str, Tally]:
    """Requests, persons and mediators of the scope, in the period and the one before (4 queries)."""
    both, now, before = _windows("occurred_at", period)
    requests = Request.objects.filter(both, structure_id__in=scope.structure_ids).order_by()
    if scope.departement:
        requests = requests.filter(place__commune__departement_id=scope.departement)
    anonymous = Q(person__isnull=True)
    result = _tallies(
        requests,
        _both("requests", now, before)
        | _both("accompanied", now, before, when=Q(help_level__in=[HelpLevel.ACCOMPANIMENT, HelpLevel.DONE_FOR]))
        | _both("resolved", now, before, when=Q(outcome=Outcome.RESOLVED))
        | _both("reoriented", now, before, when=Q(outcome=Outcome.REORIENTED))
        | _both("anonymous_answered", now, before, when=anonymous & Q(first_visit__isnull=False))
        | _both("anonymous_returning", now, before, when=anonymous & Q(first_visit=False)),
    )
    followed = requests.filter(person__isnull=False)
    per_person = followed.values("person").annotate(
        visits_now=Count("visit", filter=now, distinct=True), visits_before=Count("visit", filter=before, distinct=True)
    )
    result |= _tallies(
        per_person,
        _both("persons", Q(visits_now__gte=1), Q(visits_before__gte=1), "person")
        | _both("returning", Q(visits_now__gte=2), Q(visits_before__gte=2), "person"),
    )
    per_pair = followed.values("person", "mediator").annotate(
        visits_now=Count("visit", filter=now, distinct=True), visits_before=Count("visit", filter=before, distinct=True)
    )
    result |= _tallies(per_pair, _both("known", Q(visits_now__gte=2), Q(visits_before__gte=2), "person", distinct=True))
    per_mediator = requests.values("mediator").annotate(
        places_now=Count("place", filter=now, distinct=True), places_before=Count("place", filter=before, distinct=True)
    )
    result |= _tallies(
        per_mediator,
        _both("mediators", Q(places_now__gte=1), Q(places_before__gte=1), "mediator")
        | _both("mobile", Q(places_now__gte=2), Q(places_before__gte=2), "mediator"),
    )
    return result


def referral_tallies(scope: Scope, period: Period) -> dict[str, Tally]:
    """Referrals sent or received by the scope's structures, between two different structures."""
    both, now, before = _windows("created_at", period)
    ids = scope.structure_ids
    referrals = (
        Referral.objects.filter(both, Q(from_structure_id__in=ids) | Q(to_structure_id__in=ids))
        .exclude(to_structure_id=F("from_structure_id"))
        .order_by()
    )
    inside = Q(from_structure_id__in=ids, to_structure_id__in=ids)
    result = _tallies(referrals, _both("exchanged", now, before) | _both("internal", now, before, when=inside))
    result["external"] = Tally(
        result["exchanged"].now - result["internal"].now, result["exchanged"].before - result["internal"].before
    )
    return result


def rights_tallies(scope: Scope, period: Period) -> dict[str, Tally]:
    """Followed rights of the period and of the one before (`rights.figures`, one query each). For a
    département, only rights recorded at one of its places count."""
    from maillage.rights.figures import rights_figures

    place_ids = None
    if scope.departement:
        places = Place.objects.filter(structure_id__in=scope.structure_ids, commune__departement_id=scope.departement)
        place_ids = list(places.values_list("pk", flat=True))
    now, before = (
        rights_figures(structure_ids=scope.structure_ids, start=p.start, end=p.end, place_ids=place_ids).total
        for p in (period, period.previous())
    )
    return {
        "identified": Tally(now.identified, before.identified),
        "opened": Tally(now.opened, before.opened),
        "decided": Tally(now.opened + now.refused, before.opened + before.refused),
    }


def waiting_tallies(scope: Scope, period: Period) -> dict[str, Tally]:
    """Visits of the walk-in queue (`tickets.figures`, one query per period), as the rights are read."""
    from maillage.tickets.figures import waiting_figures

    place_ids = None
    if scope.departement:
        places = Place.objects.filter(structure_id__in=scope.structure_ids, commune__departement_id=scope.departement)
        place_ids = list(places.values_list("pk", flat=True))
    now, before = (
        waiting_figures(structure_ids=scope.structure_ids, start=p.start, end=p.end, place_ids=place_ids).total
        for p in (period, period.previous())
    )

    def minutes(value: float | None) -> int:
        return round(value) if value is not None else 0

    return {
        "visits": Tally(now.visits, before.visits),
        "within_20": Tally(now.within_20, before.within_20),
        "median": Tally(minutes(now.median_minutes), minutes(before.median_minutes)),
        "p90": Tally(minutes(now.p90_minutes), minutes(before.p90_minutes)),
    }


def load_territory(scope: Scope, distance_km: float) -> Territory:
    """The territory's communes as demand and the scope's published places (and stops) as reach."""
    from maillage.territory.coverage import Demand, Places, compute_coverage

    places = list(
        Place.objects.filter(structure_id__in=scope.structure_ids)
        .order_by()
        .values_list("id", "lat", "lon", "is_published", "commune__departement_id")
    )
    stops = list(
        OutreachStop.objects.filter(place__structure_id__in=scope.structure_ids)
        .order_by()
        .values_list("id", "lat", "lon", "place__is_published", "commune__departement_id")
    )
    codes = {scope.departement} if scope.departement else {row[4] for row in places + stops}
    communes = list(
        Commune.objects.filter(departement_id__in=codes).order_by().values_list("code", "population", "lat", "lon")
    )
    located = [(code, lat, lon, people) for code, people, lat, lon in communes if lat is not None and lon is not None]
    unlocated = [people for _, people, lat, lon in communes if lat is None or lon is None]
    reach = [
        (f"{prefix}-{pk}", lat, lon)
        for prefix, rows in (("lieu", places), ("etape", stops))
        for pk, lat, lon, published, _ in rows
        if published and lat is not None and lon is not None
    ]
    coverage = compute_coverage(Demand.from_records(located), Places.from_rows(reach), distance_km)
    return Territory(
        departements=tuple(sorted(codes)),
        population=sum(row[1] for row in communes),
        communes_without_centre=len(communes) - len(located),
        places_in_territory=sum(1 for *_, published, code in places if published and code in codes),
        coverage=coverage,
        communes=len(communes),
        population_without_centre=sum(unlocated),
        places_without_position=sum(
            1 for _, lat, _, published, code in places + stops if published and code in codes and lat is None
        ),
    )


# --- the four families --------------------------------------------------------------------------


def _compared(code: str, label: str, definition: str, kind: str, tallies: tuple[Tally, Tally], units: str) -> Indicator:
    numerator, denominator = tallies
    unit, of = units.split("/")
    return Indicator(
        code, label, definition, kind, numerator.now, denominator.now, unit, of, numerator.before, denominator.before
    )


def mesh_family(territory: Territory, distance_km: int) -> Family:
    """Both mesh indicators count every commune of the territory. Communes without a centre and
    places without coordinates make them bounds: the unlocated inhabitants may or may not be
    covered, and a place that cannot be placed may cover anyone (no upper bound then)."""
    coverage = territory.coverage
    uncovered = int((~coverage.covered).sum())
    unknown_people, unknown_communes = territory.population_without_centre, territory.communes_without_centre
    open_places = territory.places_without_position > 0
    reach = f"à moins de {distance_km} km à vol d'oiseau"
    return Family(
        "mesh",
        "Le maillage",
        "chaque habitant dispose, près de chez lui, d'un point de contact avec les services essentiels.",
        (
            Indicator(
                "mesh_population",
                f"Population {reach} d'un lieu",
                f"Habitants des communes du territoire dont le centre est {reach} d'un lieu publié du périmètre "
                "(ou d'une étape d'itinérance), sur la population de toutes les communes du territoire ; "
                "état actuel des lieux. Les habitants des communes sans position et les lieux sans position "
                "rendent la part non calculable exactement : elle est alors donnée par ses bornes.",
                SHARE,
                coverage.population_covered,
                territory.population,
                "habitants",
                "habitants",
                unknown_above=None if open_places else unknown_people,
                missing=territory.missing if unknown_people or open_places else "",
            ),
            Indicator(
                "mesh_white_communes",
                f"Communes sans lieu {reach}",
                f"Communes du territoire dont le centre est à plus de {distance_km} km à vol d'oiseau "
                "de tout lieu publié du périmètre, sur toutes les communes du territoire ; état actuel des lieux. "
                "Une commune sans position peut en être ou non : le nombre est alors donné par ses bornes.",
                COUNT,
                uncovered,
                territory.communes,
                "communes",
                "communes",
                unknown_below=None if open_places else 0,
                unknown_above=unknown_communes,
                missing=territory.missing if unknown_communes or open_places else "",
            ),
        ),
    )


def contact_family(activity: dict[str, Tally]) -> Family:
    persons = activity["persons"]
    return Family(
        "contact",
        "Le contact",
        "chaque habitant connaît au moins un médiateur de proximité.",
        (
            _compared(
                "persons_returning",
                "Personnes revues",
                "Dossiers personnes venus lors d'au moins deux passages distincts dans la période, "
                "parmi les dossiers ayant au moins une demande dans la période.",
                SHARE,
                (activity["returning"], persons),
                "personnes/personnes suivies",
            ),
            _compared(
                "known_mediator",
                "Personnes qui connaissent un médiateur",
                "Dossiers personnes reçus par le même médiateur lors d'au moins deux passages de la période, "
                "parmi les dossiers ayant au moins une demande dans la période.",
                SHARE,
                (activity["known"], persons),
                "personnes/personnes suivies",
            ),
            _compared(
                "anonymous_returning",
                "Demandes anonymes de personnes déjà venues",
                "Demandes sans dossier personne où « première venue » vaut « non, déjà venue », "
                "parmi les demandes sans dossier de la période où la question a été renseignée.",
                SHARE,
                (activity["anonymous_returning"], activity["anonymous_answered"]),
                "demandes/demandes anonymes renseignées",
            ),
        ),
    )


def rights_family(activity: dict[str, Tally], rights: dict[str, Tally]) -> Family:
    requests = activity["requests"]
    return Family(
        "rights",
        "L'accès aux droits",
        "la connaissance des droits s'améliore, le non-recours diminue.",
        (
            _compared(
                "accompanied",
                "Demandes accompagnées",
                "Demandes au niveau « accompagnement (faire avec) » ou « faire à la place », "
                "parmi toutes les demandes de la période.",
                SHARE,
                (activity["accompanied"], requests),
                "demandes/demandes",
            ),
            _compared(
                "resolved",
                "Demandes résolues sur place",
                "Demandes dont l'issue est « résolu sur place », parmi toutes les demandes de la période.",
                SHARE,
                (activity["resolved"], requests),
                "demandes/demandes",
            ),
            _compared(
                "reoriented",
                "Demandes réorientées",
                "Demandes dont l'issue est « réorienté », parmi toutes les demandes de la période.",
                SHARE,
                (activity["reoriented"], requests),
                "demandes/demandes",
            ),
            _compared(
                "rights_identified",
                "Droits non demandés repérés",
                "Droits suivis repérés dans la période pour une personne qui ne les demandait pas "
                "(à l'accueil ou par simulation).",
                COUNT,
                (rights["identified"], rights["identified"]),
                "droits/droits",
            ),
            _compared(
                "rights_opened",
                "Droits ouverts",
                "Droits suivis dont l'ouverture a été décidée dans la période, parmi les décisions reçues "
                "(droits ouverts ou refusés).",
                COUNT,
                (rights["opened"], rights["decided"]),
                "droits ouverts/décisions",
            ),
        ),
    )


def network_family(
    territory: Territory, activity: dict[str, Tally], referrals: dict[str, Tally], people: NetworkPeople, period: Period
) -> Family:
    exchanged = referrals["exchanged"]
    previous = period.previous()
    now, before = people.mobility, people.previous_mobility
    return Family(
        "network",
        "Le réseau",
        "des lieux denses, qui échangent entre eux, et des médiateurs qui circulent d'un lieu à l'autre.",
        (
            Indicator(
                "places_density",
                "Lieux pour 10 000 habitants",
                "Lieux publiés du périmètre situés dans les départements du territoire, pour 10 000 habitants "
                "de ces départements ; état actuel des lieux.",
                RATE,
                territory.places_in_territory,
                territory.population,
                "lieux",
                "habitants",
            ),
            _compared(
                "referrals_internal",
                "Orientations entre structures du périmètre",
                "Orientations créées dans la période d'une structure du périmètre vers une autre structure du "
                "périmètre, parmi les orientations échangées (hors orientations au sein d'une même structure).",
                COUNT,
                (referrals["internal"], exchanged),
                "orientations/orientations échangées",
            ),
            _compared(
                "referrals_external",
                "Orientations avec l'extérieur du périmètre",
                "Orientations créées dans la période entre une structure du périmètre et une structure ou un "
                "organisme hors du périmètre, envoyées ou reçues.",
                COUNT,
                (referrals["external"], exchanged),
                "orientations/orientations échangées",
            ),
            _compared(
                "mobile_mediators",
                "Médiateurs actifs dans plusieurs lieux",
                "Médiateurs ayant enregistré des demandes dans au moins deux lieux du périmètre dans la période, "
                "parmi les médiateurs ayant enregistré au moins une demande.",
                SHARE,
                (activity["mobile"], activity["mediators"]),
                "médiateurs/médiateurs actifs",
            ),
            _compared(
                "staff_mobile",
                "Médiateurs présents dans plusieurs lieux ou structures",
                "Personnes affectées, employées ou ayant enregistré des demandes dans au moins deux lieux ou deux "
                "structures du périmètre dans la période (affectations, périodes d'emploi et demandes), parmi les "
                "personnes actives du périmètre.",
                SHARE,
                (Tally(len(now.mobile), len(before.mobile)), Tally(len(now.active), len(before.active))),
                "médiateurs/médiateurs actifs",
            ),
            _compared(
                "staff_moves",
                "Mobilités entre structures ou lieux",
                "Nouvelles périodes d'emploi dans une autre structure et nouvelles affectations dans un autre lieu "
                "commençant dans la période, vers le périmètre ou depuis le périmètre.",
                COUNT,
                (
                    Tally(
                        people.moves_between(period.start, period.end),
                        people.moves_between(previous.start, previous.end),
                    ),
                    Tally(len(now.active), len(before.active)),
                ),
                "mobilités/médiateurs actifs",
            ),
        ),
    )


def waiting_family(waiting: dict[str, Tally]) -> Family:
    """« L'attente » (issue 15): the CNAF share of visits waited 20 minutes at most, and the waits."""
    from maillage.tickets.figures import VISIT_DEFINITION

    visits = waiting["visits"]
    return Family(
        "waiting",
        "L'attente",
        "sans rendez-vous, chacun est reçu vite : l'attente au guichet se mesure et diminue.",
        (
            _compared(
                "waiting_within_20",
                "Passages attendus 20 minutes au plus",
                "Passages appelés au plus 20 minutes après la prise du ticket, parmi les passages de la période. "
                + VISIT_DEFINITION,
                SHARE,
                (waiting["within_20"], visits),
                "passages/passages",
            ),
            _compared(
                "waiting_median",
                "Attente médiane (minutes)",
                "Attente médiane des passages de la période, de la prise du ticket à l'appel, en minutes arrondies.",
                COUNT,
                (waiting["median"], visits),
                "minutes/passages",
            ),
            _compared(
                "waiting_p90",
                "Attente au 90e centile (minutes)",
                "Attente en dessous de laquelle au moins 90 % des passages de la période ont été appelés, en minutes.",
                COUNT,
                (waiting["p90"], visits),
                "minutes/passages",
            ),
            _compared(
                "waiting_visits",
                "Passages par la file d'attente",
                "Tickets appelés par un médiateur dans la période, hors absents à l'appel.",
                COUNT,
                (visits, visits),
                "passages/passages",
            ),
        ),
    )
