"""Benchmark: the PDF of a network's yearly report, 600 structures / 1,500 places and 60 / 150.

The time of the PDF follows what it lists (places, structures, partners, procedures...), not the
number of requests behind each figure: the networks are generated with the functions of
`bench_reports.py` (same mixes) but with 200,000 requests for 600 structures and 1,500 places, and
60,000 for 60 structures and 150 places, each in its own SQLite database kept under `--keep`
(written once, about two minutes for the large one; reused afterwards). The report is built once
(`build_report` of the network, last full year, through the roll-up), then only its rendering is
timed: `exports.render(report, "pdf")`, the first call then `--repeat` calls (best, median), pages
and size.

The peer is the code of `--peer-rev` (default: the commit before this work) rendering the same
report from the same database in the same run: a detached `git worktree` of that commit under
`--keep`, imported first by a worker process. Each worker also checks that the PDF holds every
table's title and every row's label (whitespace ignored), so a faster PDF cannot drop content.

    .venv/bin/python benchmarks/bench_report_pdf.py --keep /tmp/bench-reportpdf
    # --repeat N (default 3), --peer-rev REV (default 10d41b7), --no-peer, --profile (cProfile of
    # one rendering, 25 costliest functions), --only 600 (one size)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEER_REV = "10d41b7"
MARK = "RESULT "
UNWRITTEN = ("campaign", "client_uuid")
# structures, places, requests
SIZES = {600: (600, 1500, 200_000), 60: (60, 150, 60_000)}


def _worker(args: argparse.Namespace) -> None:
    """One database, one code tree: build the report, render its PDF, print the figures as JSON."""
    sys.path.insert(0, str(Path(args.code).resolve() if args.code else ROOT))
    os.environ["MAILLAGE_REFERENCE_DIR"] = str(ROOT / "var" / "ref")
    folder = Path(args.db)
    folder.mkdir(parents=True, exist_ok=True)
    from benchmarks import bench_reports

    bench_reports._setup(folder)
    from django.utils import timezone

    from maillage.reports.period import parse_period
    from maillage.reports.scope import resolve_scope

    structures, places, requests = SIZES[args.size]
    pg, engine = bench_reports._engine()
    year = timezone.localdate().year - 1
    namespace = argparse.Namespace(requests=requests, structures=structures, places=places)
    with _unwritten_columns():
        network = bench_reports._database(namespace, folder, year, pg, engine)
    from maillage.reports import rollup
    from maillage.reports.compute import build_report
    from maillage.reports.exports import render

    rollup.refresh()
    report = build_report(resolve_scope("network", str(network.pk)), parse_period(str(year)))
    started = time.perf_counter()
    pdf = render(report, "pdf")
    first = time.perf_counter() - started
    seconds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        pdf = render(report, "pdf")
        seconds.append(time.perf_counter() - started)
    if args.profile:
        _profile(lambda: render(report, "pdf"))
    pages, missing = _content(report, pdf)
    figures = {"first": first, "seconds": seconds, "pages": pages, "size": len(pdf), "missing": missing}
    figures["places"] = len(next(t for t in _tables(report) if t.key == "place").rows)
    print(MARK + json.dumps(figures))


@contextmanager
def _unwritten_columns() -> Iterator[None]:
    """Columns added to requests after `bench_reports.py`'s generator (nullable: left empty), hidden
    from its check of the columns while it writes."""
    from maillage.counter.models import Request

    options: Any = Request._meta
    fields = options.concrete_fields
    options.__dict__["concrete_fields"] = tuple(f for f in fields if f.name not in UNWRITTEN)
    try:
        yield
    finally:
        options.__dict__["concrete_fields"] = fields


def _tables(report: Any) -> list[Any]:
    from maillage.reports.tables import tables

    return tables(report)


def _content(report: Any, pdf: bytes) -> tuple[int, list[str]]:
    """The PDF's page count, and the table titles and row labels its text lacks."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    missing = []
    for table in _tables(report):
        for label in [table.title, *(str(row[0]) for row in table.rows)]:
            if "".join(label.split()) not in text:
                missing.append(f"{table.key}: {label}")
    return len(reader.pages), missing


def _profile(function: Any) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(function)
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)
    stream.write("\n--- temps propre ---\n")
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(15)
    print(stream.getvalue(), file=sys.stderr)


def _peer_tree(keep: Path, rev: str) -> Path:
    """A detached worktree of `rev` under `keep`, made once."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", rev], check=True, capture_output=True, text=True
    ).stdout.strip()
    tree = keep / f"peer-{commit}"
    if not tree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True)
    return tree


def _run(size: int, keep: Path, code: Path | None, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", "--size", str(size), "--db", str(keep / f"{size}-structures")]
    command += ["--repeat", str(args.repeat)] + (["--code", str(code)] if code else [])
    command += ["--profile"] if args.profile else []
    result = None
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT) as worker:
        assert worker.stdout is not None
        for line in worker.stdout:
            if line.startswith(MARK):
                result = dict(json.loads(line[len(MARK) :]))
            else:
                print(line, end="", flush=True)
    if worker.returncode or result is None:
        raise SystemExit(f"Le processus de mesure ({size} structures) a échoué.")
    return result


def _uptime() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, default=Path("/tmp/bench-reportpdf"))  # noqa: S108 - kept benchmark data
    parser.add_argument("--repeat", type=int, default=3, help="Rendus mesurés après le premier.")
    parser.add_argument("--peer-rev", default=PEER_REV)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--only", type=int, choices=sorted(SIZES))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, choices=sorted(SIZES), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--code", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args)
        return
    args.keep.mkdir(parents=True, exist_ok=True)
    peer = None if args.no_peer else _peer_tree(args.keep, args.peer_rev)
    print(f"Charge avant : {_uptime()}")
    rows = []
    for size in [args.only] if args.only else sorted(SIZES, reverse=True):
        for name, code in [("ce code", None), (f"pair {args.peer_rev}", peer)]:
            if name.startswith("pair") and code is None:
                continue
            figures = _run(size, args.keep, code, args)
            if figures["missing"]:
                raise SystemExit(f"{name} : contenu absent du PDF : {figures['missing'][:5]}")
            rows.append((size, name, figures))
    print(f"Charge après : {_uptime()}")
    print()
    print(
        "| rapport | code | lieux listés | premier rendu (s) | meilleur (s) | médiane (s) | pages | taille (ko) "
        "| pair / ce code |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    medians = {(size, name): statistics.median(f["seconds"]) for size, name, f in rows}
    for size, name, f in rows:
        peer_median = next((m for (s, n), m in medians.items() if s == size and n.startswith("pair")), None)
        ratio = f"{peer_median / medians[size, name]:.1f}×" if peer_median and not name.startswith("pair") else ""
        print(
            f"| {SIZES[size][0]} structures | {name} | {f['places']} | {f['first']:.2f} | {min(f['seconds']):.2f} "
            f"| **{medians[size, name]:.2f}** | {f['pages']} | {f['size'] / 1000:.0f} | {ratio} |"
        )


if __name__ == "__main__":
    main()
