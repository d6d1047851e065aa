"""The person file shows the person's skills checks (levels over time) and workshop registrations."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.workshops.models import SkillsCheck
from maillage.workshops.tests.helpers import answers, make_session

pytestmark = pytest.mark.django_db


def test_the_person_file_lists_checks_and_registrations_and_offers_a_new_check(cast: Any) -> None:
    person = make_person(cast.structure_a)
    check = SkillsCheck.record(answers=answers("helped"), place=cast.place_a, by=cast.mediator_a, person=person)
    session = make_session(cast.place_a, title="Atelier courriel")
    session.register(by=cast.mediator_a, person=person)
    client = Client()
    sign_in(client, cast.mediator_a)
    page = client.get(reverse("counter:person_detail", args=[person.uuid])).content.decode()
    assert reverse("workshops:check_detail", args=[check.uuid]) in page
    assert "Initiation" in page
    assert "Atelier courriel" in page
    assert f"{reverse('workshops:check_create')}?personne={person.uuid}" in page


def test_an_empty_person_file_says_there_is_no_check_yet(cast: Any) -> None:
    person = make_person(cast.structure_a)
    client = Client()
    sign_in(client, cast.mediator_a)
    page = client.get(reverse("counter:person_detail", args=[person.uuid])).content.decode()
    assert "Aucun diagnostic numérique." in page
    assert "Aucune inscription à un atelier." in page
