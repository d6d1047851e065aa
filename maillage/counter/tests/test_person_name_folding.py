"""A person file is found whether the name is typed with its ligature or spelled out."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.apps import apps

from maillage.counter.models import Person
from maillage.counter.tests.helpers import make_person

BORN = dt.date(1984, 2, 29)


def test_file_of_laetitia_is_found_by_typing_laetitia(cast: Any) -> None:
    person = make_person(cast.structure_a, first_name="Lætitia", last_name="Cœur", birth_date=BORN)
    assert list(Person.objects.find("Laetitia", "Coeur", BORN)) == [person]
    assert list(Person.objects.find("lætitia", "CŒUR", BORN)) == [person]


def test_migration_recomputes_lookup_keys_made_with_the_old_folding(cast: Any) -> None:
    rekey = importlib.import_module("maillage.counter.migrations.0006_refold_person_lookup_keys")
    person = make_person(cast.structure_a, first_name="Lætitia", last_name="Cœur", birth_date=BORN)
    refold_key = Person.objects.get(pk=person.pk).lookup_key
    rekey.drop_ligatures(apps, None)
    assert Person.objects.get(pk=person.pk).lookup_key != refold_key
    rekey.keep_ligatures(apps, None)
    assert Person.objects.get(pk=person.pk).lookup_key == refold_key
    assert list(Person.objects.find("Laetitia", "Coeur", BORN)) == [person]
