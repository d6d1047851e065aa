"""The social value of a place's activity, estimated from aggregates: one pure function, `estimate`.

No database here: `figures.py` reads the counts (requests per network, partner and commune of
residence), the parameters, the counters and the communes' centres, and hands them over. Requests
that cannot be valued are counted apart with their reason, never dropped and never extrapolated.
docs/social-value.md gives the formulas, the parameters and their sources.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from maillage.lib.geo import haversine_km

NO_PARTNER = "demande sans partenaire"
NO_NETWORK = "structure rattachée à aucun réseau"
NO_SHARE = "part des demandes ayant évité un recours au guichet non renseignée"
NO_RESIDENCE = "commune de résidence inconnue"
NO_COUNTER = "partenaire sans guichet renseigné"
NO_CENTRE = "centre de la commune de résidence inconnu"
REASONS = [NO_PARTNER, NO_NETWORK, NO_SHARE, NO_RESIDENCE, NO_COUNTER, NO_CENTRE]
CENT = Decimal("0.01")
SMALL = 5  # as reports.compute.SMALL: counts under 5 read « < 5 » in a masked report
TOTAL = "Ensemble"  # the label of the total row, and its key in `people`


@dataclass(frozen=True)
class Group:
    """Requests of one network (None: structure outside any network), partner and commune of residence."""

    network_id: int | None
    partner_id: int | None
    residence: str | None
    requests: int


@dataclass(frozen=True)
class NetworkRates:
    mileage_rate: Decimal  # €/km
    co2_factor: Decimal  # kg CO2e/km
    detour_factor: Decimal
    avoided_share: Decimal | None  # 0..1; None: not set, nothing is valued


@dataclass(frozen=True)
class PartnerSetting:
    distance_km: Decimal | None  # one way, set by the network
    unit_cost: Decimal | None  # € per counter visit or call avoided
    counters: tuple[tuple[float, float], ...] = ()  # (lat, lon) of the partner's counters


@dataclass
class ValueRow:
    label: str
    requests: int = 0  # requests of the period for this partner
    valued: int = 0  # of which the trip could be valued
    trips: Decimal = Decimal(0)  # valued × share
    km: float = 0.0
    cost: Decimal = Decimal(0)
    co2_kg: Decimal = Decimal(0)
    visits_cost: Decimal | None = None  # None: not computed, see visits_note
    visits_note: str = ""
    rights_amount: Decimal = Decimal(0)  # opened rights, € per year
    rights_people: int = 0
    people: int = 0
    masked: bool = False
    rights_masked: bool = False


@dataclass
class SocialValue:
    total: ValueRow
    by_partner: list[ValueRow]
    not_computed: dict[str, int] = field(default_factory=dict)  # reason -> requests
    not_computed_partners: dict[str, list[str]] = field(default_factory=dict)  # reason -> partner names
    unit_cost_missing: list[str] = field(default_factory=list)  # partners whose visits avoided are not valued

    @property
    def empty(self) -> bool:
        return not self.total.requests and not self.total.rights_amount

    @property
    def missing(self) -> int:
        return sum(self.not_computed.values())

    @property
    def headline(self) -> str:
        return self.headline_for(masked=False)

    def headline_for(self, *, masked: bool) -> str:
        """« Non calculé pour 37 demandes : commune de résidence inconnue (25), ... »; in a masked report,
        counts under 5 read « < 5 »."""
        if not self.missing:
            return "Calculé pour toutes les demandes de la période."

        def count(n: int) -> str:
            return "< 5" if masked and 0 < n < SMALL else str(n)

        parts = ", ".join(f"{reason} ({count(n)})" for reason, n in self.not_computed.items())
        plural = "" if count(self.missing) == "1" else "s"
        return f"Non calculé pour {count(self.missing)} demande{plural} : {parts}."

    def breakdowns(self) -> list[tuple[str, str, list[ValueRow]]]:
        return [("partner", "Partenaire", self.by_partner)]


def nearest_km(lat: float, lon: float, counters: Sequence[tuple[float, float]]) -> float:
    return min(haversine_km(lat, lon, c_lat, c_lon) for c_lat, c_lon in counters)


def _reason(
    group: Group,
    rates: NetworkRates | None,
    setting: PartnerSetting | None,
    centre: tuple[float, float] | None,
) -> str | None:
    if group.partner_id is None:
        return NO_PARTNER
    if group.network_id is None or rates is None:
        return NO_NETWORK
    if rates.avoided_share is None:
        return NO_SHARE
    if group.residence is None:
        return NO_RESIDENCE
    if setting is None or (not setting.counters and setting.distance_km is None):
        return NO_COUNTER
    if setting.counters and centre is None:
        return NO_CENTRE
    return None


def one_way_km(setting: PartnerSetting, rates: NetworkRates, centre: tuple[float, float] | None) -> float:
    """Straight line to the nearest counter × detour factor; or the network's distance, taken as is."""
    if setting.counters and centre is not None:
        return nearest_km(centre[0], centre[1], setting.counters) * float(rates.detour_factor)
    assert setting.distance_km is not None
    return float(setting.distance_km)


