"""Benchmark: how long a `maillage` command takes as a whole process, start-up included.

Wall time (median and p95 of N runs) of a bare `python -c pass` (the floor), `maillage check`,
`maillage coverage` on the national instance (34,870 communes × 2,845 France Services sites, 10 km)
and `maillage shell -c pass`. The peer is the same commands run from another revision (by default
the code before the start-up work), checked out in a temporary `git worktree` and put first on
PYTHONPATH; runs alternate between the two trees so that the machine's load hits both alike.

    .venv/bin/python benchmarks/bench_startup.py [--runs 15] [--peer-rev 10d41b7] [--data /tmp/bench-startup]

The national CSV files are written once from ../shared/data into --data and kept.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
COMMUNES_CSV = SHARED_DATA / "communes.csv"
FRANCE_SERVICES_CSV = SHARED_DATA / "france-services-2024-08-01.csv"
DEFAULT_PEER = "10d41b7"  # main before the start-up work of issue #18


def write_national(data: Path) -> tuple[Path, Path]:
    """demand.csv (communes with a centre, their population) and places.csv (France Services sites)."""
    data.mkdir(parents=True, exist_ok=True)
    demand, places = data / "national-demand.csv", data / "national-places.csv"
    if not demand.exists():
        with COMMUNES_CSV.open(encoding="utf-8") as source, demand.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["id", "lat", "lon", "population"])
            for row in csv.DictReader(source):
                if row["lat"] and row["lon"]:
                    writer.writerow([row["code"], row["lat"], row["lon"], row["population"] or 0])
    if not places.exists():
        with (
            FRANCE_SERVICES_CSV.open(encoding="utf-8") as source,
            places.open("w", newline="", encoding="utf-8") as out,
        ):
            writer = csv.writer(out)
            writer.writerow(["id", "lat", "lon"])
            for row in csv.DictReader(source):
                if row["latitude"] and row["longitude"]:
                    writer.writerow([row["id_fs"], row["latitude"], row["longitude"]])
    return demand, places


def commands(demand: Path, places: Path) -> dict[str, list[str]]:
    coverage = ["coverage", "--places", str(places), "--demand", str(demand), "--radius-km", "10"]
    return {
        "python -c pass": ["-c", "pass"],
        "maillage check": ["-m", "maillage", "check"],
        "maillage coverage (national, 10 km)": ["-m", "maillage", *coverage],
        "maillage shell -c pass": ["-m", "maillage", "shell", "-c", "pass"],
    }


@dataclass
class Samples:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def run_once(tree: Path, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one fresh interpreter running `args` from `tree`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *args], cwd=tree, env={**env, "PYTHONPATH": str(tree)}, capture_output=True, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(args)} a échoué :\n{result.stderr.decode()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def check_tree(tree: Path, env: dict[str, str]) -> None:
    """The interpreter started from `tree` imports maillage from that tree (not the installed one)."""
    result = subprocess.run(
        [sys.executable, "-c", "import maillage; print(maillage.__file__)"],
        cwd=tree,
        env={**env, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    )
    if not Path(result.stdout.strip()).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"maillage est importé depuis {result.stdout.strip()}, pas depuis {tree}")


def measure(trees: dict[str, Path], todo: dict[str, list[str]], runs: int) -> dict[tuple[str, str], Samples]:
    # Bytecode is written once in the warm-up, as for an installed app: without it every run would
    # compile Maillage's 600 modules again (PYTHONDONTWRITEBYTECODE=1 in some shells).
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONDONTWRITEBYTECODE"}}
    env.setdefault("MAILLAGE_VAR_DIR", str(ROOT / "var"))  # the same keys and reference data for both trees
    env.setdefault("MAILLAGE_REFERENCE_DIR", str(ROOT / "var" / "ref"))
    for tree in trees.values():
        check_tree(tree, env)
        for args in todo.values():
            run_once(tree, args, env)  # warm-up: bytecode compiled, files in the page cache
    samples = {(label, name): Samples() for label in todo for name in trees}
    for _ in range(runs):
        for label, args in todo.items():
            for name, tree in trees.items():
                wall, cpu = run_once(tree, args, env)
                samples[label, name].wall.append(wall)
                samples[label, name].cpu.append(cpu)
    return samples


def table(samples: dict[tuple[str, str], Samples], todo: dict[str, list[str]], peer: bool) -> str:
    if peer:
        lines = [
            "| commande | médiane (s) | p95 (s) | CPU médian (s) | pair médiane (s) | pair p95 (s) "
            "| pair CPU (s) | pair / nous (médiane) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
    else:
        lines = ["| commande | médiane (s) | p95 (s) | CPU médian (s) |", "|---|---:|---:|---:|"]
    for label in todo:
        ours = samples[label, "ours"]
        row = f"| {label} | {statistics.median(ours.wall):.3f} | {p95(ours.wall):.3f}"
        row += f" | {statistics.median(ours.cpu):.3f} |"
        if peer:
            other = samples[label, "peer"]
            ratio = statistics.median(other.wall) / statistics.median(ours.wall)
            row += (
                f" {statistics.median(other.wall):.3f} | {p95(other.wall):.3f} | {statistics.median(other.cpu):.3f}"
                f" | {ratio:.1f}× |"
            )
        lines.append(row)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--peer-rev", default=DEFAULT_PEER, help="Révision du pair ('' : pas de pair).")
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "bench-startup", help="Fichiers CSV nationaux."
    )
    options = parser.parse_args()
    demand, places = write_national(options.data)
    todo = commands(demand, places)
    load_before = os.getloadavg()
    started = time.perf_counter()
    peer_dir = Path(tempfile.mkdtemp(prefix="bench-startup-peer-")) / "tree" if options.peer_rev else None
    try:
        trees = {"ours": ROOT}
        if peer_dir is not None:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(peer_dir), options.peer_rev],
                check=True,
            )
            (peer_dir / "node_modules").symlink_to((ROOT / "node_modules").resolve())  # front-end files check
            trees["peer"] = peer_dir
        samples = measure(trees, todo, options.runs)
    finally:
        if peer_dir is not None and peer_dir.exists():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(peer_dir)], check=False)
            peer_dir.parent.rmdir()
    load_after = os.getloadavg()
    peer = f", pair {options.peer_rev}" if options.peer_rev else ""
    print(
        f"{options.runs} runs{peer}, Python {platform.python_version()}, {os.cpu_count()} cœurs, "
        f"{time.perf_counter() - started:.0f} s ; charge (1, 5, 15 min) avant "
        f"{' '.join(f'{x:.2f}' for x in load_before)}, après {' '.join(f'{x:.2f}' for x in load_after)}"
    )
    print()
    print(table(samples, todo, bool(options.peer_rev)))


if __name__ == "__main__":
    main()
