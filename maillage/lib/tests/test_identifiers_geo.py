from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.lib import geo
from maillage.lib.identifiers import pivot_error
from maillage.lib.text import normalise_name


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("1234567890", "14 chiffres (10 saisis)"),
        ("732829320000741", "14 chiffres (15 saisis)"),
        ("73282932000075", "clé de contrôle"),
        ("7328293200007A", "que des chiffres"),
        ("W12345", "W suivie de 9 chiffres"),
    ],
)
def test_pivot_errors_are_explained_in_french(value: str, fragment: str) -> None:
    error = pivot_error(value)
    assert error is not None
    assert fragment in error


@pytest.mark.parametrize("value", ["73282932000074", "W691234567", "35600000000010"])
def test_valid_pivots_pass(value: str) -> None:
    assert pivot_error(value) is None


@pytest.mark.parametrize(
    ("lat", "lon", "ok"),
    [
        (45.76, 4.83, True),  # Lyon
        (-21.11, 55.53, True),  # La Réunion
        (16.24, -61.53, True),  # Guadeloupe
        (4.83, 45.76, False),  # swapped Lyon
        (51.5, -0.12, False),  # London
        (95.0, 4.0, False),
    ],
)
def test_coordinates_must_be_in_france(lat: float, lon: float, ok: bool) -> None:
    assert (geo.coordinates_error(lat, lon) is None) is ok


def test_half_coordinates_are_refused() -> None:
    assert geo.coordinates_error(45.0, None) == "Renseignez à la fois la latitude et la longitude."


def test_lyon_saint_etienne_distance() -> None:
    assert geo.haversine_km(45.7640, 4.8357, 45.4397, 4.3872) == pytest.approx(49.7, abs=0.5)


@given(st.floats(-80, 80), st.floats(-179, 179), st.floats(-80, 80), st.floats(-179, 179))
def test_vectorised_distance_matches_scalar(lat1: float, lon1: float, lat2: float, lon2: float) -> None:
    many = geo.haversine_many_km(lat1, lon1, np.array([lat2]), np.array([lon2]))
    assert math.isclose(many[0], geo.haversine_km(lat1, lon1, lat2, lon2), rel_tol=1e-9, abs_tol=1e-6)


@given(st.floats(-60, 60), st.floats(-170, 170), st.floats(0.5, 200), st.floats(0, 2 * math.pi))
def test_bounding_box_contains_the_circle(lat: float, lon: float, radius: float, angle: float) -> None:
    south, west, north, east = geo.bounding_box(lat, lon, radius)
    # a point at distance ~radius in direction `angle` (small-circle approximation kept inside)
    dlat = math.degrees(radius * 0.999 / geo.EARTH_RADIUS_KM) * math.cos(angle)
    plat = lat + dlat
    dlon = math.degrees(radius * 0.999 / (geo.EARTH_RADIUS_KM * math.cos(math.radians(plat)))) * math.sin(angle)
    plon = lon + dlon
    if geo.haversine_km(lat, lon, plat, plon) <= radius:
        assert south <= plat <= north
        assert west <= plon <= east


def test_names_are_normalised_for_search() -> None:
    assert normalise_name("  Saint-Étienne ") == "saint etienne"
    assert normalise_name("L'Arbresle") == "l arbresle"
