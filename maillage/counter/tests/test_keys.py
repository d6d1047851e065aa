"""Encryption keys: rotation to a new key, wrong keys detected, never any ciphertext shown."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from maillage.checks import encryption_keys_check
from maillage.counter.models import FollowUp, Person
from maillage.counter.tests.helpers import make_follow_up, make_person
from maillage.lib.crypto import DecryptionError, new_key

pytestmark = pytest.mark.django_db
K1, K2, K3 = new_key(), new_key(), new_key()


def _raw(sql: str) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def test_rotation_moves_every_encrypted_value_to_the_new_key(cast: Any, settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [K1]
    person = make_person(cast.structure_a, email="aicha@exemple.fr")
    make_follow_up(person, note="Dossier de retraite incomplet")
    before = _raw("SELECT first_name, birth_date, email FROM counter_person")

    settings.FIELD_ENCRYPTION_KEYS = [K2, K1]
    out = StringIO()
    call_command("rotate_keys", "--batch-size", "1", stdout=out)
    assert "counter.Person : 1 ligne(s) rechiffrée(s)" in out.getvalue()
    assert "counter.FollowUp : 1 ligne(s) rechiffrée(s)" in out.getvalue()
    after = _raw("SELECT first_name, birth_date, email FROM counter_person")
    assert all(a != b for a, b in zip(after, before, strict=True))

    settings.FIELD_ENCRYPTION_KEYS = [K2]
    reread = Person.objects.get()
    assert (reread.first_name, reread.birth_date, reread.email) == ("Aïcha", dt.date(1961, 4, 23), "aicha@exemple.fr")
    assert FollowUp.objects.get().note == "Dossier de retraite incomplet"
    assert Person.objects.find("Aicha", "Benali Durand", dt.date(1961, 4, 23)).get() == reread


def test_a_wrong_key_raises_instead_of_showing_ciphertext(cast: Any, settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [K1]
    make_person(cast.structure_a)
    token = _raw("SELECT first_name FROM counter_person")[0]
    settings.FIELD_ENCRYPTION_KEYS = [K3]
    with pytest.raises(DecryptionError) as caught:
        Person.objects.get()
    assert token not in str(caught.value)
    with pytest.raises(CommandError, match="illisible"):
        call_command("rotate_keys", stdout=StringIO())


def test_check_reports_a_wrong_key_for_stored_files(cast: Any, settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [K1]
    assert encryption_keys_check(None) == []
    make_person(cast.structure_a)
    assert encryption_keys_check(None) == []
    settings.FIELD_ENCRYPTION_KEYS = [K3]
    errors = encryption_keys_check(None)
    assert [e.id for e in errors] == ["maillage.E002"]
    assert "clé de chiffrement incorrecte" in errors[0].msg


def test_check_reports_a_key_that_is_not_a_fernet_key(settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [K1, "pas-une-cle"]
    errors = encryption_keys_check(None)
    assert [e.id for e in errors] == ["maillage.E003"]
    assert "clé n° 2" in errors[0].msg
