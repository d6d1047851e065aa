"""The search page written in Python (result cards, form fields) shows what the templates showed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template.loader import render_to_string

from maillage.counter.form_html import field_html
from maillage.counter.widgets import FastWidget
from maillage.directory.forms import PublicSearchForm
from maillage.directory.results_html import cards_html, status_tag_html
from maillage.directory.search import SearchQuery, search_places, with_details
from maillage.factories import PartnerFactory, PlaceFactory, commune
from maillage.lib.opening_hours import PARIS, Status
from maillage.network import enums

pytestmark = pytest.mark.django_db

MONDAY_MORNING = dt.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
SUNDAY_EVENING = dt.datetime(2026, 3, 8, 20, 0, tzinfo=PARIS)


@pytest.fixture
def varied_places(db: Any) -> None:
    """Places covering every branch of a card: partners or none, itinerant, stale, each kind of hours."""
    commune("69123", 45.7640, 4.8357)
    caf, cpam = PartnerFactory(code="caf", name="CAF"), PartnerFactory(code="cpam", name="Assurance <maladie>")
    PlaceFactory(name="PIMMS Villeurbanne & Co", partners=[caf, cpam])
    PlaceFactory(name='Lieu "itinérant"', mobility=enums.Mobility.ITINERANT, lat=45.76, lon=4.86, opening_hours="")
    PlaceFactory(name="Sur rendez-vous", opening_hours='Mo-Fr 09:00-12:00 "sur rendez-vous"', lat=45.75, lon=4.85)
    PlaceFactory(name="Fallback", opening_hours='Mo 09:00-09:30 || "sur appel"', lat=45.70, lon=4.80)
    PlaceFactory(name="Horaires inconnus", opening_hours="Mo-Fr unknown", lat=45.72, lon=4.82)
    PlaceFactory(name="Week-end", opening_hours="Sa-Su 10:00-18:00", lat=45.73, lon=4.83, partners=[cpam])
    PlaceFactory(name="Ancien", confirmed_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), address="2 <rue>")


def _template_cards(query: SearchQuery) -> list[str]:
    return [
        render_to_string("directory/_result_card.html", {"result": r, "place": r.place, "status": r.status})
        for r in search_places(query)
    ]


@pytest.mark.parametrize("at", [MONDAY_MORNING, SUNDAY_EVENING])
@pytest.mark.parametrize("located", [True, False])
def test_every_result_card_is_the_card_template(varied_places: None, at: dt.datetime, located: bool) -> None:
    query = SearchQuery(lat=45.7640 if located else None, lon=4.8357 if located else None, at=at)
    expected = _template_cards(query)
    assert len(expected) == 7
    assert cards_html(with_details(search_places(query)[:7])) == "\n          ".join(expected)


@pytest.mark.parametrize(
    "status",
    [
        None,
        Status(is_open=True, next_change=None),
        Status(is_open=True, next_change=None, change_text="Ferme aujourd'hui à 12\u00a0h"),
        Status(is_open=False, next_change=None, change_text="Ouvre lundi à 9\u00a0h <&>"),
        Status(is_open=False, next_change=None),
        Status(is_open=False, next_change=None, comment="sur rendez-vous <b>"),
        Status(is_open=False, next_change=None, unknown=True),
    ],
)
def test_status_tag_is_the_status_template(status: Status | None) -> None:
    assert status_tag_html(status) == render_to_string("directory/_status_tag.html", {"status": status})


@pytest.mark.parametrize("data", [{"where": "Lyon", "service": "digital_world", "open_now": "on"}, {"radius_km": "7"}])
def test_search_form_fields_are_the_shared_field_template(varied_places: None, data: dict[str, str]) -> None:
    form = PublicSearchForm(data)
    form.is_valid()
    for field in form:
        fast = field.field.widget.__class__
        assert issubclass(fast, FastWidget)
        expected = field_html(field)
        field.field.widget.__class__ = next(cls for cls in fast.__mro__ if not issubclass(cls, FastWidget))
        assert expected == render_to_string("includes/field.html", {"field": field}), field.name
