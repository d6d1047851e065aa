"""Keys 1 to 8 at the counter: pinned and ordered by the mediator; usage only suggests."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.models import Procedure
from maillage.counter.services import shortcuts_for
from maillage.factories import counter_form_data, sign_in


@pytest.fixture
def alice(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.mediator_a)
    return client


def _keys(user: Any) -> list[str]:
    return [s.procedure.code for s in shortcuts_for(user)]


def _change(client: Client, code: str, action: str) -> str:
    procedure = Procedure.objects.get(code=code)
    response = client.post(
        reverse("counter:shortcut_settings"), {"procedure": procedure.pk, "action": action}, follow=True
    )
    return html.unescape(response.content.decode())


def _record(client: Client, cast: Any, code: str) -> None:
    procedure = Procedure.objects.get(code=code)
    data = counter_form_data(cast.place_a, shortcut=f"{procedure.partner_id or ''}:{procedure.pk}")
    assert client.post(reverse("counter:counter"), data).status_code == 302


def test_recording_requests_does_not_renumber_the_pinned_shortcuts(cast: Any, alice: Client) -> None:
    _change(alice, "email_creation", "up")  # the mediator moves one: the keys become theirs
    pinned = _keys(cast.mediator_a)
    for _ in range(4):
        _record(alice, cast, "edf_cheque_energie")
    _record(alice, cast, "understand_letter")
    assert _keys(cast.mediator_a) == pinned
    body = html.unescape(alice.get(reverse("counter:counter")).content.decode())
    suggestions = body[body.index("Suggestions d'après vos demandes récentes") :]
    assert "Chèque énergie" in suggestions[: suggestions.index("</div>")]


def test_usage_suggests_without_changing_the_default_keys(cast: Any, alice: Client) -> None:
    before = _keys(cast.mediator_a)
    for _ in range(3):
        _record(alice, cast, "edf_cheque_energie")
    assert _keys(cast.mediator_a) == before
    body = html.unescape(alice.get(reverse("counter:counter")).content.decode())
    keys = body[body.index("Enregistrer en un clic") :]
    assert keys.index("Carte d'identité") < keys.index("Suggestions d'après vos demandes récentes")
    assert keys.index("Suggestions d'après vos demandes récentes") < keys.index("Chèque énergie")


def test_a_mediator_pins_orders_and_removes_shortcuts(cast: Any, alice: Client) -> None:
    defaults = _keys(cast.mediator_a)
    assert len(defaults) == 8
    page = _change(alice, "understand_letter", "unpin")
    assert "n'est plus épinglée" in page
    page = _change(alice, "edf_cheque_energie", "pin")
    assert "épinglée sur la touche 8" in page
    _change(alice, "edf_cheque_energie", "up")
    expected = [c for c in defaults if c != "understand_letter"]
    expected.insert(6, "edf_cheque_energie")
    assert _keys(cast.mediator_a) == expected
    counter = html.unescape(alice.get(reverse("counter:counter")).content.decode())
    assert 'data-shortcut-key="7"' in counter
    key_seven = counter[counter.index('data-shortcut-key="7"') :]
    assert "Chèque énergie" in key_seven[: key_seven.index("</button>")]


def test_pins_are_per_mediator_and_limited_to_eight(cast: Any, alice: Client) -> None:
    page = _change(alice, "edf_cheque_energie", "pin")
    assert "Huit raccourcis au plus" in page
    _change(alice, "understand_letter", "unpin")
    assert "understand_letter" not in _keys(cast.mediator_a)
    assert "understand_letter" in _keys(cast.mediator_b)


def test_a_bad_choice_is_refused_in_french(cast: Any, alice: Client) -> None:
    response = alice.post(reverse("counter:shortcut_settings"), {"procedure": "x", "action": "pin"}, follow=True)
    assert "Choisissez une démarche du catalogue." in html.unescape(response.content.decode())


def test_only_counter_staff_reach_the_shortcut_settings(cast: Any) -> None:
    viewer = Client()
    sign_in(viewer, cast.partner_viewer)
    assert viewer.get(reverse("counter:shortcut_settings")).status_code == 403
