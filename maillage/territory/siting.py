"""Where to open K new places: the maximal covering location problem (pure, no Django).

Given the places already open, choose K sites among candidates to cover as much of the
still-uncovered population as possible within a radius.

- `solve_fast`: greedy (gains kept up to date incrementally, so the picks are those of lazy
  greedy) then best-improvement swaps; then, unless that is already proven optimal, a
  Lagrangian relaxation (subgradient) whose iterates give both bounds and a second start for
  the swaps. Its upper bound is the lowest of: the submodular bound f(S_t) + sum of the K
  largest marginal gains at S_t over every greedy step t (true for any monotone submodular
  objective such as coverage), the Lagrangian bounds, and optionally the LP relaxation bound.
- `solve_exact`: the integer programme solved with HiGHS, started from the fast answer.

Every answer carries a true upper bound on the best possible coverage and the resulting gap.
Output is deterministic: candidates are ranked by id and ties go to the smallest id.
Coverage sets are sparse matrices built from k-d trees; nothing is ever dense in the demand.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from maillage.territory.coverage import Demand, FloatArray, Places, compute_coverage, coverage_matrix


@dataclass(frozen=True, eq=False)
class SitingProblem:
    """The still-uncovered demand, grouped by identical candidate sets, and who covers it."""

    candidates: Places  # sorted by id: the rank is the tie-break
    already_covered: int
    population_total: int
    weights: FloatArray  # population of each demand group
    matrix: sparse.csr_matrix  # candidates × groups, 1.0 where the candidate covers the group
    matrix_csc: sparse.csc_matrix

    @property
    def coverable(self) -> int:
        return int(self.weights.sum())


@dataclass(frozen=True)
class SitingResult:
    chosen: tuple[str, ...]  # candidate ids, in the order of their marginal contribution
    population_covered: int  # after opening the chosen sites (existing places included)
    already_covered: int
    upper_bound: int  # no choice of K candidates can cover more than this
    population_total: int
    seconds: float
    method: str  # "fast" or "exact"
    proven_optimal: bool

    @property
    def newly_covered(self) -> int:
        return self.population_covered - self.already_covered

    @property
    def gap(self) -> float:
        """Relative gap on the newly covered population (the quantity being maximised)."""
        room = self.upper_bound - self.already_covered
        return (self.upper_bound - self.population_covered) / room if room > 0 else 0.0


def uncovered_centres(demand: Demand, places: Places, radius_km: float) -> Places:
    """Default candidates: the demand points (commune centres) no place covers yet."""
    covered = compute_coverage(demand, places, radius_km).covered
    keep = np.flatnonzero(~covered)
    return Places(ids=tuple(demand.ids[i] for i in keep), lat=demand.lat[keep], lon=demand.lon[keep])


def build_problem(demand: Demand, places: Places, candidates: Places, radius_km: float) -> SitingProblem:
    order = sorted(range(len(candidates)), key=lambda i: candidates.ids[i])
    ranked = Places(
        ids=tuple(candidates.ids[i] for i in order),
        lat=candidates.lat[order] if order else np.zeros(0),
        lon=candidates.lon[order] if order else np.zeros(0),
    )
    covered = compute_coverage(demand, places, radius_km).covered
    open_idx = np.flatnonzero(~covered & (demand.population > 0))
    open_demand = Places(ids=tuple(demand.ids[i] for i in open_idx), lat=demand.lat[open_idx], lon=demand.lon[open_idx])
    matrix = coverage_matrix(ranked, open_demand, radius_km).tocsc()
    # Demand points covered by the same candidates are one group: a smaller, equivalent problem.
    groups: dict[bytes, int] = {}
    group_of = np.full(matrix.shape[1], -1, dtype=np.int64)
    indptr, indices = matrix.indptr, matrix.indices
    for column in range(matrix.shape[1]):
        start, end = indptr[column], indptr[column + 1]
        if start == end:
            continue
        key = np.sort(indices[start:end]).tobytes()
        group_of[column] = groups.setdefault(key, len(groups))
    reachable = group_of >= 0
    weights = np.bincount(
        group_of[reachable],
        weights=demand.population[open_idx][reachable].astype(np.float64),
        minlength=len(groups),
    ).astype(np.float64)
    rows, cols = matrix[:, reachable].nonzero()
    grouped = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, group_of[reachable][cols])), shape=(len(ranked), len(groups))
    )
    grouped.data[:] = 1.0  # duplicates were summed
    return SitingProblem(
        candidates=ranked,
        already_covered=int(demand.population[covered].sum()),
        population_total=int(demand.population.sum()),
        weights=weights,
        matrix=grouped,
        matrix_csc=grouped.tocsc(),
    )


def _top_sum(values: FloatArray, k: int) -> float:
    if k >= len(values):
        return float(values.clip(min=0).sum())
    return float(np.partition(values, len(values) - k)[-k:].clip(min=0).sum())


def lagrangian_value(problem: SitingProblem, k: int, multipliers: FloatArray) -> float:
    """Σ_i max(0, w_i − λ_i) + the k largest Σ_{i ∈ N(j)} λ_i: for any λ ≥ 0, an upper bound.

    It is the Lagrangian relaxation of "y_i ≤ Σ_{j covers i} x_j", whose best λ gives the LP bound.
    """
    multipliers = np.maximum(multipliers, 0.0)
    score = problem.matrix @ multipliers
    top = np.sort(score)[-k:] if k < len(score) else score
    return float(np.maximum(problem.weights - multipliers, 0.0).sum() + top.clip(min=0).sum())


def _covered_value(problem: SitingProblem, chosen: list[int]) -> float:
    if not chosen:
        return 0.0
    hit = np.asarray(problem.matrix[chosen].sum(axis=0)).ravel() > 0
    return float(problem.weights[hit].sum())


def _contribution_order(problem: SitingProblem, chosen: list[int]) -> list[int]:
    """Chosen sites sorted by marginal contribution, greedily (ties: smallest rank)."""
    remaining, ordered = sorted(chosen), []
    open_weights = problem.weights.copy()
    while remaining:
        gains = problem.matrix[remaining] @ open_weights
        best = int(np.argmax(gains))
        site = remaining.pop(best)
        ordered.append(site)
        open_weights[problem.matrix[site].indices] = 0.0
    return ordered


def _greedy(problem: SitingProblem, k: int) -> tuple[list[int], float]:
    """Greedy picks and the best submodular upper bound seen on the way (newly covered units)."""
    weights, csc = problem.weights, problem.matrix_csc
    gains = np.asarray(problem.matrix @ weights, dtype=np.float64)
    is_covered = np.zeros(len(weights), dtype=np.bool_)
    chosen: list[int] = []
    value, bound = 0.0, math.inf
    for _ in range(k):
        bound = min(bound, value + _top_sum(gains, k))
        site = int(np.argmax(gains))  # first maximum: smallest id wins ties
        if gains[site] <= 0:
            break
        row = problem.matrix.indices[problem.matrix.indptr[site] : problem.matrix.indptr[site + 1]]
        newly = row[~is_covered[row]]
        is_covered[newly] = True
        value += float(weights[newly].sum())
        gains -= csc[:, newly] @ weights[newly]
        chosen.append(site)
    bound = min(bound, value + _top_sum(gains, k))
    return chosen, bound


def _swap_improve(problem: SitingProblem, chosen: list[int], max_swaps: int) -> tuple[list[int], float]:
    """Best-improvement swaps (one site out, one candidate in) while coverage strictly grows.

    Returns the improved sites and the submodular bound at the final set.
    """
    matrix, weights = problem.matrix, problem.weights
    current = list(chosen)
    k = len(current)
    for iteration in range(max_swaps + 1):
        sub = matrix[current]
        count = np.asarray(sub.sum(axis=0)).ravel()
        open_weights = np.where(count == 0, weights, 0.0)
        sole_weights = np.where(count == 1, weights, 0.0)
        gain = matrix @ open_weights
        if not k or len(current) == matrix.shape[0]:
            break
        loss = sub @ sole_weights
        overlap = (matrix @ sub.multiply(sole_weights).T.tocsc()).toarray()
        delta = gain[:, None] + overlap - loss[None, :]
        delta[current, :] = -np.inf
        best = int(np.argmax(delta))
        site, slot = divmod(best, k)
        if delta[site, slot] < 0.5 or iteration == max_swaps:  # weights are whole people
            break
        current[slot] = site
    bound = _covered_value(problem, current) + _top_sum(gain, k)
    return current, bound


def _solve_model(
    problem: SitingProblem,
    k: int,
    *,
    integer: bool,
    start: list[int] | None,
    time_limit: float | None,
    interior: bool = False,
) -> tuple[highspy.Highs, float]:
    """Maximise Σ w_i y_i − ε Σ x_j, y_i ≤ Σ_{j covers i} x_j, Σ x_j ≤ k (ε breaks useless picks).

    ε·k < 1, so it never trades away a person. Returns the solver and ε.
    """
    n_sites, n_groups = problem.matrix.shape
    eps = 1.0 / (k + 1) if integer else 0.0
    # Columns: x_0..x_{n_sites-1} then y_0..y_{n_groups-1}. Rows: one per group, then the budget.
    x_block = sparse.vstack([-problem.matrix.T, sparse.csr_matrix(np.ones((1, n_sites)))])
    y_block = sparse.vstack([sparse.identity(n_groups, format="csr"), sparse.csr_matrix((1, n_groups))])
    a = sparse.hstack([x_block, y_block]).tocsc()
    lp = highspy.HighsLp()
    lp.num_col_ = n_sites + n_groups
    lp.num_row_ = n_groups + 1
    lp.col_cost_ = np.concatenate([np.full(n_sites, eps), -problem.weights])
    lp.col_lower_ = np.zeros(lp.num_col_)
    lp.col_upper_ = np.ones(lp.num_col_)
    lp.row_lower_ = np.full(lp.num_row_, -highspy.kHighsInf)
    lp.row_upper_ = np.concatenate([np.zeros(n_groups), [float(k)]])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(np.float64)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_sites + [highspy.HighsVarType.kContinuous] * n_groups
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("random_seed", 0)
    if integer:
        solver.setOptionValue("mip_rel_gap", 0.0)
        solver.setOptionValue("mip_abs_gap", 0.5 * eps)
    if interior:
        solver.setOptionValue("solver", "ipm")
        solver.setOptionValue("run_crossover", "off")
    if time_limit is not None:
        solver.setOptionValue("time_limit", float(time_limit))
    solver.passModel(lp)
    if start:
        values = np.zeros(lp.num_col_)
        values[start] = 1.0
        values[n_sites:] = np.asarray(problem.matrix[start].sum(axis=0)).ravel() > 0
        solution = highspy.HighsSolution()
        solution.col_value = values.tolist()
        solver.setSolution(solution)
    solver.run()
    return solver, eps


def lagrangian_search(problem: SitingProblem, k: int, lower: float, iterations: int = 300) -> tuple[float, list[int]]:
    """Subgradient steps on the Lagrangian multipliers: a bound, and good sites on the way.

    Every iterate gives a true upper bound (`lagrangian_value`); its k best-scored candidates are
    also a feasible answer, and the best of them is returned as a start for the swaps. Polyak steps aim at the
    best known value. A fixed number of iterations keeps the output deterministic.
    """
    weights, matrix, transposed = problem.weights, problem.matrix, problem.matrix_csc.T
    if not len(weights):
        return 0.0, []
    multipliers = weights.copy()
    best, theta, stall = math.inf, 2.0, 0
    best_sites: list[int] = []
    best_found = -1.0
    for _ in range(iterations):
        score = matrix @ multipliers
        top = np.argpartition(-score, k - 1)[:k] if k < len(score) else np.arange(len(score))
        top = np.sort(top[score[top] > 0])
        found = _covered_value(problem, top.tolist())
        if found > best_found:  # kept even below `lower`: swaps often lift it above
            best_found, best_sites = found, top.tolist()
            lower = max(lower, found)
        keep = weights > multipliers
        value = float((weights - multipliers)[keep].sum() + score[top].sum())
        if value < best - 1e-9:
            best, stall = value, 0
        else:
            stall += 1
            if stall >= 10:
                theta, stall = theta / 2, 0
        picked = np.zeros(matrix.shape[0])
        picked[top] = 1.0
        subgradient = transposed @ picked - keep
        norm = float(subgradient @ subgradient)
        if norm == 0 or best <= lower + 0.5 or theta < 1e-3:
            break
        multipliers = np.maximum(0.0, multipliers - theta * (value - lower) / norm * subgradient)
    return best, best_sites


def lp_bound(problem: SitingProblem, k: int, time_limit: float | None = None) -> float:
    """Upper bound from the LP relaxation (HiGHS interior point), certified by the Lagrangian.

    The duals of the coverage rows are used as multipliers and the bound is recomputed from them
    with `lagrangian_value`, so solver tolerances can never make it too low. inf if unsolved.
    """
    if not problem.matrix.nnz:
        return 0.0
    solver, _ = _solve_model(problem, k, integer=False, start=None, time_limit=time_limit, interior=True)
    solution = solver.getSolution()
    if not solution.dual_valid:
        return math.inf
    duals = np.asarray(solution.row_dual[: problem.matrix.shape[1]], dtype=np.float64)
    return lagrangian_value(problem, k, -duals)


def _result(problem: SitingProblem, sites: list[int], bound: float, started: float, method: str) -> SitingResult:
    value = round(_covered_value(problem, sites))
    ordered = _contribution_order(problem, sites)
    upper = min(problem.coverable, math.floor(bound + 1e-6))
    upper = max(upper, value)  # only reached through float noise; a bound below a feasible value is wrong
    return SitingResult(
        chosen=tuple(problem.candidates.ids[i] for i in ordered),
        population_covered=problem.already_covered + value,
        already_covered=problem.already_covered,
        upper_bound=problem.already_covered + upper,
        population_total=problem.population_total,
        seconds=time.perf_counter() - started,
        method=method,
        proven_optimal=value >= upper,
    )


def _check_k(problem: SitingProblem, k: int) -> None:
    if not 1 <= k <= len(problem.candidates):
        raise ValueError("k doit être compris entre 1 et le nombre de candidats.")


def solve_fast(
    problem: SitingProblem, k: int, *, use_lp_bound: bool = False, max_swaps: int | None = None
) -> SitingResult:
    """Greedy + swaps. Sites that would cover nobody new are not proposed (fewer than k then)."""
    started = time.perf_counter()
    _check_k(problem, k)
    chosen, bound = _greedy(problem, k)
    swaps = 4 * k + 20 if max_swaps is None else max_swaps
    if len(chosen) == k:
        chosen, final_bound = _swap_improve(problem, chosen, swaps)
        bound = min(bound, final_bound)
    value = _covered_value(problem, chosen)
    if bound > value + 0.5:
        # Not proven optimal yet: the Lagrangian gives a tighter bound and another start.
        lagrangian, sites = lagrangian_search(problem, k, value)
        bound = min(bound, lagrangian)
        if len(sites) == k:
            sites, _ = _swap_improve(problem, sites, swaps)
            if _covered_value(problem, sites) > value:
                chosen = sites
    if use_lp_bound:
        bound = min(bound, lp_bound(problem, k))
    return _result(problem, chosen, bound, started, "fast")


def solve_exact(problem: SitingProblem, k: int, *, time_limit: float | None = None) -> SitingResult:
    """Integer programme with HiGHS, warm-started from the fast answer.

    Without a time limit the answer is optimal. With one, it is the best found (never below the
    fast answer) and the bound is HiGHS's proven bound (or the fast bound, whichever is lower).
    """
    started = time.perf_counter()
    fast = solve_fast(problem, k)
    rank = {site_id: i for i, site_id in enumerate(problem.candidates.ids)}
    fast_sites = [rank[site_id] for site_id in fast.chosen]
    fast_bound = float(fast.upper_bound - problem.already_covered)
    if fast.proven_optimal or not problem.matrix.nnz:
        return _result(problem, fast_sites, fast_bound, started, "exact")
    solver, eps = _solve_model(problem, k, integer=True, start=fast_sites, time_limit=time_limit)
    status = solver.getModelStatus()
    n_sites = problem.matrix.shape[0]
    sites = fast_sites
    values = np.asarray(solver.getSolution().col_value[:n_sites]) if solver.getInfo().primal_solution_status else None
    if values is not None and len(values) == n_sites:
        found = [int(i) for i in np.flatnonzero(values > 0.5)]
        if len(found) <= k and _covered_value(problem, found) > _covered_value(problem, sites):
            sites = found
    bound = fast_bound
    if status == highspy.HighsModelStatus.kOptimal:
        bound = min(bound, _covered_value(problem, sites))
    else:
        dual = float(solver.getInfo().mip_dual_bound)  # lower bound on −Σ w y + ε Σ x
        if math.isfinite(dual):
            bound = min(bound, -dual + eps * k)
    return _result(problem, sites, bound, started, "exact")
