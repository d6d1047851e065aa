"""Geographic helpers: great-circle distances and the extent of French territory."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported on use: the models import this module
    import numpy as np
    import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088

# (south, west, north, east) boxes of the territories where French public services are found.
FRANCE_BOXES: dict[str, tuple[float, float, float, float]] = {
    "metropole": (41.3, -5.3, 51.2, 9.7),
    "guadeloupe_saint_martin": (15.8, -63.2, 18.2, -60.9),
    "martinique": (14.3, -61.3, 14.95, -60.75),
    "guyane": (2.0, -54.7, 5.9, -51.5),
    "reunion": (-21.45, 55.2, -20.8, 55.9),
    "mayotte": (-13.1, 44.9, -12.6, 45.35),
    "saint_pierre_miquelon": (46.7, -56.5, 47.2, -56.1),
    "nouvelle_caledonie": (-23.0, 163.5, -19.5, 168.2),
    "polynesie": (-28.0, -155.0, -7.8, -134.0),
    "wallis_futuna": (-14.4, -178.3, -13.1, -176.1),
}


def in_france(lat: float, lon: float) -> bool:
    return any(s <= lat <= n and w <= lon <= e for s, w, n, e in FRANCE_BOXES.values())


def coordinates_error(lat: float | None, lon: float | None) -> str | None:
    """French message for unusable coordinates, None when they are fine (or both absent)."""
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        return "Renseignez à la fois la latitude et la longitude."
    if not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
        return "Coordonnées impossibles : la latitude va de -90 à 90, la longitude de -180 à 180."
    if not in_france(lat, lon):
        return "Ces coordonnées sont hors de France. Vérifiez l'ordre latitude / longitude."
    return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_many_km(
    lat: float, lon: float, lats: npt.NDArray[np.float64], lons: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Distances in km from one point to many, vectorised."""
    import numpy as np

    p1 = math.radians(lat)
    p2 = np.radians(lats)
    dp = p2 - p1
    dl = np.radians(lons) - math.radians(lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    result: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    return result


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) box that contains the circle of `radius_km` around the point."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)))
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon
