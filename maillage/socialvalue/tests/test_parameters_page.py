"""The network's social-value parameters page: who reaches it, French errors, provenance, history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.socialvalue.models import PartnerParameters, SocialValueParameters

pytestmark = pytest.mark.django_db


def _url(cast: Any, name: str = "parameters") -> str:
    return reverse(f"socialvalue:{name}", args=[cast.network_a.uuid])


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


NETWORK_FORM = {
    "mileage_rate": "0,606",
    "mileage_source": "Barème fiscal 2024, 4 CV, jusqu'à 5 000 km",
    "co2_factor": "0,218",
    "co2_source": "ADEME",
    "detour_factor": "1,3",
    "detour_source": "Convention",
    "avoided_share": "40",
    "avoided_share_source": "Enquête du réseau 2025",
}


def test_the_page_shows_sourced_defaults_and_the_missing_share(cast: Any) -> None:
    response = _client(cast.coordinator_a).get(_url(cast))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Barème fiscal 2024, 4 CV, jusqu&#x27;à 5 000 km" in page
    assert "0,606" in page
    assert "Base Empreinte" in page
    assert "Aucune valeur par défaut" in page  # the share of requests
    assert "Valeur par défaut" in page


def test_a_coordinator_sets_the_share_and_the_page_says_who_set_it(cast: Any) -> None:
    client = _client(cast.coordinator_a)
    response = client.post(_url(cast), NETWORK_FORM)
    assert response.status_code == 302
    parameters = SocialValueParameters.objects.get(network=cast.network_a)
    assert parameters.avoided_share == Decimal("40")
    assert "avoided_share" in parameters.provenance
    assert "mileage_rate" not in parameters.provenance  # unchanged: still the default
    page = client.get(_url(cast)).content.decode()
    assert cast.coordinator_a.get_full_name() in page
    assert LogEntry.objects.get_for_object(parameters).exists()


def test_bad_numbers_are_refused_in_french(cast: Any) -> None:
    data = NETWORK_FORM | {"mileage_rate": "beaucoup", "detour_factor": "0,5", "avoided_share": "120"}
    response = _client(cast.coordinator_a).post(_url(cast), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Saisissez un nombre, avec une virgule pour les décimales" in page
    assert "La valeur doit être au moins 1." in page
    assert "La valeur doit être au plus 100." in page
    assert not SocialValueParameters.objects.exists()


def test_a_share_without_its_source_is_refused(cast: Any) -> None:
    response = _client(cast.coordinator_a).post(_url(cast), NETWORK_FORM | {"avoided_share_source": " "})
    assert response.status_code == 400
    assert "Indiquez d&#x27;où vient cette part" in response.content.decode()


def test_a_partner_gets_a_distance_and_a_unit_cost_with_its_source(cast: Any) -> None:
    client = _client(cast.coordinator_a)
    data = {"partner": cast.partner.pk, "distance_km": "12,5", "unit_cost": "8", "unit_cost_source": "Convention CAF"}
    response = client.post(_url(cast, "partner"), data)
    assert response.status_code == 302
    saved = PartnerParameters.objects.get(network=cast.network_a, partner=cast.partner)
    assert (saved.distance_km, saved.unit_cost) == (Decimal("12.5"), Decimal("8"))
    refused = client.post(_url(cast, "partner"), data | {"unit_cost": "-3", "unit_cost_source": ""})
    assert refused.status_code == 400
    assert "La valeur doit être au moins 0." in refused.content.decode()


@pytest.mark.parametrize("who", ["coordinator_b", "manager_a", "mediator_a", "partner_viewer"])
def test_only_the_network_coordinators_and_administrators_reach_the_parameters(cast: Any, who: Any) -> None:
    from maillage.accounts.enums import Role
    from maillage.factories import member

    cast.coordinator_b = member(Role.NETWORK_COORDINATOR, network=cast.network_b)
    client = _client(getattr(cast, who))
    assert client.get(_url(cast)).status_code in (403, 404)
    assert client.post(_url(cast), NETWORK_FORM).status_code in (403, 404)
    assert client.post(_url(cast, "partner"), {"partner": cast.partner.pk, "distance_km": "3"}).status_code in (
        403,
        404,
    )
    assert not SocialValueParameters.objects.exists()
    assert not PartnerParameters.objects.exists()


def test_an_administrator_reaches_every_network(cast: Any) -> None:
    assert _client(cast.admin).get(_url(cast)).status_code == 200
    listed = _client(cast.coordinator_a).get(reverse("socialvalue:list")).content.decode()
    assert _url(cast) in listed
    assert reverse("socialvalue:parameters", args=[cast.network_b.uuid]) not in listed


def test_the_page_reads_as_many_queries_for_three_partners_as_for_one(cast: Any) -> None:
    from maillage.factories import PartnerFactory
    from maillage.socialvalue.models import PartnerCounter

    client = _client(cast.coordinator_a)

    def add_partner(code: str) -> None:
        partner = PartnerFactory(code=code)
        PartnerParameters(network=cast.network_a, partner=partner).apply(cast.coordinator_a, {"unit_cost": Decimal(5)})
        PartnerCounter.objects.create(network=cast.network_a, partner=partner, name=code, lat=45.7, lon=4.8)

    add_partner("un")
    client.get(_url(cast))  # session and caches warm
    one = _count(client, cast)
    add_partner("deux")
    add_partner("trois")
    assert _count(client, cast) == one


def _count(client: Client, cast: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(_url(cast))
    return len(queries)


def test_the_database_refuses_a_share_over_100_percent(cast: Any) -> None:
    from django.core.exceptions import ValidationError

    parameters = SocialValueParameters(network=cast.network_a, avoided_share=Decimal(120))
    with pytest.raises(ValidationError, match="La part des demandes est un pourcentage entre 0 et 100"):
        parameters.full_clean()
