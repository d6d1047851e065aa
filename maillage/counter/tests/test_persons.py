"""Person files: created only with consent, found by exact identity, every read logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import FollowUp, Person, PersonAccessLog
from maillage.counter.tests.helpers import make_follow_up, make_mandate, make_person, make_request
from maillage.factories import sign_in

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _create_payload(**overrides: str) -> dict[str, str]:
    payload = {
        "first_name": "Jean-Pierre",
        "last_name": "Lefèvre",
        "birth_date": "1958-11-02",
        "phone": "",
        "email": "",
        "address": "",
        "partner_numbers": "CAF 1234567",
        "consent_given_on": timezone.localdate().isoformat(),
        "consent_purpose": "Suivi des démarches retraite",
        "consent_method": "written",
    }
    payload.update(overrides)
    return payload


def test_mediator_creates_a_file_with_consent_and_identity_is_encrypted_at_rest(cast: Any) -> None:
    response = _client(cast.mediator_a).post(
        reverse("counter:person_create", args=[cast.structure_a.uuid]), _create_payload()
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("counter:person_detail", args=[person.uuid])
    assert person.structure == cast.structure_a
    assert person.created_by == cast.mediator_a
    assert person.consent_method == "written"
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name, last_name, birth_date, partner_numbers FROM counter_person")
        raw = " ".join(cursor.fetchone())
    for clear in ("Jean", "Lef", "1958", "1234567"):
        assert clear not in raw
    assert Person.objects.find("jean pierre", "LEFEVRE", dt.date(1958, 11, 2)).get() == person


@pytest.mark.parametrize("missing", ["consent_given_on", "consent_purpose", "consent_method"])
def test_a_file_is_refused_without_recorded_consent(cast: Any, missing: str) -> None:
    response = _client(cast.mediator_a).post(
        reverse("counter:person_create", args=[cast.structure_a.uuid]), _create_payload(**{missing: ""})
    )
    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert not Person.objects.exists()


def test_birth_date_in_the_future_is_refused_at_the_field(cast: Any) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _client(cast.mediator_a).post(
        reverse("counter:person_create", args=[cast.structure_a.uuid]),
        _create_payload(birth_date=tomorrow.isoformat()),
    )
    assert response.context["form"].errors["birth_date"] == ["La date de naissance ne peut pas être dans le futur."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Person.objects.exists()


def test_a_second_file_for_the_same_person_is_refused(cast: Any) -> None:
    make_person(cast.structure_a, first_name="Jean-Pierre", last_name="Lefèvre", birth_date=dt.date(1958, 11, 2))
    response = _client(cast.mediator_a).post(
        reverse("counter:person_create", args=[cast.structure_a.uuid]),
        _create_payload(first_name="jean pierre", last_name="LEFEVRE"),
    )
    assert "Un dossier existe déjà" in response.content.decode()
    assert Person.objects.count() == 1


def test_search_finds_the_exact_person_ignoring_accents_and_case(cast: Any) -> None:
    person = make_person(cast.structure_a)
    url = reverse("counter:person_search", args=[cast.structure_a.uuid])
    client = _client(cast.mediator_a)
    found = client.get(url, {"first_name": "AICHA", "last_name": "benali durand", "birth_date": "1961-04-23"})
    assert found.context["results"] == [person]
    wrong_day = client.get(url, {"first_name": "Aïcha", "last_name": "Benali-Durand", "birth_date": "1961-04-24"})
    assert wrong_day.context["results"] == []
    assert reverse("counter:person_detail", args=[person.uuid]) in found.content.decode()
    assert reverse("counter:person_detail", args=[person.uuid]) not in wrong_day.content.decode()


def test_search_never_lists_anyone_before_a_query(cast: Any) -> None:
    make_person(cast.structure_a)
    body = _client(cast.mediator_a).get(reverse("counter:person_search", args=[cast.structure_a.uuid])).content
    assert "Benali" not in body.decode()


def test_search_does_not_reach_another_structures_file(cast: Any) -> None:
    make_person(cast.structure_b)
    response = _client(cast.mediator_a).get(
        reverse("counter:person_search", args=[cast.structure_a.uuid]),
        {"first_name": "Aïcha", "last_name": "Benali-Durand", "birth_date": "1961-04-23"},
    )
    assert response.context["results"] == []


def test_structure_list_is_paginated_with_a_constant_number_of_queries(
    cast: Any, django_assert_num_queries: Any
) -> None:
    for i in range(30):
        make_person(cast.structure_a, first_name=f"Prénom{i}")
    make_person(cast.structure_b, first_name="Ailleurs")
    client = _client(cast.mediator_a)
    url = reverse("counter:person_list", args=[cast.structure_a.uuid])
    # session, user, roles, structure reach (memberships + structure), persons' reach, count, page
    with django_assert_num_queries(9):
        response = client.get(url)
    body = response.content.decode()
    assert response.context["page"].paginator.count == 30
    assert len(response.context["page"].object_list) == 25
    assert "Ailleurs" not in body


def test_detail_shows_identity_history_follow_ups_mandates_and_logs_the_read(
    cast: Any, django_assert_num_queries: Any
) -> None:
    person = make_person(cast.structure_a)
    make_request(cast.place_a, cast.mediator_a, person=person, duration_minutes=20)
    make_request(cast.place_a, cast.mediator_a, person=person)
    make_follow_up(person, note="Rappeler la CPAM")
    make_mandate(person)
    client = _client(cast.mediator_a)
    url = reverse("counter:person_detail", args=[person.uuid])
    # 12th and 13th: followed rights and the last screening (rights/templatetags); 14th and 15th: skills
    # checks and workshop registrations (workshops/templatetags)
    with django_assert_num_queries(15):
        response = client.get(url)
    body = response.content.decode()
    assert "Aïcha Benali-Durand" in body
    assert "23/04/1961" in body
    assert "Rappeler la CPAM" in body
    assert "Social, santé" in body
    assert len(response.context["requests"]) == 2
    log = PersonAccessLog.objects.get()
    assert (log.person, log.user, log.screen) == (person, cast.mediator_a, "person_detail")


def test_a_long_history_is_paged_newest_first(cast: Any) -> None:
    person = make_person(cast.structure_a)
    start = timezone.now() - dt.timedelta(days=200)
    for day in range(60):
        make_request(cast.place_a, cast.mediator_a, person=person, occurred_at=start + dt.timedelta(days=day))
    client = _client(cast.mediator_a)
    url = reverse("counter:person_detail", args=[person.uuid])
    first = client.get(url)
    rows = list(first.context["requests"])
    assert len(rows) == 50
    assert rows[0].occurred_at == start + dt.timedelta(days=59)
    assert "60 demandes en tout" in first.content.decode()
    assert "?page=2" in first.content.decode()
    second = client.get(url, {"page": "2"})
    assert [r.occurred_at for r in second.context["requests"]] == [
        start + dt.timedelta(days=d) for d in range(9, -1, -1)
    ]
    assert client.get(url, {"page": "pas-un-numéro"}).context["requests"].number == 1
    assert PersonAccessLog.objects.filter(person=person).count() == 3


@pytest.mark.parametrize(("name", "screen"), [("person_edit", "person_edit"), ("person_detail", "person_detail")])
def test_every_read_of_a_file_is_logged(cast: Any, name: str, screen: str) -> None:
    person = make_person(cast.structure_a)
    client = _client(cast.manager_a)
    client.get(reverse(f"counter:{name}", args=[person.uuid]))
    client.get(reverse(f"counter:{name}", args=[person.uuid]))
    assert list(PersonAccessLog.objects.values_list("screen", "user")) == [(screen, cast.manager_a.pk)] * 2


def test_edit_identity_updates_the_search_key(cast: Any) -> None:
    person = make_person(cast.structure_a)
    payload = {"first_name": "Aïcha", "last_name": "Durand", "birth_date": "1961-04-23", "phone": "", "email": ""}
    payload |= {"address": "", "partner_numbers": ""}
    response = _client(cast.mediator_a).post(reverse("counter:person_edit", args=[person.uuid]), payload)
    assert response.status_code == 302
    assert Person.objects.find("Aicha", "Durand", dt.date(1961, 4, 23)).get() == person
    assert not Person.objects.find("Aïcha", "Benali-Durand", dt.date(1961, 4, 23)).exists()


def test_follow_up_is_added_then_closed(cast: Any) -> None:
    person = make_person(cast.structure_a)
    client = _client(cast.mediator_a)
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    client.post(reverse("counter:follow_up_create", args=[person.uuid]), {"due_on": due, "note": "Relancer"})
    follow_up = FollowUp.objects.get(person=person)
    assert (follow_up.status, follow_up.note, follow_up.created_by) == ("open", "Relancer", cast.mediator_a)
    client.post(reverse("counter:follow_up_close", args=[follow_up.pk]), {"status": "done"})
    follow_up.refresh_from_db()
    assert follow_up.status == "done"
    client.post(reverse("counter:follow_up_close", args=[follow_up.pk]), {"status": "cancelled"})
    follow_up.refresh_from_db()
    assert follow_up.status == "done"


def test_follow_up_cannot_be_reopened_through_the_close_button(cast: Any) -> None:
    follow_up = make_follow_up(make_person(cast.structure_a))
    _client(cast.mediator_a).post(reverse("counter:follow_up_close", args=[follow_up.pk]), {"status": "open"})
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


def test_access_log_page_lists_reads_for_the_manager(cast: Any, django_assert_num_queries: Any) -> None:
    person = make_person(cast.structure_a)
    for _ in range(3):
        person.log_access(cast.mediator_a, "person_detail")
    make_person(cast.structure_b).log_access(cast.mediator_b, "person_detail")
    client = _client(cast.manager_a)
    with django_assert_num_queries(9):
        response = client.get(reverse("counter:person_access_log", args=[cast.structure_a.uuid]))
    body = response.content.decode()
    assert response.context["page"].paginator.count == 3
    assert body.count("Fiche de la personne") == 3
    assert cast.mediator_a.email in body
    assert cast.mediator_b.email not in body


def test_access_log_page_is_for_managers_not_mediators(cast: Any) -> None:
    response = _client(cast.mediator_a).get(reverse("counter:person_access_log", args=[cast.structure_a.uuid]))
    assert response.status_code == 403


def test_persons_home_sends_a_one_structure_user_to_their_search(cast: Any) -> None:
    response = _client(cast.mediator_b).get(reverse("counter:persons_home"))
    assert response["Location"] == reverse("counter:person_search", args=[cast.structure_b.uuid])


def test_person_pages_have_no_inline_style_or_script(cast: Any) -> None:
    person = make_person(cast.structure_a)
    make_mandate(person)
    make_follow_up(person)
    client = _client(cast.manager_a)
    for url in [
        reverse("counter:person_detail", args=[person.uuid]),
        reverse("counter:person_create", args=[cast.structure_a.uuid]),
        reverse("counter:mandate_create", args=[person.uuid]),
        reverse("counter:person_list", args=[cast.structure_a.uuid]),
    ]:
        body = client.get(url).content.decode()
        assert " style=" not in body, url
        assert "<style" not in body, url
        assert " onclick=" not in body, url
