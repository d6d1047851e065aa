"""The skills check: stored with its level, the nearest sessions of that level with free seats proposed,
one-click registration, and the progress of a person over several checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import PersonAccessLog
from maillage.counter.tests.helpers import make_person
from maillage.factories import PlaceFactory, sign_in
from maillage.workshops.enums import Answer, Level, SessionLevel
from maillage.workshops.models import Registration, SkillsCheck
from maillage.workshops.services import propose_sessions
from maillage.workshops.tests.helpers import answers, make_session

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _places(cast: Any) -> tuple[Any, Any, Any]:
    """Lyon (the check), Villeurbanne (about 3 km), Saint-Étienne (about 50 km), all of structure A."""
    lyon = PlaceFactory(structure=cast.structure_a, name="Lyon", lat=45.7640, lon=4.8357)
    near = PlaceFactory(structure=cast.structure_a, name="Villeurbanne", lat=45.7719, lon=4.8902)
    far = PlaceFactory(structure=cast.structure_a, name="Saint-Étienne", lat=45.4397, lon=4.3872)
    return lyon, near, far


def test_a_mediator_records_a_check_on_a_person_file_and_reads_the_level(cast: Any) -> None:
    person = make_person(cast.structure_a, first_name="Rosa")
    client = _client(cast.mediator_a)
    form = client.get(reverse("workshops:check_create"), {"personne": person.uuid}).content.decode()
    assert "Lire un code reçu par SMS" in form
    response = client.post(
        reverse("workshops:check_create"),
        {"personne": person.uuid, "place": cast.place_a.pk, **answers(Answer.ALONE, Answer.HELPED)},
    )
    check = SkillsCheck.objects.get()
    assert response["Location"] == reverse("workshops:check_detail", args=[check.uuid])
    assert (check.person, check.level, check.score, check.visit) == (person, Level.INTERMEDIATE, 12, None)
    assert check.checked_at.date() == timezone.now().date()
    page = client.get(response["Location"]).content.decode()
    assert "Niveau : Perfectionnement" in page
    assert "2.1 Interagir (Communication et collaboration)" in page
    assert PersonAccessLog.objects.filter(person=person, screen="skills_check").exists()


def test_a_check_without_a_person_file_is_stored_anonymously_on_a_visit(cast: Any) -> None:
    _client(cast.mediator_a).post(
        reverse("workshops:check_create"), {"place": cast.place_a.pk, **answers(Answer.HELPED)}
    )
    check = SkillsCheck.objects.get()
    assert check.person is None
    assert check.visit is not None
    assert check.level == Level.BEGINNER


def test_an_unanswered_task_is_refused_in_french(cast: Any) -> None:
    given = answers(Answer.ALONE)
    del given["franceconnect"]
    response = _client(cast.mediator_a).post(reverse("workshops:check_create"), {"place": cast.place_a.pk, **given})
    assert "répondez à chaque tâche" in response.content.decode()
    assert not SkillsCheck.objects.exists()


def test_the_nearest_session_of_the_level_with_free_seats_comes_first_and_a_full_one_is_skipped(
    cast: Any,
) -> None:
    lyon, near, far = _places(cast)
    full_near = make_session(near, days=1, level=SessionLevel.BEGINNER, capacity=1, title="Complet proche")
    full_near.register(by=cast.mediator_a, anonymous=1)
    far_soon = make_session(far, days=1, level=SessionLevel.BEGINNER, title="Loin")
    near_later = make_session(near, days=8, level=SessionLevel.BEGINNER, title="Proche")
    for_all = make_session(lyon, days=20, level=SessionLevel.ALL, title="Tous niveaux sur place")
    make_session(near, days=2, level=SessionLevel.AUTONOMOUS, title="Autre niveau")
    make_session(near, days=-2, level=SessionLevel.BEGINNER, title="Passé")
    cancelled = make_session(near, days=3, level=SessionLevel.BEGINNER, title="Annulé")
    cancelled.cancel()
    make_session(cast.place_b, days=2, level=SessionLevel.BEGINNER, title="Autre structure")
    check = SkillsCheck.record(answers=answers(Answer.NOT_DONE), place=lyon, by=cast.mediator_a)
    proposals = propose_sessions(check, limit=5)
    assert [p.session for p in proposals] == [for_all, near_later, far_soon]
    assert proposals[0].distance_km == 0
    assert 3 < proposals[1].distance_km < 6  # type: ignore[operator]
    assert 40 < proposals[2].distance_km < 60  # type: ignore[operator]


def test_one_click_registers_the_person_and_the_session_leaves_the_proposals(cast: Any) -> None:
    person = make_person(cast.structure_a)
    session = make_session(cast.place_a, days=2, level=SessionLevel.INTERMEDIATE, capacity=2)
    check = SkillsCheck.record(
        answers=answers(Answer.ALONE, Answer.HELPED), place=cast.place_a, by=cast.mediator_a, person=person
    )
    client = _client(cast.mediator_a)
    page = client.get(reverse("workshops:check_detail", args=[check.uuid])).content.decode()
    register_url = reverse("workshops:check_register", args=[check.uuid, session.uuid])
    assert register_url in page
    response = client.post(register_url)
    assert response["Location"] == reverse("workshops:check_detail", args=[check.uuid])
    registration = Registration.objects.get()
    assert (registration.person, registration.session, registration.skills_check) == (person, session, check)
    after = client.get(response["Location"]).content.decode()
    assert register_url not in after
    assert "Déjà inscrit" in after
    again = client.post(register_url, follow=True)
    assert "déjà inscrite" in again.content.decode()
    assert Registration.objects.count() == 1


def test_one_click_on_a_session_that_filled_up_meanwhile_is_refused(cast: Any) -> None:
    session = make_session(cast.place_a, days=2, capacity=1)
    check = SkillsCheck.record(answers=answers(Answer.HELPED), place=cast.place_a, by=cast.mediator_a)
    session.register(by=cast.mediator_a, anonymous=1)
    response = _client(cast.mediator_a).post(
        reverse("workshops:check_register", args=[check.uuid, session.uuid]), follow=True
    )
    assert "Cet atelier est complet" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_later_check_shows_the_progress_of_the_person(cast: Any) -> None:
    person = make_person(cast.structure_a)
    first = SkillsCheck.record(answers=answers(Answer.HELPED), place=cast.place_a, by=cast.mediator_a, person=person)
    SkillsCheck.objects.filter(pk=first.pk).update(checked_at=timezone.now() - dt.timedelta(days=30))
    later = SkillsCheck.record(
        answers=answers(Answer.ALONE, Answer.ALONE), place=cast.place_a, by=cast.mediator_a, person=person
    )
    page = _client(cast.mediator_a).get(reverse("workshops:check_detail", args=[later.uuid]))
    history = page.context["history"]
    assert [(c.pk, c.level) for c in history] == [(first.pk, Level.BEGINNER), (later.pk, Level.AUTONOMOUS)]
    text = page.content.decode()
    assert text.index("Initiation") < text.index("Autonomie</td>")
    assert reverse("workshops:check_detail", args=[first.uuid]) in text


def test_a_malformed_person_key_is_not_found_not_a_server_error(cast: Any) -> None:
    response = _client(cast.mediator_a).get(reverse("workshops:check_create"), {"personne": "pas-un-identifiant"})
    assert response.status_code == 404
