"""Benchmark: the « Valeur sociale » section of the yearly report of a network of 1M requests, alone.

Reuses the network base of `bench_report_page.py` (built there, or in `--keep`), computes the report's
activity once (the report does it anyway before the section), then times the section's function.
The peer is the same script run with another code tree first on the path (`BENCH_CODE_ROOT`), on a
copy of the base that has not been migrated by this tree (an index is part of the change):

    .venv/bin/python benchmarks/bench_social_value.py --keep /tmp/bench-svfast/network-1000000
    BENCH_CODE_ROOT=/tmp/peer-tree .venv/bin/python benchmarks/bench_social_value.py --keep /tmp/copy
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

CODE = Path(os.environ.get("BENCH_CODE_ROOT", Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(CODE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, default=Path("/tmp/bench-reportpage/network-1000000"))  # noqa: S108
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from benchmarks import bench_report_page

    user, query = bench_report_page._network_case(args.keep, args.requests)
    from django.http import QueryDict

    from maillage.reports import compute
    from maillage.reports.activity import collect
    from maillage.reports.forms import ReportForm

    form = ReportForm(QueryDict(query), user=user)
    assert form.is_valid(), form.errors
    scope, period = form.cleaned_data["scope"], form.cleaned_data["period"]
    current = collect(scope, period, None)
    with_activity = len(inspect.signature(compute._social_value).parameters) == 4  # this change or the peer
    times, figures = [], None
    for _ in range(args.repeat):
        start = time.perf_counter()
        call: list[Any] = [scope, period, None, current] if with_activity else [scope, period, None]
        figures = compute._social_value(*call)
        times.append(time.perf_counter() - start)
    digest = hashlib.sha256(repr(figures.value if figures else None).encode()).hexdigest()[:16]
    print(f"Code : {CODE}")
    print(f"Valeur sociale : médiane {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    print(f"Empreinte des chiffres : {digest}")


if __name__ == "__main__":
    main()
