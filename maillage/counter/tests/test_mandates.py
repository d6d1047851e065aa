"""Mandates: a perimeter of domains for one year at most, revocable, with a printable attestation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter import attestation
from maillage.counter.models import Mandate, PersonAccessLog
from maillage.counter.tests.helpers import make_mandate, make_person
from maillage.factories import sign_in

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _post_mandate(client: Client, person: Any, start: dt.date, end: dt.date, **extra: Any) -> Any:
    payload = {"domains": ["social_health", "housing"], "start": start.isoformat(), "end": end.isoformat()}
    payload |= {"aidants_connect_ref": "", **extra}
    return client.post(reverse("counter:mandate_create", args=[person.uuid]), payload)


def test_mediator_records_a_mandate_on_a_perimeter(cast: Any) -> None:
    person = make_person(cast.structure_a)
    start = timezone.localdate()
    response = _post_mandate(_client(cast.mediator_a), person, start, start + dt.timedelta(days=90))
    assert response.status_code == 302
    mandate = Mandate.objects.get(person=person)
    assert mandate.domains == ["social_health", "housing"]
    assert mandate.created_by == cast.mediator_a
    assert mandate.covers(start, "housing")
    assert not mandate.covers(start, "justice")


def test_a_mandate_lasts_one_year_at_most(cast: Any) -> None:
    person = make_person(cast.structure_a)
    start = dt.date(2026, 3, 1)
    client = _client(cast.mediator_a)
    too_long = _post_mandate(client, person, start, dt.date(2027, 3, 1))
    assert too_long.context["form"].errors["end"] == ["Un mandat dure un an au plus : fin au plus tard le 28/02/2027."]
    assert not Mandate.objects.exists()
    assert _post_mandate(client, person, start, dt.date(2027, 2, 28)).status_code == 302


def test_a_mandate_cannot_end_before_it_starts(cast: Any) -> None:
    person = make_person(cast.structure_a)
    start = timezone.localdate()
    response = _post_mandate(_client(cast.mediator_a), person, start, start - dt.timedelta(days=1))
    assert response.context["form"].errors["end"] == ["La fin du mandat ne peut pas précéder son début."]
    assert not Mandate.objects.exists()


def test_a_mandate_needs_at_least_one_domain(cast: Any) -> None:
    person = make_person(cast.structure_a)
    start = timezone.localdate()
    response = _post_mandate(_client(cast.mediator_a), person, start, start, domains=[])
    assert "domains" in response.context["form"].errors
    assert not Mandate.objects.exists()


def test_leap_day_mandate_ends_on_the_last_day_of_february() -> None:
    assert Mandate.latest_end(dt.date(2028, 2, 29)) == dt.date(2029, 2, 27)
    assert Mandate.latest_end(dt.date(2026, 1, 1)) == dt.date(2026, 12, 31)


def test_revoke_asks_for_confirmation_then_revokes_once(cast: Any) -> None:
    mandate = make_mandate(make_person(cast.structure_a))
    client = _client(cast.mediator_a)
    url = reverse("counter:mandate_revoke", args=[mandate.uuid])
    page = client.get(url)
    assert "Oui, révoquer" in page.content.decode()
    mandate.refresh_from_db()
    assert mandate.revoked_at is None
    client.post(url)
    mandate.refresh_from_db()
    revoked_at = mandate.revoked_at
    assert revoked_at is not None
    assert not mandate.covers(timezone.localdate(), "social_health")
    client.post(url)
    mandate.refresh_from_db()
    assert mandate.revoked_at == revoked_at


def test_attestation_is_a_pdf_with_the_person_and_perimeter(cast: Any) -> None:
    person = make_person(cast.structure_a)
    mandate = make_mandate(person, aidants_connect_ref="AC-2026-0042")
    response = _client(cast.mediator_a).get(reverse("counter:mandate_pdf", args=[mandate.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "no-store"
    assert PersonAccessLog.objects.filter(person=person, screen="mandate_pdf").count() == 1
    # pdftotext and pypdf are not installed: the text is checked in the HTML given to WeasyPrint.
    html = attestation.render_html(mandate)
    for text in ["BENALI-DURAND Aïcha", "23/04/1961", "Structure A", "Social, santé", "Argent, impôts", "AC-2026-0042"]:
        assert text in html
    assert "Signature de la personne mandante" in html
    assert "size: A4" in html


def test_attestation_renderer_fetches_nothing_remote() -> None:
    fetcher = attestation.local_only_fetcher()
    for url in ["https://exemple.fr/logo.png", "http://127.0.0.1/x.css", "file:///etc/hostname"]:
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,b2s=").read() == b"ok"
