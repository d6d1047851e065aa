"""The chain view and the person-file access log are linked from the pages their readers use."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in


def _get(user: Any, url: str) -> tuple[Client, str]:
    client = Client()
    sign_in(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return client, response.content.decode()


@pytest.mark.parametrize("role", ["mediator_a", "manager_a", "admin"])
def test_referral_list_links_to_the_chain_that_opens(cast: Any, role: str) -> None:
    client, page = _get(getattr(cast, role), reverse("referrals:list"))
    assert f'href="{reverse("referrals:chain")}"' in page
    assert client.get(reverse("referrals:chain")).status_code == 200


def test_coordinator_reaches_the_chain_from_the_menu(cast: Any) -> None:
    client, page = _get(cast.coordinator_a, reverse("reports:report"))
    assert f'href="{reverse("referrals:chain")}"' in page
    assert client.get(reverse("referrals:chain")).status_code == 200


def test_structure_page_links_the_access_log_for_its_manager_only(cast: Any) -> None:
    url = reverse("network:structure", args=[cast.structure_a.uuid])
    log = reverse("counter:person_access_log", args=[cast.structure_a.uuid])
    client, page = _get(cast.manager_a, url)
    assert f'href="{log}"' in page
    assert client.get(log).status_code == 200
    _, page = _get(cast.mediator_a, url)
    assert f'href="{log}"' not in page
    _, page = _get(cast.coordinator_a, url)
    assert f'href="{log}"' not in page


def test_person_file_links_the_access_log_for_the_manager_only(cast: Any) -> None:
    person = make_person(cast.structure_a)
    url = reverse("counter:person_detail", args=[person.uuid])
    log = reverse("counter:person_access_log", args=[cast.structure_a.uuid])
    client, page = _get(cast.manager_a, url)
    assert f'href="{log}"' in page
    assert client.get(log).status_code == 200
    client, page = _get(cast.mediator_a, url)
    assert f'href="{log}"' not in page
    assert client.get(log).status_code == 403
