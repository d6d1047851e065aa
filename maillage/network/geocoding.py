"""Optional address geocoder speaking the Base Adresse Nationale API format.

`GET {URL}/search/?q=...&citycode=...&limit=5` and `GET {URL}/reverse/?lon=...&lat=...` answer a
GeoJSON FeatureCollection whose features carry `properties.label`, `score`, `citycode`, `postcode`
and `geometry.coordinates` [lon, lat]. With `GEOCODER_URL` empty (the default) nothing is ever
called. Every failure (timeout, HTTP error, unreadable answer) becomes `GeocoderUnavailable`, whose
message is French and meant for the person filling the form: geocoding is an aid and never blocks.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings

from maillage.territory.enums import CommuneAliasKind
from maillage.territory.models import Commune

logger = logging.getLogger(__name__)

# Below this BAN score an answer is more likely another street than the address typed.
MIN_SCORE = 0.5
UNAVAILABLE = (
    "Le service de recherche d'adresse ne répond pas pour le moment : placez le point sur la carte "
    "ou saisissez la latitude et la longitude. Le lieu peut être enregistré sans cela."
)


class GeocoderUnavailable(Exception):
    def __init__(self, message: str = UNAVAILABLE) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Address:
    label: str
    name: str
    lat: float
    lon: float
    postcode: str
    citycode: str
    score: float


def is_configured() -> bool:
    return bool(settings.GEOCODER_URL)


def _get(path: str, params: dict[str, Any]) -> Any:
    base = settings.GEOCODER_URL.rstrip("/")
    if urlsplit(base).scheme not in {"http", "https"}:
        raise GeocoderUnavailable()
    url = f"{base}/{path}/?{urlencode(params)}"
    request = Request(url, headers={"Accept": "application/json", "User-Agent": "Maillage"})  # noqa: S310 (http(s) only)
    try:
        with urlopen(request, timeout=settings.GEOCODER_TIMEOUT_SECONDS) as response:  # noqa: S310 (http(s) only)
            return json.loads(response.read(1_000_000).decode("utf-8"))
    except (HTTPError, URLError, TimeoutError, OSError, ValueError) as error:
        logger.warning("Geocoder %s failed: %s", path, error)
        raise GeocoderUnavailable() from error


def _addresses(payload: Any) -> list[Address]:
    if not isinstance(payload, dict) or not isinstance(payload.get("features"), list):
        raise GeocoderUnavailable()
    addresses = []
    for feature in payload["features"]:
        try:
            props = feature["properties"]
            lon, lat = (float(value) for value in feature["geometry"]["coordinates"][:2])
            addresses.append(
                Address(
                    label=str(props.get("label") or ""),
                    name=str(props.get("name") or ""),
                    lat=lat,
                    lon=lon,
                    postcode=str(props.get("postcode") or ""),
                    citycode=str(props.get("citycode") or ""),
                    score=float(props.get("score") or 0),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return sorted(addresses, key=lambda address: -address.score)


def search(text: str, *, citycode: str = "", limit: int = 5) -> list[Address]:
    """Addresses matching `text` (within the commune `citycode` when given), best first."""
    params: dict[str, Any] = {"q": text, "limit": limit}
    if citycode:
        params["citycode"] = citycode
    return _addresses(_get("search", params))


def reverse(lat: float, lon: float) -> Address | None:
    """The nearest known address of a point, or None."""
    found = _addresses(_get("reverse", {"lon": f"{lon:.6f}", "lat": f"{lat:.6f}"}))
    return found[0] if found else None


def locate(address: str, commune: Commune) -> Address | None:
    """The address in `commune`, when the geocoder is confident enough; else None.

    Paris, Lyon and Marseille addresses carry the code of their arrondissement, so a commune with
    municipal districts is searched by name and its results checked against every code it holds.
    """
    districts = set(commune.aliases.filter(kind=CommuneAliasKind.MUNICIPAL_DISTRICT).values_list("code", flat=True))
    codes = {commune.code, *districts}
    found = search(f"{address} {commune.name}") if districts else search(address, citycode=commune.code)
    for candidate in found:
        if candidate.score >= MIN_SCORE and candidate.citycode in codes:
            return candidate
    return None
