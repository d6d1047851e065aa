"""Reads the aggregates the social value needs (a handful of grouped queries, never request by request)
and hands them to the pure `compute.estimate`; `parameter_lines` lists the parameters used, with
their unit, source and who set them, for the report's section.

The report passes the people it has already counted (from its roll-up and footprint, or its own
count on the requests) as `PartnerPeople`, so the requests of the period are read here only once,
grouped by network, partner and residence (an index-only scan of `request_value_idx`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from maillage.counter.models import Request
from maillage.network.models import Network, Partner
from maillage.reports.rollup import local_range
from maillage.rights.enums import PAYERS, AmountPeriod, Stage
from maillage.rights.models import FollowedRight
from maillage.socialvalue.compute import TOTAL, NetworkRates, PartnerSetting, SocialValue, ValueRow, estimate
from maillage.socialvalue.groups import read_groups
from maillage.socialvalue.models import PartnerCounter, PartnerParameters, SocialValueParameters
from maillage.territory.models import Commune


@dataclass
class ParameterLine:
    label: str
    value: str
    unit: str
    source: str
    set_by: str


@dataclass
class SocialValueFigures:
    value: SocialValue
    parameters: list[ParameterLine]

    @property
    def empty(self) -> bool:
        return self.value.empty

    def breakdowns(self) -> list[tuple[str, str, list[ValueRow]]]:
        return self.value.breakdowns()

    @property
    def total(self) -> ValueRow:
        return self.value.total


NO_PARTNER = "Partenaire non renseigné"


@dataclass
class PartnerPeople:
    """Distinct people (person files + anonymous visits) behind the requests, per partner id (None:
    no partner) and in all, as the report counted them."""

    by_partner: Mapping[int | None, int]
    total: int

    def by_name(self, names: Mapping[int, str]) -> dict[str, int]:
        result = {NO_PARTNER if pk is None else names.get(pk, ""): n for pk, n in self.by_partner.items()}
        result[TOTAL] = self.total
        return result


def _people(requests: QuerySet[Request]) -> dict[str, int]:
    """Distinct people behind the requests: persons with a file, plus anonymous visits; per partner name."""
    persons = Count("person_id", distinct=True)
    anonymous = Count("visit_id", distinct=True, filter=Q(person__isnull=True))
    result: dict[str, int] = {}
    rows = requests.order_by().values("partner__name").annotate(persons=persons, anonymous=anonymous)
    for name, n_persons, n_anonymous in rows.values_list("partner__name", "persons", "anonymous"):
        result[name or NO_PARTNER] = n_persons + n_anonymous
    total = requests.aggregate(persons=persons, anonymous=anonymous)
    result[TOTAL] = total["persons"] + total["anonymous"]
    return result


def _rights(
    structure_ids: Collection[int],
    start: dt.date,
    end: dt.date,
    place_ids: Collection[int] | None,
    partner_id: int | None,
) -> dict[str, tuple[Decimal, int]]:
    """Yearly amounts of the rights opened in the period (monthly × 12), by paying partner."""
    rights = FollowedRight.objects.filter(
        structure_id__in=list(structure_ids), stage=Stage.OPENED, decided_on__gte=start, decided_on__lte=end
    )
    if place_ids is not None:
        rights = rights.filter(place_id__in=list(place_ids))
    if partner_id is not None:
        rights = rights.filter(partner_id=partner_id)
    result: dict[str, tuple[Decimal, int]] = {}
    rows = rights.order_by().values("partner__name", "right", "amount_period")
    for row in rows.annotate(amount=Sum("opened_amount"), persons=Count("person_id", distinct=True)):
        label = row["partner__name"] or PAYERS[row["right"]].label
        amount = (row["amount"] or Decimal(0)) * (12 if row["amount_period"] == AmountPeriod.MONTHLY else 1)
        before = result.get(label, (Decimal(0), 0))
        result[label] = (before[0] + amount, before[1] + row["persons"])
    return result


def social_value_figures(
    *,
    structure_ids: Collection[int],
    start: dt.date,
    end: dt.date,
    place_ids: Collection[int] | None = None,
    partner_id: int | None = None,
    people: PartnerPeople | None = None,
) -> SocialValueFigures:
    """`people`: the distinct people the report already counted over the same requests; counted
    here on the requests when not given."""
    requests = Request.objects.filter(structure_id__in=list(structure_ids)).filter(
        local_range(start, end + dt.timedelta(days=1))
    )
    if place_ids is not None:
        requests = requests.filter(place_id__in=list(place_ids))
    if partner_id is not None:
        requests = requests.filter(partner_id=partner_id)
    networks = {n.pk: n for n in Network.objects.filter(structures__pk__in=list(structure_ids)).distinct()}
    candidates = set(networks)
    saved = {p.network_id: p for p in SocialValueParameters.objects.filter(network_id__in=candidates)}
    parameters = {pk: saved.get(pk) or SocialValueParameters(network=net) for pk, net in networks.items()}
    for pk, p in parameters.items():
        p.network = networks[pk]  # already read: no query per network
    rates = {
        pk: NetworkRates(
            p.mileage_rate,
            p.co2_factor,
            p.detour_factor,
            None if p.avoided_share is None else p.avoided_share / 100,
        )
        for pk, p in parameters.items()
    }
    partner_rows = PartnerParameters.objects.filter(network_id__in=candidates)
    counter_rows = PartnerCounter.objects.filter(network_id__in=candidates)
    if partner_id is not None:
        partner_rows, counter_rows = (
            partner_rows.filter(partner_id=partner_id),
            counter_rows.filter(partner_id=partner_id),
        )
    partner_params = {(p.network_id, p.partner_id): p for p in partner_rows}
    counters: dict[tuple[int, int], list[tuple[float, float]]] = {}
    imports: dict[tuple[int, int], str] = {}
    fields = ("network_id", "partner_id", "lat", "lon", "imported_at", "imported_by__email")
    for network_id, pid, lat, lon, at, email in counter_rows.values_list(*fields):
        counters.setdefault((network_id, pid), []).append((lat, lon))
        imports[(network_id, pid)] = f"{email or 'Commande en ligne'}, le {timezone.localtime(at):%d/%m/%Y}"
    settings = {
        key: PartnerSetting(p.distance_km if p else None, p.unit_cost if p else None, tuple(counters.get(key, ())))
        for key in set(partner_params) | set(counters)
        for p in [partner_params.get(key)]
    }
    valued = {
        key
        for key, setting in settings.items()
        if rates[key[0]].avoided_share is not None and (setting.counters or setting.distance_km is not None)
    }
    groups = read_groups(
        requests, structure_ids, start, end, rolled=place_ids is None, partner_id=partner_id, valued=valued
    )
    # Only the networks and partners that have requests in the period, as before the groups were read.
    network_ids = {g.network_id for g in groups if g.network_id is not None}
    partner_ids = {g.partner_id for g in groups if g.partner_id is not None}
    networks = {pk: n for pk, n in networks.items() if pk in network_ids}
    parameters = {pk: p for pk, p in parameters.items() if pk in network_ids}
    rates = {pk: r for pk, r in rates.items() if pk in network_ids}

    def kept(key: tuple[int, int]) -> bool:
        return key[0] in network_ids and key[1] in partner_ids

    partner_params = {k: v for k, v in partner_params.items() if kept(k)}
    counters = {k: v for k, v in counters.items() if kept(k)}
    imports = {k: v for k, v in imports.items() if kept(k)}
    settings = {k: v for k, v in settings.items() if kept(k)}
    codes = {g.residence for g in groups if g.residence}
    centres = {
        code: (lat, lon) if lat is not None and lon is not None else None
        for code, lat, lon in Commune.objects.filter(code__in=codes).values_list("code", "lat", "lon")
    }
    names = dict(Partner.objects.filter(pk__in=partner_ids).values_list("pk", "name"))
    value = estimate(
        groups,
        rates=rates,
        settings=settings,
        centres=centres,
        partner_names=names,
        people=_people(requests) if people is None else people.by_name(names),
        rights=_rights(structure_ids, start, end, place_ids, partner_id),
    )
    lines = parameter_lines(parameters, partner_params, counters, imports, names, several=len(networks) > 1)
    return SocialValueFigures(value, lines)


def _number(value: Decimal | None) -> str:
    if value is None:
        return "Non renseigné"
    return f"{value.normalize():f}".replace(".", ",")


def parameter_lines(
    parameters: dict[int, SocialValueParameters],
    partner_params: dict[tuple[int, int], PartnerParameters],
    counters: dict[tuple[int, int], list[tuple[float, float]]],
    imports: dict[tuple[int, int], str],
    names: dict[int, str],
    *,
    several: bool,
) -> list[ParameterLine]:
    lines: list[ParameterLine] = []
    for network_id, p in sorted(parameters.items(), key=lambda item: item[1].network.name):
        prefix = f"{p.network.name} — " if several else ""
        share = p.avoided_share
        lines += [
            ParameterLine(
                f"{prefix}Barème kilométrique",
                _number(p.mileage_rate),
                "€/km",
                p.mileage_source,
                p.set_by("mileage_rate"),
            ),
            ParameterLine(
                f"{prefix}Facteur d'émission", _number(p.co2_factor), "kg CO2e/km", p.co2_source, p.set_by("co2_factor")
            ),
            ParameterLine(
                f"{prefix}Coefficient de détour",
                _number(p.detour_factor),
                "route / ligne droite",
                p.detour_source,
                p.set_by("detour_factor"),
            ),
            ParameterLine(
                f"{prefix}Part des demandes ayant évité un recours au guichet",
                _number(share),
                "%",
                p.avoided_share_source or ("Aucune valeur par défaut" if share is None else "Non précisée"),
                p.set_by("avoided_share"),
            ),
        ]
        for partner_id, name in sorted(names.items(), key=lambda item: item[1]):
            pp = partner_params.get((network_id, partner_id))
            found = counters.get((network_id, partner_id), [])
            if found:
                lines.append(
                    ParameterLine(
                        f"{prefix}{name} : guichets",
                        str(len(found)),
                        "guichets (le plus proche de la commune de résidence est retenu)",
                        "Fichier des guichets importé par le réseau",
                        imports[(network_id, partner_id)],
                    )
                )
            distance = pp.distance_km if pp else None
            shown = _number(distance)
            if found:
                shown = (
                    "Non utilisée : guichets importés"
                    if distance is None
                    else f"{shown} (non utilisée : guichets importés)"
                )
            lines.append(
                ParameterLine(
                    f"{prefix}{name} : distance au guichet",
                    shown,
                    "km, aller simple",
                    (pp.distance_source if pp else "") or ("—" if distance is None else "Non précisée"),
                    pp.set_by("distance_km") if pp else "Non renseigné",
                )
            )
            cost = pp.unit_cost if pp else None
            lines.append(
                ParameterLine(
                    f"{prefix}{name} : coût d'une visite ou d'un appel évité",
                    _number(cost),
                    "€",
                    (pp.unit_cost_source if pp else "")
                    or ("Aucune valeur par défaut" if cost is None else "Non précisée"),
                    pp.set_by("unit_cost") if pp else "Non renseigné",
                )
            )
    return lines
