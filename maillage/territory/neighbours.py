"""Exact k nearest neighbours of points on the unit sphere, with numpy only.

The coverage engine used scipy's k-d tree; importing `scipy.spatial` (Qhull, so scipy.linalg, and
scipy.special) took longer than `maillage coverage` computes. Here points are bucketed by cubic
cell of side `c` (3D unit vectors): a point outside the 27 cells around a query's cell is farther
than `c` from it along one axis, so once a query's k-th nearest candidate of those cells lies
within `c`, the answer is exact. Queries not settled are searched again with cells twice as large,
up to cells that hold the whole sphere. Distances are chords computed as the k-d tree does
(differences squared, summed x, y then z, square root): the same numbers, bit for bit. Among
points at exactly the same distance, the lowest index comes first.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

OFFSETS = np.array([(x, y, z) for x in (-1, 0, 1) for y in (-1, 0, 1) for z in (-1, 0, 1)], dtype=np.int64)
FINEST_CELL = 2.0**-17  # about 50 m of chord: cell keys stay far within int64
WHOLE_SPHERE = 2.0  # cells this large put every unit vector within a query's 27 cells
SAFETY = 1 - 1e-9  # a candidate settles a query only clearly inside its cells (rounding of floor)


def chords(a: FloatArray, b: FloatArray) -> FloatArray:
    """Straight distance between aligned rows of two (n, 3) arrays, summed as the k-d tree does."""
    d = a - b
    result: FloatArray = np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1] + d[:, 2] * d[:, 2])
    return result


class Grid:
    """Points bucketed by cubic cell: for each occupied cell, the run of its points in key order."""

    def __init__(self, points: FloatArray, cell: float) -> None:
        self.cell = cell
        bound = int(np.ceil(1.0 / cell)) + 2  # cell coordinates of unit vectors, and their neighbours
        self.width = 2 * bound + 1
        self.shift = (bound * self.width + bound) * self.width + bound
        keys = self.keys(points)
        self.order = np.argsort(keys, kind="stable")
        self.cells, self.starts, self.counts = np.unique(keys[self.order], return_index=True, return_counts=True)

    def keys(self, points: FloatArray) -> IntArray:
        """One integer per cell; the key of a neighbouring cell is the key plus that of its offset."""
        cells = np.floor(points / self.cell).astype(np.int64)
        result: IntArray = (cells[:, 0] * self.width + cells[:, 1]) * self.width + cells[:, 2] + self.shift
        return result

    def candidates(self, queries: FloatArray) -> tuple[IntArray, IntArray]:
        """(query row, point index) of every point in the 27 cells around each query's cell, by row."""
        cells, query_cell = np.unique(self.keys(queries), return_inverse=True)  # searched once per cell
        offsets = (OFFSETS[:, 0] * self.width + OFFSETS[:, 1]) * self.width + OFFSETS[:, 2]
        wanted = (cells[:, None] + offsets[None, :]).ravel()
        position = np.minimum(np.searchsorted(self.cells, wanted), len(self.cells) - 1)
        hit = self.cells[position] == wanted
        owner = np.repeat(np.arange(len(cells), dtype=np.int64), len(OFFSETS))[hit]
        counts = self.counts[position[hit]]
        around = self.order[runs(self.starts[position[hit]], counts)]  # points around each cell, by cell
        per_cell = np.bincount(owner, weights=counts, minlength=len(cells)).astype(np.int64)
        per_query = per_cell[query_cell]
        rows = np.repeat(np.arange(len(queries), dtype=np.int64), per_query)
        return rows, around[runs((np.cumsum(per_cell) - per_cell)[query_cell], per_query)]


def runs(starts: IntArray, counts: IntArray) -> IntArray:
    """Concatenated ranges starts[i], ..., starts[i] + counts[i] - 1."""
    first = np.cumsum(counts) - counts
    result: IntArray = np.repeat(starts - first, counts) + np.arange(int(counts.sum()), dtype=np.int64)
    return result


def starting_cell(points: FloatArray) -> float:
    """The largest cell (a power of two) holding on average at most two of the points it meets."""
    cell = WHOLE_SPHERE
    while cell > FINEST_CELL:
        keys = np.sort(Grid(points, cell).keys(points))
        occupied = 1 + int(np.count_nonzero(keys[1:] != keys[:-1]))  # np.unique would load numpy.ma
        if len(points) <= 2 * occupied:
            break
        cell /= 2
    return cell


def nearest(points: FloatArray, queries: FloatArray, k: int = 1) -> tuple[FloatArray, IntArray]:
    """(m, k) chords and indices of the k nearest points to each query, nearest first.

    Where there are fewer than k points, the missing neighbours have chord inf and index -1.
    """
    found_chords = np.full((len(queries), k), np.inf)
    found = np.full((len(queries), k), -1, dtype=np.int64)
    wanted = min(k, len(points))
    if not len(queries) or not wanted:
        return found_chords, found
    todo = np.arange(len(queries), dtype=np.int64)
    cell = starting_cell(points)
    while len(todo):
        searched = queries[todo]
        rows, candidates = Grid(points, cell).candidates(searched)
        distances = chords(searched[rows], points[candidates])
        first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else rows
        group = np.repeat(np.arange(len(first)), np.diff(np.r_[first, len(rows)]))
        best = np.full((len(first), wanted), np.inf)
        picked = np.full((len(first), wanted), len(points), dtype=np.int64)
        for rank in range(wanted):  # the nearest left, the lowest index among equals, then set aside
            if not len(rows):
                break
            best[:, rank] = np.minimum.reduceat(distances, first)
            tie = distances == best[group, rank]
            picked[:, rank] = np.minimum.reduceat(np.where(tie, candidates, len(points)), first)
            if rank + 1 < wanted:
                distances = np.where(tie & (candidates == picked[group, rank]), np.inf, distances)
        kth = np.full(len(todo), np.inf)
        kth[rows[first]] = best[:, wanted - 1]
        settled = np.ones(len(todo), dtype=np.bool_) if cell >= WHOLE_SPHERE else kth <= cell * SAFETY
        keep = settled[rows[first]]
        target = todo[rows[first][keep]]
        found_chords[target, :wanted] = best[keep]
        found[target, :wanted] = np.where(np.isfinite(best[keep]), picked[keep], -1)
        todo = todo[~settled]
        cell *= 2
    return found_chords, found
