"""Audit trail: who changed a person file, never what the identity is."""

from __future__ import annotations

import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import Person
from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in

pytestmark = pytest.mark.django_db
IDENTITY = {
    "first_name": "Jean-Pierre",
    "last_name": "Lefèvre",
    "birth_date": "1958-11-02",
    "phone": "0612345678",
    "email": "jp.lefevre@exemple.fr",
    "address": "12 rue des Acacias",
    "partner_numbers": "CAF 7654321",
}


def _all_logged_text(person: Person) -> str:
    entries = LogEntry.objects.get_for_object(person)
    return " ".join(json.dumps(e.changes, ensure_ascii=False) + (e.changes_text or "") + e.object_repr for e in entries)


def test_creating_and_editing_a_file_logs_the_actor_and_masks_identity(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_a)
    consent = {"consent_given_on": timezone.localdate().isoformat(), "consent_purpose": "Retraite"}
    client.post(
        reverse("counter:person_create", args=[cast.structure_a.uuid]),
        {**IDENTITY, **consent, "consent_method": "oral"},
    )
    person = Person.objects.get()
    sign_in(client, cast.manager_a)
    edited = {**IDENTITY, "last_name": "Lefèvre-Martin", "phone": "0798765432"}
    assert client.post(reverse("counter:person_edit", args=[person.uuid]), edited).status_code == 302

    created, updated = LogEntry.objects.get_for_object(person).order_by("timestamp", "pk")
    assert (created.action, created.actor) == (LogEntry.Action.CREATE, cast.mediator_a)
    assert (updated.action, updated.actor) == (LogEntry.Action.UPDATE, cast.manager_a)
    assert set(updated.changes) == {"last_name", "phone"}
    assert updated.changes["phone"] == ["••••••", "••••••"]
    logged = _all_logged_text(person)
    for value in [*IDENTITY.values(), "Lefèvre-Martin", "0798765432", "1958", "Lef", "7654321", "Acacias"]:
        assert value not in logged, value
    assert person.lookup_key not in logged


def test_follow_up_note_is_masked_in_the_audit_trail(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_a)
    person = make_person(cast.structure_a)
    due = timezone.localdate().isoformat()
    client.post(reverse("counter:follow_up_create", args=[person.uuid]), {"due_on": due, "note": "Dette de loyer"})
    entry = LogEntry.objects.get(content_type__model="followup")
    assert entry.actor == cast.mediator_a
    assert "Dette" not in json.dumps(entry.changes, ensure_ascii=False)
