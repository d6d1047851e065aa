"""Network indicators computed on a small hand-built network, against numbers worked out by hand.

Network A has two structures: A (places PA1 and PA2 at commune C1, and an unpublished place at C3)
and A2 (place PC at C4). Communes of the Territoire de Belfort are moved to known positions; every
other commune of the département is emptied (no centre, no inhabitants):

    C1 (45.0, 4.0) 1000 inhabitants   PA1, PA2
    C2 (45.0, 4.1)  200 inhabitants   7.9 km east of C1
    C3 (45.0, 4.3)  300 inhabitants   23.6 km east of C1 (only an unpublished place)
    C4 (45.5, 4.0)  500 inhabitants   PC, 55.6 km north of C1
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from maillage.accounts.enums import Role
from maillage.counter.models import Request, Visit
from maillage.counter.tests.helpers import make_person
from maillage.factories import OutreachStopFactory, PlaceFactory, StructureFactory, member
from maillage.referrals.models import Referral
from maillage.reports.indicators import Scope, compute_indicators
from maillage.reports.period import parse_period
from maillage.territory.models import Commune

PARIS = ZoneInfo("Europe/Paris")
CENTRES = [(45.0, 4.0, 1000), (45.0, 4.1, 200), (45.0, 4.3, 300), (45.5, 4.0, 500)]


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def ask(place: Any, mediator: Any, when: dt.datetime, *, visit: Visit | None = None, **fields: Any) -> Visit:
    """One request (information, follow-up unless told) in a new visit or the given one."""
    visit = visit or Visit.objects.create()
    values = {"domain": "social_health", "help_level": "information", "outcome": "follow_up", **fields}
    Request.objects.create(
        visit=visit, structure=place.structure, place=place, mediator=mediator, occurred_at=when, **values
    )
    return visit


def refer(source: Any, target: Any, when: dt.datetime, **fields: Any) -> Referral:
    return Referral.objects.create(
        from_structure=source, to_structure=target, reason="Dossier à poursuivre", created_at=when, **fields
    )


def build_territory(cast: Any) -> list[Commune]:
    Commune.objects.filter(departement_id="90").update(lat=None, lon=None, population=0)
    communes = list(Commune.objects.filter(departement_id="90").order_by("code")[:4])
    for commune, (lat, lon, population) in zip(communes, CENTRES, strict=True):
        commune.lat, commune.lon, commune.population = lat, lon, population
        commune.save()
    return communes


def build_network(cast: Any) -> SimpleNamespace:
    """The hand-built network A: places, people, requests in 2025 (and 2024) and referrals."""
    c1, _, c3, c4 = build_territory(cast)
    a, b = cast.structure_a, cast.structure_b
    a2 = StructureFactory(name="Structure A2", network=cast.network_a)
    place = {"commune": c1, "postcode": "90000", "lat": 45.0, "lon": 4.0}
    pa1 = cast.place_a
    for field, value in place.items():
        setattr(pa1, field, value)
    pa1.save()
    pa2 = PlaceFactory(structure=a, name="Lieu A bis", **place)
    PlaceFactory(structure=a, name="Lieu A fermé", commune=c3, postcode="90000", lat=45.0, lon=4.3, is_published=False)
    pc = PlaceFactory(structure=a2, name="Lieu C", commune=c4, postcode="90000", lat=45.5, lon=4.0)
    m1, m2 = cast.mediator_a, member(Role.MEDIATOR, structure=a, totp=False)
    m3 = member(Role.MEDIATOR, structure=a2, totp=False)
    p1, p2, p3 = (make_person(a, first_name=name) for name in ("Aline", "Bruno", "Chloé"))
    # 2025. p1: two visits, both with m1 (returning, knows a mediator); m1 works at PA1 and PA2.
    ask(pa1, m1, at(2025, 1, 1, 0, 30), person=p1, help_level="accompaniment", outcome="resolved")
    ask(pa2, m1, at(2025, 3, 4), person=p1, help_level="accompaniment", outcome="resolved")
    # p2: one visit with two requests with m1, then one with m2: returning, no mediator twice.
    visit = ask(pa1, m1, at(2025, 5, 6), person=p2, help_level="done_for", one_time_consent=True, outcome="resolved")
    ask(pa1, m1, at(2025, 5, 6, 10, 20), visit=visit, person=p2, outcome="reoriented")
    ask(pa1, m2, at(2025, 6, 7), person=p2, outcome="resolved")
    # p3: one visit only.
    ask(pa1, m2, at(2025, 7, 8), person=p3, help_level="accompaniment")
    # Four anonymous requests: one first visit, two of people who came before, one not asked; m3 only at PC.
    ask(pc, m3, at(2025, 8, 9), first_visit=True, outcome="reoriented")
    ask(pc, m3, at(2025, 8, 10), first_visit=False, help_level="accompaniment", outcome="resolved")
    ask(pa1, m2, at(2025, 9, 11), first_visit=False)
    ask(pa1, m2, at(2025, 12, 31, 23, 30))
    # 2024: p1 once (the last evening of the year, Paris time); outside the scope, B's activity.
    ask(pa1, m1, at(2024, 12, 31, 23, 30), person=p1, outcome="resolved")
    ask(cast.place_b, cast.mediator_b, at(2025, 4, 4), help_level="accompaniment", outcome="resolved")
    # Referrals in 2025: three inside the network, three with the outside, one within A (ignored).
    for source, target in [(a, a2), (a, a2), (a2, a), (a, b), (b, a), (a, a), (b, b)]:
        refer(source, target, at(2025, 10, 1))
    refer(a, None, at(2025, 10, 2), external_name="Mission locale")
    refer(a, a2, at(2024, 6, 1))
    scope = Scope("network", str(cast.network_a.uuid), "Réseau A", frozenset({a.pk, a2.pk}))
    return SimpleNamespace(a2=a2, pa1=pa1, pa2=pa2, pc=pc, scope=scope, communes=(c1, c3, c4))


def communes_90() -> int:
    """Every commune of the Territoire de Belfort, with or without a centre (the mesh counts them all)."""
    return Commune.objects.filter(departement_id="90").count()


def values(result: Any) -> dict[str, tuple[int, int, int | None, int | None]]:
    return {
        item.code: (item.numerator, item.denominator, item.previous_numerator, item.previous_denominator)
        for family in result.families
        for item in family.indicators
    }


@pytest.fixture
def network(cast: Any) -> SimpleNamespace:
    return build_network(cast)


def test_every_indicator_of_the_network_against_hand_computed_numbers(network: SimpleNamespace) -> None:
    result = compute_indicators(network.scope, parse_period("2025"), 10)
    assert values(result) == {
        # Le maillage: C1, C2 (7.9 km) and C4 reached; C3 is 23.6 km away (its place is unpublished).
        "mesh_population": (1700, 2000, None, None),
        "mesh_white_communes": (1, communes_90(), None, None),  # every commune, located or not
        # Le contact: p1 and p2 came twice (p1 in 2024 once); only p1 met the same mediator twice.
        "persons_returning": (2, 3, 0, 1),
        "known_mediator": (1, 3, 0, 1),
        "anonymous_returning": (2, 3, 0, 0),  # the request where nobody asked is left out
        # L'accès aux droits: 10 requests in 2025, 1 in 2024.
        "accompanied": (5, 10, 0, 1),
        "resolved": (5, 10, 1, 1),
        "reoriented": (2, 10, 0, 1),
        "rights_identified": (0, 0, 0, 0),  # no followed right here: rights/tests/test_indicators.py
        "rights_opened": (0, 0, 0, 0),
        # Le réseau: 3 published places for 2,000 inhabitants; m1 alone worked in two places.
        "places_density": (3, 2000, None, None),
        "referrals_internal": (3, 6, 1, 1),
        "referrals_external": (3, 6, 0, 1),
        "mobile_mediators": (1, 3, 0, 1),
        "staff_mobile": (1, 3, 0, 1),  # no assignment nor employment period here: the requests alone
        "staff_moves": (0, 3, 0, 1),  # people/tests/test_figures.py
        # L'attente: no ticket here (tickets/tests/test_report.py).
        "waiting_within_20": (0, 0, 0, 0),
        "waiting_median": (0, 0, 0, 0),
        "waiting_p90": (0, 0, 0, 0),
        "waiting_visits": (0, 0, 0, 0),
    }
    assert (result.requests, result.referrals) == (10, 6)
    assert result.territory.departements == ("90",)
    assert result.territory.communes_without_centre == Commune.objects.filter(departement_id="90").count() - 4


def test_values_and_changes_are_shares_in_percent_and_points(network: SimpleNamespace) -> None:
    items = {
        item.code: item
        for f in compute_indicators(network.scope, parse_period("2025"), 10).families
        for item in f.indicators
    }
    assert items["mesh_population"].value == pytest.approx(85.0)
    assert items["mesh_population"].change is None
    assert not items["mesh_population"].compared
    assert items["persons_returning"].value == pytest.approx(200 / 3)
    assert items["persons_returning"].change == pytest.approx(200 / 3)
    assert items["resolved"].change == pytest.approx(50.0 - 100.0)
    assert items["anonymous_returning"].previous_value is None  # no anonymous request in 2024
    assert items["places_density"].value == pytest.approx(15.0)
    assert items["referrals_internal"].value == 3
    assert items["referrals_internal"].change is None  # 2024 is partial (one evening): a count is not compared


@pytest.mark.parametrize(("distance", "covered", "white"), [(5, 1500, 2), (10, 1700, 1), (20, 1700, 1), (30, 2000, 0)])
def test_mesh_follows_the_chosen_distance(network: SimpleNamespace, distance: int, covered: int, white: int) -> None:
    mesh = compute_indicators(network.scope, parse_period("2025"), distance).families[0]
    assert [(item.numerator, item.denominator) for item in mesh.indicators] == [(covered, 2000), (white, communes_90())]


def test_a_stop_of_an_itinerant_place_reaches_its_commune(network: SimpleNamespace) -> None:
    c1, c3, _ = network.communes
    itinerant = {"structure": network.a2, "commune": c1, "postcode": "90000", "lat": 45.0, "lon": 4.0}
    OutreachStopFactory(place=PlaceFactory(mobility="itinerant", **itinerant), commune=c3, lat=45.0, lon=4.3)
    mesh = compute_indicators(network.scope, parse_period("2025"), 10).families[0]
    assert mesh.indicators[0].numerator == 2000


def test_structure_scope_sees_the_other_structure_as_outside(cast: Any, network: SimpleNamespace) -> None:
    scope = Scope("structure", str(cast.structure_a.uuid), "Structure A", frozenset({cast.structure_a.pk}))
    result = values(compute_indicators(scope, parse_period("2025"), 10))
    assert result["referrals_internal"][:2] == (0, 6)
    assert result["referrals_external"][:2] == (6, 6)
    assert result["mesh_population"][:2] == (1200, 2000)  # PC is not A's place
    assert result["mobile_mediators"][:2] == (1, 2)
    assert result["accompanied"][:2] == (4, 8)


def test_departement_scope_counts_activity_at_its_places_only(cast: Any, network: SimpleNamespace) -> None:
    elsewhere = PlaceFactory(structure=cast.structure_a, name="Lieu à Villeurbanne")  # Rhône (69)
    ask(elsewhere, cast.mediator_a, at(2025, 2, 2), outcome="resolved")
    network_wide = values(compute_indicators(network.scope, parse_period("2025"), 10))
    assert network_wide["resolved"][:2] == (6, 11)
    scope = Scope("departement", "90", "Territoire de Belfort (90)", network.scope.structure_ids, "90")
    result = values(compute_indicators(scope, parse_period("2025"), 10))
    assert result["resolved"][:2] == (5, 10)
    assert result["mesh_population"][:2] == (1700, 2000)
    assert result["places_density"][:2] == (3, 2000)  # the place in the Rhône is outside the territory


def test_quarter_is_compared_with_the_quarter_before(network: SimpleNamespace) -> None:
    result = compute_indicators(network.scope, parse_period("2025-Q1"), 10)
    assert result.previous_period.code == "2024-Q4"
    assert values(result)["persons_returning"] == (1, 1, 0, 1)  # p1 twice in Q1 2025, once in Q4 2024


def test_empty_scope_is_empty_not_an_error(cast: Any) -> None:
    result = compute_indicators(Scope("network", "x", "Réseau vide", frozenset()), parse_period("2025"), 10)
    assert result.is_empty
    assert all(item.value in (None, 0.0) for family in result.families for item in family.indicators)


def test_indicators_take_a_fixed_number_of_queries(network: SimpleNamespace, django_assert_num_queries: Any) -> None:
    # 11th and 12th: followed rights of both periods; then tickets; then 7 for the people (people/reading.py)
    with django_assert_num_queries(21):
        compute_indicators(network.scope, parse_period("2025"), 10)
