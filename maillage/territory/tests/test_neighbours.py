"""The numpy neighbour search answers what scipy's k-d tree answers, on random points.

The k-d tree stays the reference here (scipy is still a dependency, for siting); the coverage
engine uses the grid so that `maillage coverage` does not load scipy.spatial.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from maillage.territory.coverage import FloatArray, unit_vectors
from maillage.territory.neighbours import nearest

# Points in France and far from it (overseas, antipodes), often repeated, sometimes almost equal.
coordinates = st.tuples(st.floats(-90, 90), st.floats(-180, 180))
french = st.tuples(st.floats(42.0, 51.0), st.floats(-5.0, 8.5))
points = st.lists(st.one_of(french, french, coordinates), min_size=0, max_size=60)


def vectors(rows: list[tuple[float, float]]) -> FloatArray:
    lat = np.array([row[0] for row in rows], dtype=np.float64)
    lon = np.array([row[1] for row in rows], dtype=np.float64)
    return unit_vectors(lat, lon)


def tree_chords(places: FloatArray, queries: FloatArray, k: int) -> FloatArray:
    """Chords of the k nearest places by the k-d tree, inf where there are fewer than k places."""
    if not len(places) or not len(queries):
        return np.full((len(queries), k), np.inf)
    found, _ = cKDTree(places).query(queries, k=k)
    return np.asarray(found, dtype=np.float64).reshape(len(queries), k)


@settings(max_examples=300, deadline=None)
@given(places=points, queries=points, k=st.sampled_from([1, 2, 3]))
def test_nearest_places_are_those_of_the_kd_tree(
    places: list[tuple[float, float]], queries: list[tuple[float, float]], k: int
) -> None:
    place_vectors, query_vectors = vectors(places), vectors(queries)
    chords, indices = nearest(place_vectors, query_vectors, k)
    expected = tree_chords(place_vectors, query_vectors, k)
    assert np.array_equal(chords, expected)  # the same numbers, bit for bit
    for row, query in enumerate(query_vectors):
        found = indices[row][indices[row] >= 0]
        assert len(found) == min(k, len(places))
        assert len(set(found.tolist())) == len(found)
        exact = np.sqrt(((place_vectors[found] - query) ** 2).sum(axis=1))
        assert np.array_equal(exact, chords[row][: len(found)])


@settings(max_examples=100, deadline=None)
@given(site=french, copies=st.integers(2, 5))
def test_among_places_at_the_same_spot_the_first_listed_is_nearest(site: tuple[float, float], copies: int) -> None:
    place_vectors = vectors([(site[0] + 1.0, site[1])] + [site] * copies)
    _, indices = nearest(place_vectors, vectors([site]), k=2)
    assert indices[0].tolist() == [1, 2]


def test_a_query_far_from_every_place_still_finds_the_nearest() -> None:
    """A dense cluster in Brittany and one lonely place: queries in the Pacific and at the antipodes."""
    rng = np.random.default_rng(18)
    cluster = [(48.0 + dy, -3.0 + dx) for dy, dx in rng.uniform(0, 0.5, size=(500, 2))]
    places = vectors([*cluster, (-21.1, 55.5)])  # La Réunion
    queries = vectors([(-17.5, -149.5), (-48.0, 177.0), (48.2, -2.8), (-21.0, 55.4)])
    chords, indices = nearest(places, queries, 1)
    expected = tree_chords(places, queries, 1)
    assert np.array_equal(chords, expected)
    assert indices[3, 0] == 500


def test_fewer_places_than_asked_leave_inf_and_minus_one() -> None:
    chords, indices = nearest(vectors([(45.0, 5.0)]), vectors([(45.1, 5.0), (44.0, 4.0)]), k=3)
    assert indices.tolist() == [[0, -1, -1], [0, -1, -1]]
    assert np.isinf(chords[:, 1:]).all()
    assert nearest(vectors([]), vectors([(45.0, 5.0)]), 1)[1].tolist() == [[-1]]
