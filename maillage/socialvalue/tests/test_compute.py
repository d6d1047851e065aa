"""The social value of a known set of requests, checked against a computation by hand."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from maillage.socialvalue.figures import social_value_figures
from maillage.socialvalue.models import PartnerParameters
from maillage.socialvalue.tests.helpers import hand_km, known_set

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")


def _figures(cast: Any) -> Any:
    import datetime as dt

    return social_value_figures(
        structure_ids={cast.structure_a.pk}, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    ).value


def _close(value: Decimal, expected: float, step: str = "0.01") -> bool:
    return abs(value - Decimal(repr(expected))) <= Decimal(step)


def test_trips_costs_and_co2_avoided_match_a_hand_computation(cast: Any) -> None:
    known_set(cast)
    value = _figures(cast)
    km = hand_km()
    rows = {r.label: r for r in value.by_partner}
    assert rows["CAF"].trips == Decimal(3)  # (4 + 2) valued requests × 50 %
    assert rows["CPAM"].trips == Decimal("1.5")
    assert rows["CAF"].km == pytest.approx(km["CAF"])
    assert rows["CPAM"].km == pytest.approx(36.0)
    assert value.total.km == pytest.approx(km["total"])
    assert _close(value.total.cost, km["total"] * 0.606)
    assert _close(value.total.co2_kg, km["total"] * 0.218, "0.1")
    assert value.total.requests == 13
    assert value.total.valued == 9


def test_visits_avoided_need_the_partner_unit_cost(cast: Any) -> None:
    known_set(cast)
    rows = {r.label: r for r in _figures(cast).by_partner}
    assert rows["CAF"].visits_cost == Decimal("35.00")  # 7 CAF requests × 50 % × 10 €
    assert rows["CPAM"].visits_cost is None
    assert rows["CPAM"].visits_note == "non calculé : coût unitaire non renseigné pour CPAM"


def test_rights_opened_count_their_yearly_amount(cast: Any) -> None:
    known_set(cast)
    rows = {r.label: r for r in _figures(cast).by_partner}
    assert rows["CAF"].rights_amount == Decimal("6000")  # 500 € a month × 12


def test_requests_not_valued_are_counted_with_their_reason(cast: Any) -> None:
    known_set(cast)
    value = _figures(cast)
    assert value.not_computed == {
        "demande sans partenaire": 1,
        "commune de résidence inconnue": 1,
        "partenaire sans guichet renseigné": 2,
    }
    assert value.not_computed_partners["partenaire sans guichet renseigné"] == ["France Travail"]
    assert value.headline == (
        "Non calculé pour 4 demandes : demande sans partenaire (1), commune de résidence inconnue (1), "
        "partenaire sans guichet renseigné (2)."
    )


def test_without_the_share_nothing_is_valued_and_the_reason_says_so(cast: Any) -> None:
    known_set(cast, share=None)
    value = _figures(cast)
    assert value.total.km == 0
    assert value.total.visits_cost is None
    assert (
        value.not_computed["part des demandes ayant évité un recours au guichet non renseignée"] == 12
    )  # every request with a partner


def test_a_commune_without_centre_is_not_valued_against_counters(cast: Any) -> None:
    sets = known_set(cast)
    from maillage.territory.models import Commune

    Commune.objects.filter(code="42218").update(lat=None, lon=None)
    value = _figures(cast)
    assert value.not_computed["centre de la commune de résidence inconnu"] == 2
    PartnerParameters.objects.filter(partner=sets["cpam"]).delete()
    assert _figures(cast).not_computed["partenaire sans guichet renseigné"] == 5  # France Travail 2 + CPAM 3


def test_a_structure_outside_any_network_is_not_valued(cast: Any) -> None:
    known_set(cast)
    cast.structure_a.network = None
    cast.structure_a.save(update_fields=["network"])
    value = _figures(cast)
    assert value.not_computed == {"demande sans partenaire": 1, "structure rattachée à aucun réseau": 12}
    assert value.total.cost == 0
