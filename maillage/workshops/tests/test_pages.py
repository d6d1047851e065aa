"""Session pages: the list (upcoming/past, filters, pages), create and edit, detail, registrations, cancel."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.tests.helpers import make_person
from maillage.factories import PlaceFactory, sign_in
from maillage.workshops.enums import Theme
from maillage.workshops.models import Registration, Session
from maillage.workshops.tests.helpers import make_session

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_upcoming_sessions_first_and_past_ones_on_their_own_tab(cast: Any) -> None:
    later = make_session(cast.place_a, days=10, title="Atelier lointain")
    soon = make_session(cast.place_a, days=1, title="Atelier proche")
    past = make_session(cast.place_a, days=-5, title="Atelier passé")
    client = _client(cast.mediator_a)
    upcoming = client.get(reverse("workshops:list"))
    assert [s.pk for s in upcoming.context["page"].object_list] == [soon.pk, later.pk]
    assert "Atelier passé" not in upcoming.content.decode()
    done = client.get(reverse("workshops:list"), {"when": "past"})
    assert [s.pk for s in done.context["page"].object_list] == [past.pk]


def test_the_list_filters_by_theme_and_place(cast: Any) -> None:
    other_place = PlaceFactory(structure=cast.structure_a, name="Annexe")
    email = make_session(cast.place_a, theme=Theme.EMAIL)
    make_session(cast.place_a, theme=Theme.SECURITY)
    at_annex = make_session(other_place, theme=Theme.SECURITY)
    client = _client(cast.mediator_a)
    by_theme = client.get(reverse("workshops:list"), {"theme": "email"}).context["page"].object_list
    assert [s.pk for s in by_theme] == [email.pk]
    by_place = client.get(reverse("workshops:list"), {"place": other_place.pk}).context["page"].object_list
    assert [s.pk for s in by_place] == [at_annex.pk]


def test_an_empty_list_says_so_and_offers_to_create_one(cast: Any) -> None:
    page = _client(cast.mediator_a).get(reverse("workshops:list")).content.decode()
    assert "Aucun atelier à venir" in page
    assert reverse("workshops:create") in page


def test_the_list_is_paginated_with_a_constant_number_of_queries(cast: Any, django_assert_num_queries: Any) -> None:
    for day in range(1, 26):
        make_session(cast.place_a, days=day, facilitator=cast.mediator_a)
    client = _client(cast.mediator_a)
    client.get(reverse("workshops:list"))
    # session, user, roles, menu reach, structure reach (scope), count, places of the filter, page
    with django_assert_num_queries(8):
        response = client.get(reverse("workshops:list"), {"page": 2})
    assert response.context["page"].paginator.count == 25
    assert len(response.context["page"].object_list) == 5


def test_a_mediator_creates_a_session_with_partners(cast: Any) -> None:
    response = _client(cast.mediator_a).post(
        reverse("workshops:create"),
        {
            "theme": "smartphone",
            "title": "Bien utiliser son smartphone",
            "level": "beginner",
            "place": cast.place_a.pk,
            "starts_at": "2030-03-04T09:30",
            "ends_at": "2030-03-04T11:30",
            "capacity": "8",
            "facilitator": cast.mediator_a.pk,
            "partners": [cast.partner.pk],
        },
    )
    session = Session.objects.get()
    assert response["Location"] == reverse("workshops:detail", args=[session.uuid])
    assert session.structure == cast.structure_a
    assert list(session.partners.all()) == [cast.partner]
    assert session.created_by == cast.mediator_a


def test_a_session_ending_before_it_starts_or_at_another_structure_is_refused(cast: Any) -> None:
    response = _client(cast.mediator_a).post(
        reverse("workshops:create"),
        {
            "theme": "email",
            "title": "Courriel",
            "level": "all",
            "place": cast.place_b.pk,
            "starts_at": "2030-03-04T11:30",
            "ends_at": "2030-03-04T09:30",
            "capacity": "8",
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()  # place B is not offered
    response = _client(cast.mediator_a).post(
        reverse("workshops:create"),
        {
            "theme": "email",
            "title": "Courriel",
            "level": "all",
            "place": cast.place_a.pk,
            "starts_at": "2030-03-04T11:30",
            "ends_at": "2030-03-04T09:30",
            "capacity": "8",
        },
    )
    assert "La fin de l&#x27;atelier doit être après son début." in response.content.decode()
    assert not Session.objects.exists()


def test_the_capacity_cannot_go_below_the_seats_taken(cast: Any) -> None:
    session = make_session(cast.place_a, capacity=6)
    session.register(by=cast.mediator_a, anonymous=5)
    data = {
        "theme": session.theme,
        "title": session.title,
        "level": session.level,
        "place": cast.place_a.pk,
        "starts_at": "2030-03-04T09:30",
        "ends_at": "2030-03-04T11:30",
        "capacity": "4",
    }
    response = _client(cast.mediator_a).post(reverse("workshops:edit", args=[session.uuid]), data)
    assert "5 personnes sont déjà inscrites" in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 6


def test_registering_from_the_detail_page_and_the_full_session_message(cast: Any) -> None:
    session = make_session(cast.place_a, capacity=3)
    person = make_person(cast.structure_a, first_name="Yvette")
    client = _client(cast.mediator_a)
    detail = client.get(reverse("workshops:detail", args=[session.uuid])).content.decode()
    assert "Yvette" in detail  # the structure's person files are offered
    assert client.post(reverse("workshops:register", args=[session.uuid]), {"person": person.pk}).status_code == 302
    assert client.post(reverse("workshops:register", args=[session.uuid]), {"anonymous": "2"}).status_code == 302
    over = client.post(reverse("workshops:register", args=[session.uuid]), {"anonymous": "1"})
    assert over.status_code == 400
    assert "Cet atelier est complet" in over.content.decode()
    session.refresh_from_db()
    assert session.seats_taken == 3
    assert Registration.objects.filter(session=session, person=person).exists()


def test_cancelling_a_session_asks_for_confirmation_first(cast: Any) -> None:
    session = make_session(cast.place_a)
    client = _client(cast.mediator_a)
    confirm = client.get(reverse("workshops:cancel", args=[session.uuid]))
    assert "Oui, annuler l&#x27;atelier" in confirm.content.decode()
    session.refresh_from_db()
    assert not session.cancelled
    client.post(reverse("workshops:cancel", args=[session.uuid]))
    session.refresh_from_db()
    assert session.cancelled
    assert "Annulé" in client.get(reverse("workshops:detail", args=[session.uuid])).content.decode()


def test_cancelling_a_registration_asks_then_frees_the_seat(cast: Any) -> None:
    session = make_session(cast.place_a, capacity=1)
    (registration,) = session.register(by=cast.mediator_a, anonymous=1)
    client = _client(cast.mediator_a)
    assert (
        "Oui, annuler l&#x27;inscription"
        in client.get(reverse("workshops:registration_cancel", args=[registration.uuid])).content.decode()
    )
    client.post(reverse("workshops:registration_cancel", args=[registration.uuid]))
    session.refresh_from_db()
    assert session.seats_taken == 0


def test_roll_call_marks_present_and_absent(cast: Any) -> None:
    session = make_session(cast.place_a, days=0)
    first, second = session.register(by=cast.mediator_a, anonymous=2)
    client = _client(cast.mediator_a)
    page = client.get(reverse("workshops:roll_call", args=[session.uuid])).content.decode()
    assert "Place anonyme n° 2" in page
    response = client.post(
        reverse("workshops:roll_call", args=[session.uuid]),
        {str(first.uuid): "attended", str(second.uuid): "absent"},
    )
    assert response.status_code == 302
    assert dict(Registration.objects.values_list("uuid", "status")) == {
        first.uuid: "attended",
        second.uuid: "absent",
    }


def test_roll_call_of_an_upcoming_session_is_refused(cast: Any) -> None:
    session = make_session(cast.place_a, days=3)
    (registration,) = session.register(by=cast.mediator_a, anonymous=1)
    client = _client(cast.mediator_a)
    response = client.post(reverse("workshops:roll_call", args=[session.uuid]), {str(registration.uuid): "attended"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_a_session_with_registrations_cannot_move_to_another_structure(cast: Any) -> None:
    from maillage.accounts.enums import Role
    from maillage.accounts.models import Membership

    Membership.objects.create(user=cast.mediator_a, role=Role.MEDIATOR, structure=cast.structure_b)
    session = make_session(cast.place_a)
    session.register(by=cast.mediator_a, person=make_person(cast.structure_a))
    data = {
        "theme": session.theme,
        "title": session.title,
        "level": session.level,
        "place": cast.place_b.pk,
        "starts_at": "2030-03-04T09:30",
        "ends_at": "2030-03-04T11:30",
        "capacity": "8",
    }
    response = _client(cast.mediator_a).post(reverse("workshops:edit", args=[session.uuid]), data)
    assert "choisissez un lieu de la même structure" in response.content.decode()
    session.refresh_from_db()
    assert (session.structure, session.place) == (cast.structure_a, cast.place_a)
