"""The optional address geocoder (Base Adresse Nationale format), against a real local HTTP server."""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.network.models import Place

PRESSENSE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [4.890215, 45.771943]},
    "properties": {
        "label": "3 Rue Francis de Pressensé 69100 Villeurbanne",
        "name": "3 Rue Francis de Pressensé",
        "score": 0.93,
        "citycode": "69266",
        "postcode": "69100",
        "city": "Villeurbanne",
        "type": "housenumber",
    },
}
VAGUE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [4.88, 45.76]},
    "properties": {"label": "Rue Inconnue 69100 Villeurbanne", "score": 0.21, "citycode": "69266", "postcode": "69100"},
}


class BanServer(ThreadingHTTPServer):
    """Answers like the BAN API: `mode` is "ok", "error" (HTTP 500) or "slow" (beyond the timeout)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), BanHandler)
        self.mode = "ok"
        self.calls: list[tuple[str, dict[str, list[str]]]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class BanHandler(BaseHTTPRequestHandler):
    server: BanServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.server.calls.append((parts.path, query))
        if self.server.mode == "slow":
            time.sleep(1.5)
        if self.server.mode == "error":
            self.send_error(500)
            return
        features: list[dict[str, Any]] = []
        if parts.path == "/search/" and query.get("citycode") == ["69266"]:
            text = query["q"][0].lower()
            features = [PRESSENSE] if "pressensé" in text else [VAGUE] if "inconnue" in text else []
        elif parts.path == "/reverse/":
            features = [PRESSENSE]
        body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def ban() -> Iterator[BanServer]:
    server = BanServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def geocoder(ban: BanServer, settings: Any) -> BanServer:
    settings.GEOCODER_URL = ban.url
    settings.GEOCODER_TIMEOUT_SECONDS = 0.5
    return ban


@pytest.fixture
def manager_client(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.manager_a)
    return client


def _payload(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "PIMMS Pressensé",
        "commune": "69266",
        "postcode": "",
        "address": "3 rue Francis de Pressensé",
        "lat": "",
        "lon": "",
        "mobility": "fixed",
        "opening_hours_raw": "Mo-Fr 09:00-12:00",
        "stops-TOTAL_FORMS": "0",
        "stops-INITIAL_FORMS": "0",
        "stops-MIN_NUM_FORMS": "0",
        "stops-MAX_NUM_FORMS": "30",
    }
    data.update(overrides)
    return data


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _create_url(cast: Any) -> str:
    return reverse("network:place_create", args=[cast.structure_a.uuid])


def test_find_address_fills_the_point_and_postcode_without_saving(
    cast: Any, manager_client: Client, geocoder: BanServer
) -> None:
    response = manager_client.post(_create_url(cast), _payload(action="locate"))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["lat"].value(), form["lon"].value(), form["postcode"].value()) == ("45.771943", "4.890215", "69100")
    assert "Adresse trouvée : 3 Rue Francis de Pressensé 69100 Villeurbanne" in _text(response)
    assert not Place.objects.filter(name="PIMMS Pressensé").exists()
    path, query = geocoder.calls[0]
    assert path == "/search/"
    assert query["citycode"] == ["69266"]
    assert query["q"] == ["3 rue Francis de Pressensé"]


def test_the_located_point_is_what_gets_saved(cast: Any, manager_client: Client, geocoder: BanServer) -> None:
    located = manager_client.post(_create_url(cast), _payload(action="locate")).context["form"].data
    response = manager_client.post(_create_url(cast), {k: v for k, v in located.items() if k != "action"})
    assert response.status_code == 302
    place = Place.objects.get(name="PIMMS Pressensé")
    assert (place.lat, place.lon, place.postcode) == (45.771943, 4.890215, "69100")


def test_find_address_without_address_fills_it_from_the_point(
    cast: Any, manager_client: Client, geocoder: BanServer
) -> None:
    data = _payload(action="locate", address="", lat="45.77194", lon="4.89021")
    response = manager_client.post(_create_url(cast), data)
    assert response.context["form"]["address"].value() == "3 Rue Francis de Pressensé"
    assert geocoder.calls[0][0] == "/reverse/"
    assert geocoder.calls[0][1]["lat"] == ["45.771940"]


def test_an_unsure_answer_is_not_taken_for_the_address(cast: Any, manager_client: Client, geocoder: BanServer) -> None:
    response = manager_client.post(_create_url(cast), _payload(action="locate", address="rue Inconnue"))
    assert response.context["form"]["lat"].value() in ("", None)
    assert "Adresse introuvable à Villeurbanne" in _text(response)


@pytest.mark.parametrize("mode", ["error", "slow"])
def test_geocoder_failure_is_explained_in_french_and_saving_still_works(
    cast: Any, manager_client: Client, geocoder: BanServer, mode: str
) -> None:
    geocoder.mode = mode  # "slow" answers a good address after 1.5 s, past the 0.5 s timeout
    response = manager_client.post(_create_url(cast), _payload(action="locate"))
    assert response.status_code == 200
    assert "Le service de recherche d'adresse ne répond pas pour le moment" in _text(response)
    assert response.context["form"]["lat"].value() in ("", None)
    assert geocoder.calls
    saved = manager_client.post(_create_url(cast), _payload(postcode="69100", lat="45.7719", lon="4.8902"))
    assert saved.status_code == 302
    assert Place.objects.filter(name="PIMMS Pressensé").exists()


def test_no_geocoder_url_means_no_button_and_no_call(
    cast: Any, manager_client: Client, ban: BanServer, settings: Any
) -> None:
    settings.GEOCODER_URL = ""
    page = manager_client.get(_create_url(cast)).content.decode()
    assert 'value="locate"' not in page
    response = manager_client.post(_create_url(cast), _payload(action="locate"))
    assert "La recherche d'adresse n'est pas configurée" in _text(response)
    assert manager_client.post(_create_url(cast), _payload(postcode="69100")).status_code == 302
    assert ban.calls == []


def test_configured_geocoder_shows_the_button(cast: Any, manager_client: Client, geocoder: BanServer) -> None:
    page = manager_client.get(_create_url(cast)).content.decode()
    assert 'name="action" value="locate"' in page
    assert geocoder.calls == []  # showing the form calls nothing
