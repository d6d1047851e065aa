"""The indicators page and its CSV on the hand-built network of `test_indicators`."""

from __future__ import annotations

import csv
import html
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.factories import NetworkFactory, StructureFactory, member, sign_in
from maillage.network.models import Network, Structure
from maillage.reports.tests.test_indicators import build_network


@pytest.fixture
def network(cast: Any) -> SimpleNamespace:
    return build_network(cast)


@pytest.fixture
def coordinator(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.coordinator_a)
    return client


def _get(client: Client, **params: str) -> Any:
    return client.get(reverse("reports:indicators"), params)


def _text(response: Any) -> str:
    """The page's main content, unescaped, with French thousands separators as plain spaces."""
    body = html.unescape(response.content.decode()).replace("\u202f", " ").replace("\xa0", " ")
    return body[body.index("<main") : body.index("</main>")]


def test_first_visit_shows_the_current_year_at_ten_km_for_the_first_scope(cast: Any, coordinator: Client) -> None:
    response = _get(coordinator)
    result = response.context["result"]
    assert result.scope.label == "Réseau A"
    assert result.period.code == str(timezone.localdate().year)
    assert result.distance_km == 10


def test_page_shows_values_calculations_definitions_and_changes(
    cast: Any, network: SimpleNamespace, coordinator: Client
) -> None:
    body = _text(_get(coordinator, scope=f"network:{cast.network_a.uuid}", period="2025", distance="10"))
    assert "Réseau A — année 2025" in body
    assert "Comparaison avec la période précédente : année 2024." in body
    for code, family in [("mesh", "Le maillage"), ("contact", "Le contact"), ("rights", "L'accès aux droits")]:
        assert f'<h2 id="famille-{code}">{family}</h2>' in body
    assert "85,0 %" in body
    assert "1 700 habitants sur 2 000" in body
    assert "Dossiers personnes venus lors d'au moins deux passages distincts" in body
    assert "2 personnes sur 3 personnes suivies" in body
    assert "+66,7 pt" in body  # persons seen twice: 0 % in 2024, 66.7 % in 2025
    assert "-50,0 pt" in body  # resolved on the spot: 100 % in 2024, 50 % in 2025
    assert "3 lieux pour 2 000 habitants" in body
    assert "non comparé : état actuel des lieux" in body
    assert "Le réseau : valeur, calcul et évolution de chaque indicateur</caption>" in body
    assert "style=" not in body
    assert "<script" not in body


def test_csv_lists_every_indicator_with_decimal_commas(
    cast: Any, network: SimpleNamespace, coordinator: Client
) -> None:
    response = _get(coordinator, scope=f"network:{cast.network_a.uuid}", period="2025", distance="10", format="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="indicateurs-network-{cast.network_a.uuid}-2025.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffperimetre;periode;famille;code;")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")}
    assert len(rows) == 20  # with the two followed-rights indicators, the four of the waiting family, two of people
    assert rows["mesh_population"]["valeur"] == "85,00"
    assert rows["mesh_population"]["periode_precedente"] == ""
    assert (rows["persons_returning"]["numerateur"], rows["persons_returning"]["denominateur"]) == ("2", "3")
    assert rows["persons_returning"]["valeur_precedente"] == "0,00"
    assert rows["referrals_internal"]["valeur"] == "3"
    assert rows["places_density"]["unite"] == "pour 10 000 habitants"


def test_csv_link_keeps_the_chosen_scope_and_period(cast: Any, network: SimpleNamespace, coordinator: Client) -> None:
    body = _text(_get(coordinator, scope=f"structure:{cast.structure_a.uuid}", period="2025-Q3", distance="20"))
    assert f"?scope=structure%3A{cast.structure_a.uuid}&period=2025-Q3&distance=20&format=csv" in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "2025-13"}, "le mois doit être compris entre 01 et 12"),
        ({"period": ""}, "Indiquez une période."),
        ({"period": "l'an dernier"}, "n'est pas une période reconnue"),
        ({"distance": "7"}, "Choisissez une distance de 5, 10, 20 ou 30 km."),
        ({"distance": "dix"}, "Choisissez une distance de 5, 10, 20 ou 30 km."),
        ({"scope": "network:pas-un-uuid"}, "Ce périmètre n'existe pas"),
        ({"scope": "structure:00000000-0000-0000-0000-000000000000"}, "Ce périmètre n'existe pas"),
    ],
)
def test_bad_input_is_explained_in_french(coordinator: Client, params: dict[str, str], message: str) -> None:
    response = _get(coordinator, **params)
    assert response.status_code == 200
    assert response.context["result"] is None
    body = _text(response)
    assert message in body
    assert "Les indicateurs n'ont pas été calculés" in body


def test_scope_without_any_data_explains_what_will_appear(cast: Any) -> None:
    empty = StructureFactory(name="Structure sans lieu")
    client = Client()
    sign_in(client, cast.admin)
    body = _text(_get(client, scope=f"structure:{empty.uuid}", period="2025"))
    assert "Pas encore de données pour ce périmètre et cette période" in body
    assert "des demandes enregistrées à l'accueil du public" in body
    assert "Télécharger" not in body


def test_activity_without_requests_shows_dashes_not_zeros(cast: Any, coordinator: Client) -> None:
    body = _text(_get(coordinator, scope=f"structure:{cast.structure_a.uuid}", period="2020"))
    assert "Pas encore de données" not in body  # the place is there: the mesh is known
    assert "<td data-value>—</td>" in body


def test_coordinator_of_a_network_without_structures_gets_the_empty_state(cast: Any) -> None:
    lonely = member(Role.NETWORK_COORDINATOR, network=NetworkFactory(name="Réseau vide"))
    client = Client()
    sign_in(client, lonely)
    body = _text(_get(client))
    assert "Réseau vide — année" in body
    assert "Pas encore de données" in body


def test_administrator_of_an_empty_platform_is_told_there_is_nothing_to_follow(cast: Any) -> None:
    Structure.objects.all().delete()
    Network.objects.all().delete()
    client = Client()
    sign_in(client, cast.admin)
    response = _get(client)
    assert response.context["result"] is None
    assert "Aucun périmètre à suivre" in _text(response)


def test_page_query_count(
    cast: Any, network: SimpleNamespace, coordinator: Client, django_assert_num_queries: Any
) -> None:
    # 4 for the session, user, roles and second factor, 1 for the menu, 4 for the scope choices, 14 for the
    # indicators (2 of them tell whether the previous period is complete, 2 count followed rights, 2 tickets).
    with django_assert_num_queries(30):  # 7 of them for the people figures (people/reading.py)
        response = _get(coordinator, scope=f"network:{cast.network_a.uuid}", period="2025", distance="10")
    assert response.status_code == 200