def estimate(
    groups: Sequence[Group],
    *,
    rates: Mapping[int, NetworkRates],
    settings: Mapping[tuple[int, int], PartnerSetting],
    centres: Mapping[str, tuple[float, float] | None],
    partner_names: Mapping[int, str],
    people: Mapping[str, int] | None = None,
    rights: Mapping[str, tuple[Decimal, int]] | None = None,
) -> SocialValue:
    """The social value of `groups` (see the module's docstring). `rights` maps a partner's name to the
    yearly amounts of the rights opened in the period and the number of persons behind them; `people`
    the distinct people behind each partner's requests (for masking)."""
    total = ValueRow(TOTAL)
    rows: dict[str, ValueRow] = {}
    not_computed: dict[str, int] = {}
    named: dict[str, set[str]] = {}
    visits_missing: set[str] = set()
    for group in groups:
        name = partner_names.get(group.partner_id, "") if group.partner_id is not None else "Partenaire non renseigné"
        row = rows.setdefault(name, ValueRow(name))
        targets = (row, total)
        for target in targets:
            target.requests += group.requests
        rates_of = rates.get(group.network_id) if group.network_id is not None else None
        setting = None
        if rates_of is not None and group.network_id is not None and group.partner_id is not None:
            setting = settings.get((group.network_id, group.partner_id))
        centre = centres.get(group.residence) if group.residence else None
        reason = _reason(group, rates_of, setting, centre)
        if reason in (None, NO_RESIDENCE, NO_COUNTER, NO_CENTRE) and rates_of and rates_of.avoided_share is not None:
            cost = setting.unit_cost if setting else None
            if cost is None:
                visits_missing.add(name)
            else:
                visits = Decimal(group.requests) * rates_of.avoided_share * cost
                for target in targets:
                    target.visits_cost = (target.visits_cost or Decimal(0)) + visits
        if reason is not None:
            not_computed[reason] = not_computed.get(reason, 0) + group.requests
            named.setdefault(reason, set()).add(name)
            continue
        assert rates_of is not None
        assert rates_of.avoided_share is not None
        assert setting is not None
        trips = Decimal(group.requests) * rates_of.avoided_share
        km = float(trips) * 2 * one_way_km(setting, rates_of, centre)
        for target in targets:
            target.valued += group.requests
            target.trips += trips
            target.km += km
            target.cost += Decimal(repr(km)) * rates_of.mileage_rate
            target.co2_kg += Decimal(repr(km)) * rates_of.co2_factor
    for label, (amount, persons) in (rights or {}).items():
        row = rows.setdefault(label, ValueRow(label))
        for target in (row, total):
            target.rights_amount += amount
            target.rights_people += persons
    for row in [total, *rows.values()]:
        row.cost = row.cost.quantize(CENT, ROUND_HALF_UP)
        row.co2_kg = row.co2_kg.quantize(Decimal("0.1"), ROUND_HALF_UP)
        if row.visits_cost is not None:
            row.visits_cost = row.visits_cost.quantize(CENT, ROUND_HALF_UP)
        row.people = (people or {}).get(row.label, 0)
    for row in rows.values():
        if row.label in visits_missing:
            row.visits_cost = None
            row.visits_note = f"non calculé : coût unitaire non renseigné pour {row.label}"
        elif row.visits_cost is None and row.requests:
            reasons = [r for r in REASONS if row.label in named.get(r, set())]
            row.visits_note = "non calculé : " + ", ".join(reasons)
    if visits_missing:
        total.visits_note = "partiel : coût unitaire non renseigné pour " + ", ".join(sorted(visits_missing))
    unit_cost_missing = sorted(visits_missing)
    ordered = sorted(rows.values(), key=lambda r: (-r.requests, r.label))
    kept = {reason: not_computed[reason] for reason in REASONS if reason in not_computed}
    partners = {reason: sorted(named[reason]) for reason in kept}
    return SocialValue(
        total=total,
        by_partner=ordered,
        not_computed=kept,
        not_computed_partners=partners,
        unit_cost_missing=unit_cost_missing,
    )
