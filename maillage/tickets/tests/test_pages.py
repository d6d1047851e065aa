"""The queue at a place: a ticket at reception, "Appeler le suivant", the counter records the visit."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import Request
from maillage.factories import counter_form_data, sign_in
from maillage.tickets.enums import Priority, Status
from maillage.tickets.models import Screen, Ticket

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_reception_gives_the_next_number_without_any_name(cast: Any) -> None:
    client = _client(cast.mediator_a)
    url = reverse("tickets:create", args=[cast.place_a.uuid])
    response = client.post(url, {"reason": "procedure", "priority": "elderly", "partner": cast.partner.pk})
    assert response.status_code == 302
    page = _text(client.get(response["Location"]))
    assert "001" in page
    assert "Attente estimée : estimation indisponible." in page  # no service yet today
    ticket = Ticket.objects.get()
    assert (ticket.priority, ticket.partner, ticket.created_by) == (Priority.ELDERLY, cast.partner, cast.mediator_a)


def test_an_incomplete_ticket_form_says_what_is_missing_in_french(cast: Any) -> None:
    response = _client(cast.mediator_a).post(reverse("tickets:create", args=[cast.place_a.uuid]), {"reason": ""})
    assert response.status_code == 200
    assert "Le ticket n'a pas été créé" in _text(response)
    assert not Ticket.objects.exists()


def test_call_next_takes_the_priority_ticket_first(cast: Any) -> None:
    first = Ticket.take(place=cast.place_a)
    priority = Ticket.take(place=cast.place_a, priority=Priority.DISABILITY)
    client = _client(cast.mediator_a)
    response = client.post(reverse("tickets:call_next", args=[cast.place_a.uuid]), follow=True)
    assert f"Ticket {priority.label} appelé." in _text(response)
    priority.refresh_from_db()
    first.refresh_from_db()
    assert (priority.status, first.status) == (Status.CALLED, Status.WAITING)


def test_call_next_with_nobody_waiting_says_so(cast: Any) -> None:
    response = _client(cast.mediator_a).post(reverse("tickets:call_next", args=[cast.place_a.uuid]), follow=True)
    assert "Personne n'attend dans ce lieu." in _text(response)


def test_calling_a_ticket_another_mediator_called_is_refused_in_french(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    ticket.call(cast.manager_a)
    response = _client(cast.mediator_a).post(reverse("tickets:action", args=[ticket.uuid, "appeler"]), follow=True)
    assert "Ce ticket a déjà été appelé par un autre médiateur." in _text(response)
    ticket.refresh_from_db()
    assert ticket.called_by == cast.manager_a


def test_a_received_ticket_becomes_the_visit_recorded_at_the_counter(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    ticket.call(cast.mediator_a)
    client = _client(cast.mediator_a)
    response = client.post(reverse("tickets:action", args=[ticket.uuid, "recevoir"]))
    assert response["Location"] == f"{reverse('counter:counter')}?ticket={ticket.uuid}"
    assert "Ticket 001" in _text(client.get(response["Location"]))
    url = f"{reverse('counter:counter')}?ticket={ticket.uuid}"
    more = client.post(
        url, counter_form_data(cast.place_a, domain="social_health", ticket=str(ticket.uuid), next="same_person")
    )
    assert f"ticket={ticket.uuid}" in more["Location"]
    last = client.post(
        more["Location"], counter_form_data(cast.place_a, domain="social_health", ticket=str(ticket.uuid))
    )
    assert last["Location"] == reverse("tickets:queue", args=[cast.place_a.uuid])
    ticket.refresh_from_db()
    requests = list(Request.objects.all())
    assert len(requests) == 2
    assert {r.visit_id for r in requests} == {ticket.visit_id}
    assert ticket.status == Status.SERVED
    assert ticket.service_seconds is not None


def test_a_counter_request_without_ticket_is_recorded_as_before(cast: Any) -> None:
    Ticket.take(place=cast.place_a)
    response = _client(cast.mediator_a).post(
        reverse("counter:counter"), counter_form_data(cast.place_a, domain="social_health")
    )
    assert response["Location"] == reverse("counter:counter")
    assert Ticket.objects.get().visit is None


def test_no_show_and_redirect_from_the_queue(cast: Any) -> None:
    absent, redirected = Ticket.take(place=cast.place_a), Ticket.take(place=cast.place_a)
    absent.call(cast.mediator_a)
    client = _client(cast.mediator_a)
    client.post(reverse("tickets:action", args=[absent.uuid, "absent"]))
    form = client.get(reverse("tickets:redirect", args=[redirected.uuid]))
    assert "Il manque un document" in _text(form)
    client.post(
        reverse("tickets:redirect", args=[redirected.uuid]), {"kind": "appointment", "reason": "missing_document"}
    )
    absent.refresh_from_db()
    redirected.refresh_from_db()
    assert (absent.status, redirected.status) == (Status.NO_SHOW, Status.REDIRECTED)
    queue = _text(client.get(reverse("tickets:queue", args=[cast.place_a.uuid])))
    assert "il manque un document" in queue


def test_the_queue_page_lists_who_waits_and_since_when(cast: Any) -> None:
    Ticket.take(place=cast.place_a, arrived_at=timezone.now() - dt.timedelta(minutes=12))
    page = _text(_client(cast.mediator_a).get(reverse("tickets:queue", args=[cast.place_a.uuid])))
    assert "1 personne en attente" in page
    assert "12\xa0minutes" in page  # "attend depuis"
    assert "estimation indisponible" in page


def test_the_queue_page_is_empty_in_french_when_nobody_waits(cast: Any) -> None:
    page = _text(_client(cast.mediator_a).get(reverse("tickets:queue", args=[cast.place_a.uuid])))
    assert "Personne n'attend pour le moment." in page


def test_the_queue_page_costs_the_same_queries_with_many_tickets(cast: Any, django_assert_num_queries: Any) -> None:
    client = _client(cast.mediator_a)
    url = reverse("tickets:queue", args=[cast.place_a.uuid])
    client.get(url)  # creates the place's screen
    for _ in range(3):
        Ticket.take(place=cast.place_a, partner=cast.partner)
    # session, user, roles, second factor, menu reach; place, waiting, median service, current, ended,
    # today's counts, screen
    with django_assert_num_queries(12):
        client.get(url)
    for _ in range(20):
        ticket = Ticket.take(place=cast.place_a, partner=cast.partner)
    ticket.call(cast.mediator_a)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert len(response.context["waiting"]) == 22


def test_the_screen_shows_numbers_and_no_personal_data(cast: Any) -> None:
    called = Ticket.take(place=cast.place_a, priority=Priority.PREGNANCY, partner=cast.partner)
    called.call(cast.mediator_a)
    Ticket.take(place=cast.place_a)
    screen = Screen.objects.create(place=cast.place_a)
    page = _text(Client().get(reverse("tickets:screen", args=[screen.token])))
    assert "001" in page
    assert "1 personne en attente" in page
    for private in ("grossesse", cast.partner.name, cast.mediator_a.last_name, "Prioritaire"):
        assert private not in page
    assert 'hx-trigger="every 10s"' in page
    assert "<script>" not in page


def test_the_screen_estimates_the_wait_from_recent_services(cast: Any) -> None:
    now = timezone.now()
    for minutes in (6, 10, 14):  # a median of 10 minutes of service in the last hour
        ticket = Ticket.take(place=cast.place_a, arrived_at=now - dt.timedelta(minutes=40))
        ticket.call(cast.mediator_a, now=now - dt.timedelta(minutes=30))
        ticket.start_service(cast.mediator_a, now=now - dt.timedelta(minutes=30))
        ticket.finish(cast.mediator_a, now=now - dt.timedelta(minutes=30 - minutes))
    Ticket.take(place=cast.place_a)
    Ticket.take(place=cast.place_a)
    screen = Screen.objects.create(place=cast.place_a)
    page = _text(Client().get(reverse("tickets:screen_numbers", args=[screen.token])))
    assert "environ 20 minutes" in page  # 2 waiting × 10 minutes


def test_the_screen_costs_the_same_queries_with_many_tickets(cast: Any, django_assert_num_queries: Any) -> None:
    screen = Screen.objects.create(place=cast.place_a)
    url = reverse("tickets:screen_numbers", args=[screen.token])
    for _ in range(2):
        Ticket.take(place=cast.place_a).call(cast.mediator_a)
    with django_assert_num_queries(4):  # screen and place, called numbers, waiting count, median service
        Client().get(url)
    for _ in range(15):
        Ticket.take(place=cast.place_a).call(cast.mediator_a)
        Ticket.take(place=cast.place_a)
    with django_assert_num_queries(4):
        response = Client().get(url)
    assert "15 personnes en attente" in _text(response)


def test_a_renewed_screen_link_stops_the_old_one(cast: Any) -> None:
    screen = Screen.objects.create(place=cast.place_a)
    old = screen.token
    client = _client(cast.mediator_a)
    confirm = client.get(reverse("tickets:screen_renew", args=[cast.place_a.uuid]))
    assert "cessera de s'afficher" in _text(confirm)
    client.post(reverse("tickets:screen_renew", args=[cast.place_a.uuid]))
    screen.refresh_from_db()
    assert screen.token != old
    assert Client().get(reverse("tickets:screen", args=[old])).status_code == 404
    assert Client().get(reverse("tickets:screen", args=[screen.token])).status_code == 200


def test_the_place_list_costs_one_query_past_the_menu(cast: Any, django_assert_num_queries: Any) -> None:
    client = _client(cast.admin)
    client.get(reverse("tickets:home"))
    # session, user, roles, second factor, menu reach, places
    with django_assert_num_queries(6):
        page = _text(client.get(reverse("tickets:home")))
    assert cast.place_a.name in page
    assert cast.place_b.name in page


def test_a_visit_already_of_another_ticket_is_not_taken_twice(cast: Any) -> None:
    first, second = Ticket.take(place=cast.place_a), Ticket.take(place=cast.place_a)
    for ticket in (first, second):
        ticket.call(cast.mediator_a)
    client = _client(cast.mediator_a)
    client.post(
        reverse("counter:counter"),
        counter_form_data(cast.place_a, domain="social_health", ticket=str(first.uuid), next="same_person"),
    )
    first.refresh_from_db()
    data = counter_form_data(cast.place_a, domain="social_health", ticket=str(second.uuid), visit=str(first.visit.uuid))
    response = client.post(reverse("counter:counter"), data)
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.visit is None
    assert Request.objects.filter(visit=first.visit).count() == 2


def test_ending_the_visit_at_the_counter_ends_the_ticket(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    ticket.call(cast.mediator_a)
    client = _client(cast.mediator_a)
    data = counter_form_data(cast.place_a, domain="social_health", ticket=str(ticket.uuid), next="same_person")
    page = _text(client.get(client.post(reverse("counter:counter"), data)["Location"]))
    assert "Terminer ce passage (ticket 001)" in page
    response = client.post(reverse("tickets:action", args=[ticket.uuid, "terminer"]))
    assert response["Location"] == reverse("tickets:queue", args=[cast.place_a.uuid])
    ticket.refresh_from_db()
    assert ticket.status == Status.SERVED
