"""Network figures of the people (pure: plain rows in, figures out; `reading.py` reads the database).

- mobile mediators: people active in two or more places, or two or more structures, over a period;
  active means an assignment or an employment period sharing a day with the period, or a request
  recorded in it (the counter says who recorded where);
- moves: a new employment period in a structure where the person was not employed the day before,
  after an earlier period elsewhere; a new assignment to a place where the person was not assigned the
  day before, after an earlier assignment elsewhere. Dated on the first day of the new period;
- per place, the requests of each partner set against the people assigned there in the period who
  hold a skill for that partner (a skill naming the partner, or a domain skill meeting one of the
  partner's domains, see `enums.COVERED_DOMAINS`) acquired by the end of the period. A place where no
  assignment is recorded is "non calculé", never "0 compétence";
- training needs: a partner with requests at a place where people are assigned and none of them holds
  a skill for it, the most requested first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from maillage.people.enums import COVERED_DOMAINS

NO_ASSIGNMENT = "non calculé : aucune affectation saisie"


@dataclass(frozen=True)
class Stint:
    """An employment period (`key` is the structure) or an assignment (`key` is the place)."""

    user_id: int
    key: int
    start: dt.date
    end: dt.date | None
    structure_id: int = 0  # for an assignment: the place's structure


@dataclass(frozen=True)
class Recorded:
    """Requests a person recorded at a place in the period."""

    user_id: int
    place_id: int
    structure_id: int


@dataclass(frozen=True)
class SkillHeld:
    user_id: int
    partner_id: int | None
    domain: str
    acquired_on: dt.date


@dataclass(frozen=True)
class Mobility:
    active: frozenset[int]
    mobile: frozenset[int]


@dataclass(frozen=True)
class Move:
    user_id: int
    day: dt.date
    kind: str  # "structure" or "place"
    key: int


@dataclass(frozen=True)
class PartnerLine:
    partner_id: int
    partner: str
    requests: int
    share: float  # percent of the place's requests
    skilled: int | None  # people assigned with a skill for it; None: not computed


@dataclass(frozen=True)
class PlaceLine:
    place_id: int
    place: str
    requests: int
    assigned: int
    partners: tuple[PartnerLine, ...]

    @property
    def note(self) -> str:
        return "" if self.assigned else NO_ASSIGNMENT


@dataclass(frozen=True)
class Need:
    place: str
    partner: str
    requests: int
    assigned: int


def overlaps(stint: Stint, start: dt.date, end: dt.date) -> bool:
    return stint.start <= end and (stint.end is None or stint.end >= start)


def mobility(
    jobs: Iterable[Stint], assignments: Iterable[Stint], recorded: Iterable[Recorded], start: dt.date, end: dt.date
) -> Mobility:
    places: dict[int, set[int]] = defaultdict(set)
    structures: dict[int, set[int]] = defaultdict(set)
    for job in jobs:
        if overlaps(job, start, end):
            structures[job.user_id].add(job.key)
    for stint in assignments:
        if overlaps(stint, start, end):
            places[stint.user_id].add(stint.key)
            structures[stint.user_id].add(stint.structure_id)
    for row in recorded:
        places[row.user_id].add(row.place_id)
        structures[row.user_id].add(row.structure_id)
    active = set(places) | set(structures)
    mobile = {u for u in active if len(places[u]) >= 2 or len(structures[u]) >= 2}
    return Mobility(frozenset(active), frozenset(mobile))


def moves(stints: Iterable[Stint], kind: str) -> list[Move]:
    """Every move of these stints (all of one kind), in date order."""
    by_user: dict[int, list[Stint]] = defaultdict(list)
    for stint in stints:
        by_user[stint.user_id].append(stint)
    found = []
    for user_id, own in by_user.items():
        for stint in own:
            earlier = [s for s in own if s.start < stint.start]
            eve = stint.start - dt.timedelta(days=1)
            already = any(s.key == stint.key and (s.end is None or s.end >= eve) for s in earlier)
            if earlier and not already and any(s.key != stint.key for s in earlier):
                found.append(Move(user_id, stint.start, kind, stint.key))
    return sorted(found, key=lambda m: (m.day, m.user_id, m.kind))


def moves_per_year(found: Iterable[Move]) -> dict[int, dict[str, int]]:
    years: dict[int, dict[str, int]] = {}
    for move in found:
        counts = years.setdefault(move.day.year, {"structure": 0, "place": 0})
        counts[move.kind] += 1
    return dict(sorted(years.items()))


def covers(skill: SkillHeld, partner_id: int, partner_domains: set[str]) -> bool:
    if skill.partner_id is not None:
        return skill.partner_id == partner_id
    return bool(COVERED_DOMAINS.get(skill.domain, set()) & partner_domains)


def place_lines(
    *,
    places: dict[int, str],
    totals: dict[int, int],
    by_partner: dict[tuple[int, int], int],
    partners: dict[int, tuple[str, set[str]]],
    assignments: Iterable[Stint],
    skills: Iterable[SkillHeld],
    start: dt.date,
    end: dt.date,
) -> list[PlaceLine]:
    """One line per place with requests: `totals` (place → requests), `by_partner` ((place, partner) →
    requests), `partners` (partner → name and domains)."""
    assigned: dict[int, set[int]] = defaultdict(set)
    for stint in assignments:
        if overlaps(stint, start, end):
            assigned[stint.key].add(stint.user_id)
    held: dict[int, list[SkillHeld]] = defaultdict(list)
    for skill in skills:
        if skill.acquired_on <= end:
            held[skill.user_id].append(skill)
    lines = []
    for place_id, total in totals.items():
        if not total:
            continue
        people = assigned.get(place_id, set())
        partner_lines = []
        for (where, partner_id), count in by_partner.items():
            if where != place_id:
                continue
            name, domains = partners[partner_id]
            skilled = sum(1 for u in people if any(covers(s, partner_id, domains) for s in held[u])) if people else None
            partner_lines.append(PartnerLine(partner_id, name, count, count * 100.0 / total, skilled))
        partner_lines.sort(key=lambda p: (-p.requests, p.partner))
        lines.append(PlaceLine(place_id, places[place_id], total, len(people), tuple(partner_lines)))
    return sorted(lines, key=lambda line: (line.place, line.place_id))


def training_needs(lines: Iterable[PlaceLine]) -> list[Need]:
    needs = [
        Need(line.place, p.partner, p.requests, line.assigned)
        for line in lines
        for p in line.partners
        if p.skilled == 0
    ]
    return sorted(needs, key=lambda n: (-n.requests, n.place, n.partner))
