""" "Annuler" after recording a request: its author, within a few minutes, with an audit line."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.counter.models import Procedure, Request
from maillage.factories import counter_form_data, member, sign_in


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _record(client: Client, cast: Any) -> Request:
    procedure = Procedure.objects.get(code="caf_prime_activite")
    data = counter_form_data(cast.place_a, shortcut=f"{procedure.partner_id}:{procedure.pk}")
    assert client.post(reverse("counter:counter"), data).status_code == 302
    return Request.objects.latest("created_at")


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def alice(cast: Any) -> Client:
    return _client(cast.mediator_a)


def test_the_screen_after_recording_offers_annuler(cast: Any, alice: Client) -> None:
    saved = _record(alice, cast)
    body = _text(alice.get(reverse("counter:counter")))
    assert "Demande enregistrée : Prime d'activité" in body or "Demande enregistrée" in body
    assert reverse("counter:request_undo", args=[saved.uuid]) in body
    assert ">Annuler</button>" in body
    until = timezone.localtime(saved.created_at + dt.timedelta(minutes=5))
    assert f"jusqu'à {until.hour} h {until:%M}" in body


def test_undo_within_the_window_deletes_and_is_audited(cast: Any, alice: Client) -> None:
    saved = _record(alice, cast)
    response = alice.post(reverse("counter:request_undo", args=[saved.uuid]), follow=True)
    assert not Request.objects.filter(pk=saved.pk).exists()
    assert "La demande a été annulée" in _text(response)
    deletion = LogEntry.objects.filter(object_pk=str(saved.pk), action=LogEntry.Action.DELETE).get()
    assert deletion.actor == cast.mediator_a
    assert reverse("counter:request_undo", args=[saved.uuid]) not in _text(response)


def test_after_the_window_the_button_is_gone_and_undo_is_refused(cast: Any, alice: Client) -> None:
    saved = _record(alice, cast)
    Request.objects.filter(pk=saved.pk).update(created_at=timezone.now() - dt.timedelta(minutes=6))
    body = _text(alice.get(reverse("counter:counter")))
    assert reverse("counter:request_undo", args=[saved.uuid]) not in body
    response = alice.post(reverse("counter:request_undo", args=[saved.uuid]), follow=True)
    assert Request.objects.filter(pk=saved.pk).exists()
    assert "Le délai d'annulation (5 minutes) est passé" in _text(response)


def test_another_mediator_cannot_undo(cast: Any, alice: Client) -> None:
    saved = _record(alice, cast)
    colleague = member(Role.MEDIATOR, structure=cast.structure_a, totp=False)
    assert _client(colleague).post(reverse("counter:request_undo", args=[saved.uuid])).status_code == 403
    assert _client(cast.mediator_b).post(reverse("counter:request_undo", args=[saved.uuid])).status_code == 404
    assert Request.objects.filter(pk=saved.pk).exists()
    assert reverse("counter:request_undo", args=[saved.uuid]) not in _text(_client(colleague).get("/accueil/"))


def test_undo_is_a_post_only(cast: Any, alice: Client) -> None:
    saved = _record(alice, cast)
    assert alice.get(reverse("counter:request_undo", args=[saved.uuid])).status_code == 405
    assert Request.objects.filter(pk=saved.pk).exists()


def test_commune_suggestions_are_for_counter_staff_only(cast: Any) -> None:
    url = reverse("counter:commune_suggestions")
    assert _client(cast.partner_viewer).get(url, {"q": "Lyon"}).status_code == 403
    assert Client().get(url, {"q": "Lyon"}).status_code == 302
    assert _client(cast.mediator_a).get(url, {"q": "Lyon"}).json()["results"][0]["value"] == "Lyon (Rhône, 69001)"
