"""The people figures of `figures.py` on a small network computed by hand."""

from __future__ import annotations

import datetime as dt

from maillage.people import figures
from maillage.people.figures import NO_ASSIGNMENT, Need, PartnerLine, PlaceLine, SkillHeld, Stint

D = dt.date
S1, S2 = 1, 2
P1, P2, P3, P4, P5 = 11, 12, 13, 14, 15
CAF, CPAM = 100, 200
U1, U2, U3, U4 = 1, 2, 3, 4

JOBS = [
    Stint(U1, S1, D(2023, 1, 1), D(2024, 6, 30)),
    Stint(U1, S2, D(2024, 7, 1), None),  # u1 moves from S1 to S2
    Stint(U2, S1, D(2024, 1, 1), None),
    Stint(U3, S1, D(2022, 1, 1), D(2022, 12, 31)),
    Stint(U3, S1, D(2024, 1, 1), None),  # back in the same structure: not a move
]
ASSIGNMENTS = [
    Stint(U1, P1, D(2023, 1, 1), D(2024, 6, 30), S1),
    Stint(U1, P3, D(2024, 7, 1), None, S2),  # with the move of structure
    Stint(U2, P1, D(2024, 1, 1), None, S1),
    Stint(U2, P2, D(2024, 1, 1), None, S1),  # a permanence the same day: not a move
    Stint(U2, P4, D(2025, 3, 1), None, S1),  # a new place later: a move
]
RECORDED_2024 = [
    figures.Recorded(U3, P1, S1),
    figures.Recorded(U4, P1, S1),
    figures.Recorded(U4, P2, S1),  # u4 has no assignment but recorded requests in two places
]


def test_mediators_active_in_two_places_or_structures_over_a_year() -> None:
    found = figures.mobility(JOBS, ASSIGNMENTS, RECORDED_2024, D(2024, 1, 1), D(2024, 12, 31))
    assert found.active == {U1, U2, U3, U4}
    assert found.mobile == {U1, U2, U4}  # u1: two structures and places; u2: two places; u4: requests in two


def test_a_year_with_one_place_per_person_has_no_mobile_mediator() -> None:
    found = figures.mobility(JOBS, ASSIGNMENTS, [], D(2023, 1, 1), D(2023, 12, 31))
    assert found.active == {U1}
    assert found.mobile == set()


def test_moves_are_new_periods_elsewhere_and_new_places_not_simultaneous_starts() -> None:
    moves = figures.moves(JOBS, "structure") + figures.moves(ASSIGNMENTS, "place")
    assert {(m.user_id, m.day, m.kind, m.key) for m in moves} == {
        (U1, D(2024, 7, 1), "structure", S2),
        (U1, D(2024, 7, 1), "place", P3),
        (U2, D(2025, 3, 1), "place", P4),
    }
    assert figures.moves_per_year(moves) == {2024: {"structure": 1, "place": 1}, 2025: {"structure": 0, "place": 1}}


def test_a_skill_covers_its_partner_or_the_partner_domains_of_its_domain() -> None:
    assert figures.covers(SkillHeld(U1, CAF, "", D(2024, 1, 1)), CAF, set())
    assert not figures.covers(SkillHeld(U1, CAF, "", D(2024, 1, 1)), CPAM, {"social_health"})
    assert figures.covers(SkillHeld(U1, None, "health", D(2024, 1, 1)), CPAM, {"social_health"})
    assert not figures.covers(SkillHeld(U1, None, "tax", D(2024, 1, 1)), CPAM, {"social_health"})


def lines() -> list[PlaceLine]:
    return figures.place_lines(
        places={P1: "Lieu Un", P2: "Lieu Deux", P5: "Lieu Cinq"},
        totals={P1: 10, P2: 4, P5: 3},
        by_partner={(P1, CAF): 6, (P1, CPAM): 3, (P2, CAF): 4, (P5, CAF): 3},
        partners={CAF: ("CAF", {"family_school", "social_health"}), CPAM: ("CPAM", {"social_health"})},
        assignments=ASSIGNMENTS,
        skills=[
            SkillHeld(U1, CAF, "", D(2023, 5, 1)),
            SkillHeld(U2, None, "tax", D(2023, 5, 1)),  # covers neither partner
            SkillHeld(U2, CPAM, "", D(2025, 2, 1)),  # after the period: not present yet
        ],
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
    )


def test_each_place_sets_the_requests_of_each_partner_against_the_skills_assigned_there() -> None:
    assert lines() == [
        PlaceLine(P5, "Lieu Cinq", 3, 0, (PartnerLine(CAF, "CAF", 3, 100.0, None),)),
        PlaceLine(P2, "Lieu Deux", 4, 1, (PartnerLine(CAF, "CAF", 4, 100.0, 0),)),
        PlaceLine(P1, "Lieu Un", 10, 2, (PartnerLine(CAF, "CAF", 6, 60.0, 1), PartnerLine(CPAM, "CPAM", 3, 30.0, 0))),
    ]


def test_a_place_without_assignment_is_not_computed_rather_than_zero_skills() -> None:
    place = lines()[0]
    assert place.note == NO_ASSIGNMENT == "non calculé : aucune affectation saisie"
    assert place.partners[0].skilled is None
    assert lines()[1].note == ""


def test_training_needs_are_partners_with_requests_and_nobody_skilled_most_requested_first() -> None:
    assert figures.training_needs(lines()) == [Need("Lieu Deux", "CAF", 4, 1), Need("Lieu Un", "CPAM", 3, 2)]
