"""Peer run for bench_territory.py, executed by var/bench-peer-venv's python (spopt + PuLP/CBC).

Usage: peer_spopt.py INSTANCE.npz RADIUS_KM K TIME_LIMIT_S. Prints one JSON line: the chosen
candidate ids, wall seconds (distance matrix + model + CBC) and the peak resident memory of this
process and of its children (CBC runs as a child process).
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np
import pulp
from spopt.locate import MCLP

EARTH_RADIUS_KM = 6371.0088


def main() -> None:
    path, radius_km, k, time_limit = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    data = np.load(path)
    started = time.perf_counter()
    lat1, lon1 = np.radians(data["demand_lat"])[:, None], np.radians(data["demand_lon"])[:, None]
    lat2, lon2 = np.radians(data["candidate_lat"])[None, :], np.radians(data["candidate_lon"])[None, :]
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    cost = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    model = MCLP.from_cost_matrix(cost, data["population"].astype(float), radius_km, p_facilities=k, name="mclp")
    model = model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit))
    seconds = time.perf_counter() - started
    chosen = [
        str(data["candidate_ids"][j])
        for j, variable in enumerate(model.fac_vars)
        if variable.value() is not None and variable.value() > 0.5
    ]
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    # PuLP reports status "Optimal" even when CBC stops at its time limit; the solution status tells.
    status = pulp.LpSolution[model.problem.sol_status]
    print(json.dumps({"chosen": chosen, "seconds": seconds, "peak_mb": peak_kb / 1024, "status": status}))


if __name__ == "__main__":
    main()
