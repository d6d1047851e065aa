"""Opening hours right everywhere in France: each place in its own time zone, with its own public and
school holidays; "sur rendez-vous" never reads as open; hours in French on cards, pages and popups."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.directory.search import SearchQuery, search_places
from maillage.factories import PlaceFactory, commune, sign_in
from maillage.lib.opening_hours import PARIS

pytestmark = pytest.mark.django_db

REUNION = ZoneInfo("Indian/Reunion")
OFFICE = "Mo-Fr 09:00-12:00,13:30-17:00; PH off"
NBSP = "\u00a0"


def place_in(code: str, lat: float, lon: float, hours: str = OFFICE, **fields: Any) -> Any:
    return PlaceFactory(commune=commune(code, lat, lon), lat=lat, lon=lon, opening_hours=hours, **fields)


def open_now(at: dt.datetime) -> list[str]:
    return sorted(r.place.name for r in search_places(SearchQuery(open_now=True, at=at)))


def freeze(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_reunion_place_is_open_at_nine_local_time_on_a_weekday(client: Client, monkeypatch: Any) -> None:
    bus = place_in("97411", -20.8789, 55.4481, "Mo-Fr 08:30-12:00; PH off", name="Bus de Saint-Denis")
    nine_local = dt.datetime(2026, 2, 3, 9, 0, tzinfo=REUNION)  # a Tuesday, 6:00 in Paris
    assert open_now(nine_local) == ["Bus de Saint-Denis"]
    freeze(monkeypatch, nine_local)
    body = html.unescape(client.get(bus.get_absolute_url()).content.decode())
    assert f"Ouvert maintenant · ferme aujourd'hui à 12{NBSP}h" in body


def test_reunion_place_is_closed_on_the_abolition_of_slavery_day() -> None:
    place_in("97411", -20.8789, 55.4481, name="Saint-Denis")
    place_in("69123", 45.7640, 4.8357, name="Lyon")
    assert open_now(dt.datetime(2024, 12, 20, 10, 0, tzinfo=REUNION)) == []  # a Friday, 20 décembre
    assert open_now(dt.datetime(2024, 12, 20, 10, 0, tzinfo=PARIS)) == ["Lyon"]


@pytest.mark.parametrize(
    "moment",
    [dt.datetime(2026, 4, 3, 10, 0, tzinfo=PARIS), dt.datetime(2025, 12, 26, 10, 0, tzinfo=PARIS)],
    ids=["good-friday", "26-december"],
)
def test_alsace_moselle_places_are_closed_on_their_holidays_while_lyon_is_open(moment: dt.datetime) -> None:
    place_in("67482", 48.5734, 7.7521, name="Strasbourg")
    place_in("57463", 49.1193, 6.1757, name="Metz")
    place_in("69123", 45.7640, 4.8357, name="Lyon")
    assert open_now(moment) == ["Lyon"]


def test_alsace_place_page_shows_good_friday_closed_in_its_week(client: Client, monkeypatch: Any) -> None:
    place = place_in("67482", 48.5734, 7.7521)
    freeze(monkeypatch, dt.datetime(2026, 4, 2, 8, 0, tzinfo=PARIS))  # Thursday before Good Friday
    body = html.unescape(client.get(place.get_absolute_url()).content.decode())
    assert f"Jeudi 2 avril</th><td>9{NBSP}h – 12{NBSP}h, 13{NBSP}h{NBSP}30 – 17{NBSP}h</td>" in body
    assert "Vendredi 3 avril</th><td>Fermé</td>" in body


def test_sunday_appointment_rule_shows_sur_rendez_vous_and_is_not_open(client: Client, monkeypatch: Any) -> None:
    hours = 'Mo-Fr 09:00-12:00; Su 10:00-12:00 "sur rendez-vous"'
    place = place_in("69123", 45.7640, 4.8357, hours, name="Permanence")
    sunday = dt.datetime(2026, 2, 8, 10, 30, tzinfo=PARIS)
    assert open_now(sunday) == []
    [result] = search_places(SearchQuery(at=sunday))
    assert result.status is not None
    assert result.status.label == "Sur rendez-vous"
    freeze(monkeypatch, sunday)
    body = html.unescape(client.get(place.get_absolute_url()).content.decode())
    assert 'data-status="remark">Sur rendez-vous<' in body
    assert "Ouvert maintenant" not in body
    assert f"Dimanche 8 février</th><td>10{NBSP}h – 12{NBSP}h (sur rendez-vous)</td>" in body


def test_fallback_sur_rendez_vous_is_shown_as_such_outside_the_hours() -> None:
    place_in("69123", 45.7640, 4.8357, 'Mo-Fr 09:00-12:00 || "sur rendez-vous"', name="Permanence")
    saturday = dt.datetime(2026, 2, 7, 10, 0, tzinfo=PARIS)
    assert open_now(saturday) == []
    [result] = search_places(SearchQuery(at=saturday))
    assert result.status is not None
    assert result.status.label == "Sur rendez-vous"
    assert open_now(dt.datetime(2026, 2, 9, 10, 0, tzinfo=PARIS)) == ["Permanence"]


def test_school_holidays_follow_the_place_zone() -> None:
    hours = "Mo-Fr 09:00-12:00; SH Mo-Fr 14:00-17:00"
    place_in("69123", 45.7640, 4.8357, hours, name="Lyon")  # zone A: 7 to 23 February 2026
    place_in("13055", 43.2965, 5.3698, hours, name="Marseille")  # zone B: 14 February to 2 March
    place_in("75056", 48.8566, 2.3522, hours, name="Paris")  # zone C: 21 February to 9 March
    assert open_now(dt.datetime(2026, 2, 16, 10, 0, tzinfo=PARIS)) == ["Paris"]
    assert open_now(dt.datetime(2026, 2, 16, 15, 0, tzinfo=PARIS)) == ["Lyon", "Marseille"]
    assert open_now(dt.datetime(2026, 2, 24, 15, 0, tzinfo=PARIS)) == ["Marseille", "Paris"]


def test_school_holidays_are_not_guessed_where_the_package_has_no_zone() -> None:
    place_in("2A004", 41.9192, 8.7386, "Mo-Fr 09:00-12:00; SH off", name="Ajaccio")
    [result] = search_places(SearchQuery(at=dt.datetime(2026, 2, 16, 10, 0, tzinfo=PARIS)))
    assert result.status is not None
    assert not result.status.is_open
    assert result.status.label == "Vacances scolaires non connues pour ce territoire"


def test_cards_and_map_popups_show_the_next_opening_in_french(client: Client, monkeypatch: Any) -> None:
    place_in("69123", 45.7640, 4.8357, "Mo-Fr 09:00-12:30", name="Maison France Services")
    freeze(monkeypatch, dt.datetime(2026, 2, 7, 10, 0, tzinfo=PARIS))  # a Saturday
    body = html.unescape(client.get(reverse("directory:home"), {"where": "lyon", "radius_km": 30}).content.decode())
    assert f"Fermé · ouvre lundi à 9{NBSP}h" in body
    assert "09h00" not in body
    [feature] = client.get(reverse("directory:map_data")).json()["features"]
    assert feature["properties"]["status"] == f"Fermé · ouvre lundi à 9{NBSP}h"
    assert feature["properties"]["hours"] == f"du lundi au vendredi 9{NBSP}h – 12{NBSP}h{NBSP}30"


def test_back_office_lists_hours_in_french_not_osm(client: Client, cast: Any) -> None:
    cast.place_a.opening_hours = "Mo-Fr 09:00-12:30; Sa 09:00-12:00; PH off"
    cast.place_a.save()
    sign_in(client, cast.manager_a)
    body = html.unescape(client.get(reverse("network:structure", args=[cast.structure_a.uuid])).content.decode())
    expected = (
        f"du lundi au vendredi 9{NBSP}h – 12{NBSP}h{NBSP}30 ; samedi 9{NBSP}h – 12{NBSP}h ; fermé les jours fériés"
    )
    assert expected in body
    assert "Mo-Fr" not in body
