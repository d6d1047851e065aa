"""The voucher pages: create a series, issue (anonymous or to a person file), print, cancel, redeem by code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import PersonAccessLog
from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.vouchers import codes
from maillage.vouchers.models import Redemption, Voucher, VoucherSeries
from maillage.vouchers.tests.helpers import issue, make_series

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_a_manager_creates_a_series_in_euros_stored_in_cents(cast: Any) -> None:
    response = _client(cast.manager_a).post(
        reverse("vouchers:series_create"),
        {
            "name": "Pass numérique 2026",
            "owner": f"structure:{cast.structure_a.pk}",
            "funder_partner": "",
            "funder_name": "Département du Rhône",
            "face_value": "10,00",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "target": "everyone",
            "target_detail": "",
            "prefix": "pn26",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    series = VoucherSeries.objects.get()
    assert (series.face_value_cents, series.prefix, series.structure) == (1000, "PN26", cast.structure_a)
    assert series.funder_key == "name-departement-du-rhone"


def test_a_series_without_funder_is_refused_in_french(cast: Any) -> None:
    response = _client(cast.manager_a).post(
        reverse("vouchers:series_create"),
        {
            "name": "Sans financeur",
            "owner": f"structure:{cast.structure_a.pk}",
            "face_value": "10",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "target": "everyone",
            "prefix": "SF",
        },
    )
    assert response.status_code == 200
    assert "Indiquez le financeur" in response.content.decode()
    assert not VoucherSeries.objects.exists()


def test_a_mediator_cannot_create_a_series(cast: Any) -> None:
    assert _client(cast.mediator_a).get(reverse("vouchers:series_create")).status_code == 403


def test_an_anonymous_voucher_prints_no_name(cast: Any) -> None:
    series = make_series(cast.structure_a)
    client = _client(cast.mediator_a)
    response = client.post(reverse("vouchers:issue"), {"series": series.pk, "structure": cast.structure_a.pk})
    voucher = Voucher.objects.get()
    assert response["Location"] == reverse("vouchers:detail", args=[voucher.uuid])
    page = client.get(response["Location"]).content.decode()
    assert voucher.printed_code in page
    assert "Bon au porteur" in page
    assert voucher.person is None
    assert voucher.issued_by == cast.mediator_a


def test_a_voucher_issued_from_a_person_file_prints_the_name_and_logs_the_read(cast: Any) -> None:
    person = make_person(cast.structure_a, first_name="Odile", last_name="Fabre")
    series = make_series(cast.structure_a)
    client = _client(cast.mediator_a)
    response = client.post(
        reverse("vouchers:issue_for_person", args=[person.uuid]),
        {"series": series.pk, "structure": cast.structure_a.pk},
    )
    voucher = Voucher.objects.get()
    assert voucher.person == person
    page = client.get(response["Location"]).content.decode()
    assert "Bon nominatif : Odile Fabre" in page
    assert PersonAccessLog.objects.filter(person=person, screen="voucher_detail").count() == 1
    listing = client.get(reverse("vouchers:list")).content.decode()
    assert voucher.printed_code in listing
    assert "Odile" not in listing


def test_redeeming_by_code_typed_loosely_on_a_phone(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    typed = codes.grouped(voucher.code).lower().replace(" ", "-")
    response = _client(cast.mediator_a).post(
        reverse("vouchers:redeem"), {"code": typed, "place": cast.place_a.pk, "kind": "request", "request": ""}
    )
    assert response.status_code == 302
    redemption = Redemption.objects.get()
    assert (redemption.voucher, redemption.place, redemption.redeemed_by) == (voucher, cast.place_a, cast.mediator_a)


def test_a_mistyped_code_gets_the_check_character_message(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    wrong = voucher.code[:-2] + ("A" if voucher.code[-2] != "A" else "B") + voucher.code[-1]
    response = _client(cast.mediator_a).post(
        reverse("vouchers:redeem"), {"code": wrong, "place": cast.place_a.pk, "kind": "request"}
    )
    assert "mal recopié" in response.content.decode()
    assert not Redemption.objects.exists()


def test_an_unknown_valid_code_is_refused_in_french(cast: Any) -> None:
    body = "ZZ" + "12345678"
    response = _client(cast.mediator_a).post(
        reverse("vouchers:redeem"),
        {"code": body + codes.check_character(body), "place": cast.place_a.pk, "kind": "request"},
    )
    assert "Aucun bon de vos séries ne porte ce code" in response.content.decode()


def test_a_second_redemption_through_the_page_is_refused(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    voucher.redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    response = _client(cast.manager_a).post(
        reverse("vouchers:redeem"), {"code": voucher.code, "place": cast.place_a.pk, "kind": "request"}
    )
    assert "Ce bon a déjà été utilisé." in response.content.decode()
    assert Redemption.objects.count() == 1


def test_cancel_asks_for_confirmation_first(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    client = _client(cast.mediator_a)
    page = client.get(reverse("vouchers:cancel", args=[voucher.uuid]))
    assert "Oui, annuler ce bon" in page.content.decode()
    voucher.refresh_from_db()
    assert voucher.status == "issued"
    client.post(reverse("vouchers:cancel", args=[voucher.uuid]))
    voucher.refresh_from_db()
    assert voucher.status == "cancelled"


def test_the_voucher_list_is_paginated_in_a_fixed_number_of_queries(cast: Any, django_assert_num_queries: Any) -> None:
    series = make_series(cast.structure_a)
    for _ in range(30):
        issue(series, cast.structure_a, cast.mediator_a)
    client = _client(cast.mediator_a)
    client.get(reverse("vouchers:list"))  # warm the session
    with django_assert_num_queries(8):
        response = client.get(reverse("vouchers:list"), {"page": 2})
    assert response.context["page"].paginator.count == 30
    assert len(response.context["page"].object_list) == 5


def test_the_series_list_stays_light(cast: Any, django_assert_num_queries: Any) -> None:
    for n in range(5):
        make_series(cast.structure_a, prefix=f"S{n}", funder_partner=cast.partner, funder_name="")
    client = _client(cast.manager_a)
    client.get(reverse("vouchers:series_list"))
    with django_assert_num_queries(11):
        response = client.get(reverse("vouchers:series_list"))
    assert response.context["page"].paginator.count == 5


def test_the_list_filters_expired_vouchers_as_people_read_them(cast: Any) -> None:
    current = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    ended = make_series(cast.structure_a, name="Pass 2025")
    old = issue(ended, cast.structure_a, cast.mediator_a)
    VoucherSeries.objects.filter(pk=ended.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    client = _client(cast.mediator_a)
    expired = client.get(reverse("vouchers:list"), {"etat": "expired"})
    assert [v.pk for v in expired.context["page"]] == [old.pk]
    assert "Expiré" in expired.content.decode()
    issued = client.get(reverse("vouchers:list"), {"etat": "issued"})
    assert [v.pk for v in issued.context["page"]] == [current.pk]
    assert client.get(reverse("vouchers:list"), {"etat": "<b>"}).context["status"] == ""
