"""The counter screen reads the user's places once: the place select, the place chosen and the
campaigns flag all come from that one query (each round trip counts on PostgreSQL)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.counter.forms import RequestForm
from maillage.factories import PlaceFactory, counter_form_data, sign_in
from maillage.network.models import Place

PLACE_ROWS = re.compile(r'^SELECT "network_place"\."id"')


@pytest.fixture
def mediator(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.mediator_a)
    return client


def _options(body: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select name="place".*?</select>', body, re.S)
    assert select is not None
    return [
        (label, bool(chosen)) for chosen, label in re.findall(r"<option value=\"\d+\"( selected)?>([^<]+)<", select[0])
    ]


def test_counter_page_reads_the_users_places_once_and_keeps_the_last_place(cast: Any, mediator: Client) -> None:
    second = PlaceFactory(structure=cast.structure_a, name="Lieu A2")
    PlaceFactory(structure=cast.structure_a, name="Lieu A3")
    assert mediator.post(reverse("counter:counter"), counter_form_data(second, domain="housing")).status_code == 302
    with CaptureQueriesContext(connection) as ctx:
        body = mediator.get(reverse("counter:counter")).content.decode()
    assert len([q for q in ctx.captured_queries if PLACE_ROWS.match(q["sql"])]) == 1
    names = [str(p) for p in Place.objects.filter(structure=cast.structure_a).order_by("name")]
    assert _options(body) == [(name, name == str(second)) for name in names]


def test_place_select_from_the_places_already_read_is_the_one_django_reads(cast: Any) -> None:
    PlaceFactory(structure=cast.structure_a, name="Lieu A2")
    places = Place.objects.filter(structure=cast.structure_a).select_related("commune").order_by("name")
    initial = {"place": places[1]}
    read = RequestForm(initial=initial, places=places, place_list=list(places))
    queried = RequestForm(initial=initial, places=places)
    assert str(read["place"]) == str(queried["place"])
