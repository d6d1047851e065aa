"""Our OpenFisca-France service through our client: published amounts, batches, and the service down.

The amounts below are copied from OpenFisca-France's own test cases (repository
openfisca/openfisca-france, folder tests/formulas/, file and case named beside each), with the
error margin the case itself allows. They run the whole path: `screen()` → HTTP → service →
one OpenFisca simulation → our statuses. The service is started once per test session from
`.venv-openfisca` (`make install` builds it); without it the tests are skipped with the reason,
and under CI=true they fail.
"""

from __future__ import annotations

import re
import socket
from decimal import Decimal

import pytest

from maillage.rights.openfisca import ScreeningUnavailable, screen
from maillage.rights.openfisca_process import REPO_ROOT
from maillage.rights.screening_types import Household, Member


def months(amount: str) -> tuple[Decimal, Decimal, Decimal]:
    return (Decimal(amount),) * 3


def alone(
    age: int,
    *,
    resources: dict[str, tuple[Decimal, Decimal, Decimal]] | None = None,
    disability_rate: Decimal | None = None,
) -> Household:
    """One adult living in their own home; resources {} (none) unless given."""
    member = Member("applicant", age, resources=resources or {}, disability_rate=disability_rate)
    return Household(members=(member,), housing_status="owner")


def test_single_person_without_income_gets_the_published_rsa(service: str) -> None:
    # rsa/rsa_celibataire.yaml, "RSA célibataire, salaire_net = 0", 2014-01: rsa 439.39 (±0.005).
    [result] = screen([alone(29)], period="2014-01")

    rsa = result.rights["rsa"]
    assert rsa.status == "probable"
    assert rsa.amount == Decimal("439.39")
    assert rsa.period == "month"


@pytest.mark.parametrize(
    ("monthly_salary", "published_rsa"),
    [
        # rsa/rsa_celibataire.yaml, "salaire_net = 5000" (a year, 416.67 a month), 2014-01: rsa 281.06.
        ("416.67", Decimal("281.06")),
        # rsa/rsa_celibataire.yaml, "salaire_net = 10000" (833.33 a month), 2014-01: rsa 122.73.
        ("833.33", Decimal("122.73")),
    ],
)
def test_rsa_falls_with_earnings_as_published(service: str, monthly_salary: str, published_rsa: Decimal) -> None:
    [result] = screen([alone(29, resources={"salary": months(monthly_salary)})], period="2014-01")

    assert abs(result.rights["rsa"].amount - published_rsa) <= Decimal("0.01")  # type: ignore[operator]


def test_low_wage_owner_gets_the_published_prime_activite(service: str) -> None:
    # ppa/ppa.yaml, "Prise en compte du forfait logement", 2016-01: ppa 244.21 - 62.90 (relative margin 5 %).
    [result] = screen([alone(40, resources={"salary": months("918")})], period="2016-01")

    ppa = result.rights["prime_activite"]
    assert ppa.status == "probable"
    assert abs(ppa.amount - Decimal("181.31")) <= Decimal("181.31") * Decimal("0.05")  # type: ignore[operator]


def test_jobless_tenant_gets_the_published_housing_benefit(service: str) -> None:
    # aides_logement_reforme_janvier_2021.yaml, "Cas 1 AL Reforme 2019", 2021-01, commune 32107,
    # rent 306: aide_logement 254.27 (relative margin 1 %).
    household = Household(
        members=(Member("applicant", 34, resources={}),),
        housing_status="tenant",
        rent=Decimal("306"),
        commune_code="32107",
    )
    [result] = screen([household], period="2021-01")

    apl = result.rights["apl"]
    assert apl.status == "probable"
    assert abs(apl.amount - Decimal("254.27")) <= Decimal("254.27") * Decimal("0.01")  # type: ignore[operator]


def test_retired_person_with_small_pension_gets_the_published_aspa(service: str) -> None:
    # aspa.yaml, "ASPA - Cas N°1", 2018-04: a 65-year-old with 1173 € over the quarter, a partner
    # under the age: aspa 833.20 (±0.02).
    household = Household(
        members=(Member("applicant", 65, resources={"pension": months("391")}), Member("partner", 48, resources={})),
        housing_status="owner",
    )
    [result] = screen([household], period="2018-04")

    assert result.rights["aspa"].status == "probable"
    assert abs(result.rights["aspa"].amount - Decimal("833.20")) <= Decimal("0.02")  # type: ignore[operator]


def test_disabled_person_without_income_gets_the_published_aah(service: str) -> None:
    # aah/aah.yaml, "AAH Eligibilité personne seule sans revenus", 2015-11, incapacity 90 %:
    # aah_base 807.65 (±1), the whole AAH for a person without resources.
    [result] = screen([alone(33, disability_rate=Decimal("0.9"))], period="2015-11")

    assert result.rights["aah"].status == "probable"
    assert abs(result.rights["aah"].amount - Decimal("807.65")) <= 1  # type: ignore[operator]


