"""A ticket's life: numbered per place and day, called once, received, ended; every move checked in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.factories import PartnerFactory, PlaceFactory
from maillage.tickets.enums import Priority, RedirectKind, RedirectReason, Status
from maillage.tickets.models import Ticket
from maillage.tickets.tests.helpers import at

pytestmark = pytest.mark.django_db


def test_numbers_start_at_one_each_day_and_at_each_place(cast: Any) -> None:
    day = timezone.localdate()
    first = Ticket.take(place=cast.place_a, arrived_at=at(day, 9))
    second = Ticket.take(place=cast.place_a, arrived_at=at(day, 9, 5))
    elsewhere = Ticket.take(place=PlaceFactory(structure=cast.structure_a), arrived_at=at(day, 9, 6))
    tomorrow = Ticket.take(place=cast.place_a, arrived_at=at(day + dt.timedelta(days=1), 9))
    assert [first.number, second.number, elsewhere.number, tomorrow.number] == [1, 2, 1, 1]
    assert second.label == "002"
    assert first.structure == cast.structure_a


def test_the_database_refuses_a_number_given_twice_at_a_place_on_a_day(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(place=cast.place_a, structure=cast.structure_a, day=ticket.day, number=ticket.number)


def test_a_call_stores_the_wait_and_who_called(cast: Any) -> None:
    day = timezone.localdate()
    ticket = Ticket.take(place=cast.place_a, arrived_at=at(day, 9))
    ticket.call(cast.mediator_a, now=at(day, 9, 25))
    ticket.refresh_from_db()
    assert ticket.status == Status.CALLED
    assert ticket.called_by == cast.mediator_a
    assert ticket.wait_seconds == 25 * 60


def test_service_and_total_times_are_stored_at_the_end(cast: Any) -> None:
    day = timezone.localdate()
    ticket = Ticket.take(place=cast.place_a, arrived_at=at(day, 9))
    ticket.call(cast.mediator_a, now=at(day, 9, 10))
    ticket.start_service(cast.mediator_a, now=at(day, 9, 12))
    ticket.finish(cast.mediator_a, now=at(day, 9, 30))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.wait_seconds, ticket.service_seconds, ticket.total_seconds) == (
        Status.SERVED,
        600,
        18 * 60,
        30 * 60,
    )


def test_a_ticket_called_by_someone_else_cannot_be_called_again(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    stale = Ticket.objects.get(pk=ticket.pk)  # the second mediator's page, loaded before the first call
    ticket.call(cast.mediator_a)
    with pytest.raises(ValidationError, match="déjà été appelé par un autre médiateur"):
        stale.call(cast.manager_a)
    ticket.refresh_from_db()
    assert ticket.called_by == cast.mediator_a


def test_a_no_show_is_only_for_a_called_ticket(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    with pytest.raises(ValidationError, match="pas encore été appelé"):
        ticket.mark_no_show(cast.mediator_a)
    ticket.call(cast.mediator_a)
    ticket.mark_no_show(cast.mediator_a)
    ticket.refresh_from_db()
    assert ticket.status == Status.NO_SHOW
    with pytest.raises(ValidationError, match="déjà été noté absent"):
        ticket.finish(cast.mediator_a)


def test_a_waiting_person_is_redirected_to_an_appointment_for_a_missing_document(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    ticket.redirect(cast.mediator_a, kind=RedirectKind.APPOINTMENT, reason=RedirectReason.MISSING_DOCUMENT)
    ticket.refresh_from_db()
    assert ticket.status == Status.REDIRECTED
    assert ticket.get_redirect_reason_display() == "Il manque un document"
    assert ticket.called_at is None
    assert ticket.finished_at is not None


def test_a_redirection_to_a_partner_names_the_partner(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    with pytest.raises(ValidationError, match="Choisissez le partenaire"):
        ticket.redirect(cast.mediator_a, kind=RedirectKind.PARTNER, reason=RedirectReason.OTHER_PARTNER)
    partner = PartnerFactory(name="CPAM")
    ticket.redirect(cast.mediator_a, kind=RedirectKind.PARTNER, reason=RedirectReason.OTHER_PARTNER, partner=partner)
    ticket.refresh_from_db()
    assert ticket.redirect_partner == partner


def test_a_served_ticket_cannot_be_redirected_or_cancelled(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    ticket.call(cast.mediator_a)
    ticket.finish(cast.mediator_a)
    with pytest.raises(ValidationError, match="déjà terminé"):
        ticket.redirect(cast.mediator_a, kind=RedirectKind.APPOINTMENT, reason=RedirectReason.NEEDS_APPOINTMENT)
    with pytest.raises(ValidationError, match="déjà terminé"):
        ticket.cancel(cast.mediator_a)


def test_the_database_refuses_a_called_ticket_without_its_call_time(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(status=Status.SERVED)


def test_priority_tickets_come_first_then_arrival(cast: Any) -> None:
    day = timezone.localdate()
    early = Ticket.take(place=cast.place_a, arrived_at=at(day, 9))
    late_priority = Ticket.take(place=cast.place_a, arrived_at=at(day, 9, 20), priority=Priority.PREGNANCY)
    middle = Ticket.take(place=cast.place_a, arrived_at=at(day, 9, 10))
    order = list(Ticket.objects.waiting().in_queue_order())
    assert order == [late_priority, early, middle]


def test_every_move_writes_an_audit_line_with_its_author(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    ticket.call(cast.mediator_a)
    ticket.mark_no_show(cast.mediator_a)
    lines = LogEntry.objects.get_for_object(ticket).filter(actor=cast.mediator_a).order_by("timestamp")
    assert [line.changes_dict["status"] for line in lines] == [["waiting", "called"], ["called", "no_show"]]
