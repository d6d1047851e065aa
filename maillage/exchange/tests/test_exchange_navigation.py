"""No dead ends: the exchange pages are in the menu of the roles that open them, the open data in every footer."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "mediator_a", "manager_a", "coordinator_a", "partner_viewer", "admin"]
NAV = re.compile(r'<nav class="fr-nav" id="navigation".*?</nav>', re.S)


def _client(cast: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        sign_in(client, getattr(cast, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_the_exchange_entry_is_in_the_menu_exactly_for_those_who_open_it(cast: Any, role: str) -> None:
    client = _client(cast, role)
    nav = NAV.search(client.get(reverse("directory:home")).content.decode())
    assert nav is not None
    export = reverse("exchange:places_export")
    opens = client.get(export).status_code == 200
    assert (f'href="{export}"' in nav.group(0)) is opens
    assert opens is (role in {"manager_a", "coordinator_a", "admin"})


@pytest.mark.parametrize("role", ["manager_a", "coordinator_a", "admin"])
def test_the_exchange_page_links_the_import_for_those_allowed_to_import(cast: Any, role: str) -> None:
    client = _client(cast, role)
    page = client.get(reverse("exchange:places_export")).content.decode()
    import_url = reverse("exchange:place_import")
    opens = client.get(import_url).status_code == 200
    assert (f'href="{import_url}"' in page) is opens
    assert opens is (role != "manager_a")


@pytest.mark.parametrize("role", ["anonymous", "mediator_a"])
def test_every_footer_links_the_open_data_page(cast: Any, role: str) -> None:
    client = _client(cast, role)
    page = client.get(reverse("directory:home")).content.decode()
    footer = page[page.index("<footer") :]
    assert f'href="{reverse("exchange:open_data")}">Données ouvertes</a>' in footer
    assert Client().get(reverse("exchange:open_data")).status_code == 200


def test_the_import_page_links_its_french_help_with_formats_v0_table_limit_and_command(cast: Any) -> None:
    client = _client(cast, "coordinator_a")
    page = client.get(reverse("exchange:place_import")).content.decode()
    help_url = reverse("exchange:place_import_help")
    assert f'href="{help_url}"' in page

    help_page = html.unescape(" ".join(client.get(help_url).content.decode().split()))
    assert "5 Mo au plus" in help_page
    assert "maillage import lieux FICHIER" in help_page
    assert "JSON de l'ancien format v0" in help_page
    # a row of the v0 table, as the importer applies it
    assert "<td>Seniors (+ 65 ans)</td><td>publics_specifiquement_adresses : Seniors</td>" in help_page
    assert _client(cast, "manager_a").get(help_url).status_code == 403