def test_couple_without_income_gets_the_published_cheque_energie_for_the_year(service: str) -> None:
    # cheque_energie/montant.yaml, "Test le montant du chèque énergie", 2021: a couple of 38 and 35
    # without income, tenants in Lyon 1er (69381): cheque_energie 240 for the year.
    household = Household(
        members=(Member("applicant", 38, resources={}), Member("partner", 35, resources={})),
        housing_status="tenant",
        rent=Decimal("500"),
        commune_code="69381",
    )
    [result] = screen([household], period="2021-06")

    cheque = result.rights["cheque_energie"]
    assert (cheque.status, cheque.amount, cheque.period) == ("probable", Decimal("240.00"), "year")


def test_several_households_in_one_call_get_the_same_rights_as_one_by_one(service: str) -> None:
    households = [
        alone(29),
        alone(40, resources={"salary": months("918")}),
        alone(33, disability_rate=Decimal("0.9")),
        Household(
            members=(
                Member("applicant", 65, resources={"pension": months("391")}),
                Member("partner", 48, resources={}),
            ),
            housing_status="owner",
        ),
        Household(
            members=(
                Member("applicant", 38, resources={"salary": months("1100")}),
                Member("child", 6),
                Member("child", 2),
            ),
            housing_status="tenant",
            rent=Decimal("620"),
            commune_code="69123",
        ),
    ]

    together = screen(households, period="2024-05")
    one_by_one = [screen([household], period="2024-05")[0] for household in households]

    assert [result.rights for result in together] == [result.rights for result in one_by_one]
    assert any(result.probable() for result in together)


def test_a_household_openfisca_cannot_take_does_not_spoil_the_batch(service: str) -> None:
    without_adult = Household(members=(Member("child", 5, resources={}),), housing_status="owner")
    tenant = Household(
        members=(Member("applicant", 30, resources={}),),
        housing_status="tenant",
        rent=Decimal("450"),
        commune_code="75056",
    )

    broken, computed = screen([without_adult, tenant], period="2024-05")

    assert computed.rights == screen([tenant], period="2024-05")[0].rights
    assert computed.rights["apl"].status == "probable"
    assert {outcome.status for outcome in broken.rights.values()} == {"to_check"}
    assert "demandeur du foyer" in broken.rights["rsa"].missing


def test_a_zone_given_by_the_mediator_wins_over_the_communes(service: str) -> None:
    def tenant(commune: str, zone: int | None) -> Household:
        member = Member("applicant", 34, resources={})
        return Household(
            members=(member,), housing_status="tenant", rent=Decimal("306"), zone=zone, commune_code=commune
        )

    # 32107 is in zone 3, Paris (75056) in zone 1 (OpenFisca-France's own table).
    paris_as_zone_3, zone_3, paris = screen(
        [tenant("75056", 3), tenant("32107", None), tenant("75056", None)], period="2021-01"
    )

    assert paris_as_zone_3.rights["apl"] == zone_3.rights["apl"]
    assert paris.rights["apl"].amount > zone_3.rights["apl"].amount  # type: ignore[operator]


def test_every_result_records_the_pinned_openfisca_france_version(service: str) -> None:
    pinned = re.search(r"^openfisca-france==(\S+)$", (REPO_ROOT / "requirements-openfisca.txt").read_text(), re.M)

    results = screen([alone(29), alone(70)], period="2024-05")

    assert pinned is not None
    assert {result.openfisca_version for result in results} == {pinned.group(1)}


def test_missing_rent_leaves_housing_benefit_to_check_with_what_is_missing(service: str) -> None:
    household = Household(
        members=(Member("applicant", 30, resources={}),), housing_status="tenant", commune_code="75056"
    )

    [result] = screen([household], period="2024-05")

    apl = result.rights["apl"]
    assert apl.status == "to_check"
    assert apl.amount is None
    assert "montant du loyer" in apl.missing


def test_service_down_gives_a_french_message(settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.OPENFISCA_URL = f"http://127.0.0.1:{probe.getsockname()[1]}"  # bound, never listening

        with pytest.raises(ScreeningUnavailable, match="indisponible pour le moment : le service ne répond pas"):
            screen([alone(29)], period="2024-05")


def test_service_too_slow_gives_a_french_message(settings) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts connections, never answers
        settings.OPENFISCA_URL = f"http://127.0.0.1:{silent.getsockname()[1]}"

        with pytest.raises(ScreeningUnavailable, match=r"n'a pas répondu en 0\.5 secondes"):
            screen([alone(29)], period="2024-05", timeout=0.5)
