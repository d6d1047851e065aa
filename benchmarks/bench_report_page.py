"""Benchmark: the yearly report PAGE (HTML, over HTTP through Django's test client), as the role that opens it.

Two cases: a structure manager opening their structure's report on the demo (`maillage demo
--requests 3000`, the current year), and a network coordinator opening the report of a whole network
over 1M requests (the generator of `bench_reports.py`, the last full year, roll-up built). Each page
load is one GET of `/pilotage/?scope=…&period=…` logged in with the second factor passed
(`sign_in`), plus the GETs of the resources the page asks the server for (chart images served from
their own URL, sections loaded with htmx), as a browser would; the first load follows an emptied
shared cache. Times: p50/p95 of the warm loads, SQL queries and SQL time per load.

The peer is the code of another revision (`--peer-rev`, default the commit before this work) run on
the same data in the same run: a detached `git worktree` of that revision under the data folder,
this script run again with that tree first on the path, on its own copy of the base (made once,
`<base>-peer-<rev>`) where this tree's migrations that the peer lacks are undone (their indexes and
roll-up tables are part of the change). Each tree also prints a digest of the report's JSON (the
whole scope and its first partner): equal digests, equal figures.

    .venv/bin/python benchmarks/bench_report_page.py [--case demo|network|all] [--repeat 30]
        [--requests 1000000] [--keep /tmp/bench-reportpage] [--peer-rev 10d41b7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
CODE = Path(os.environ.get("BENCH_CODE_ROOT", HERE))
sys.path.insert(0, str(CODE))

PEER_REV = "10d41b7"
DEFAULT_KEEP = Path("/tmp/bench-reportpage")  # noqa: S108 - generated databases, reused across runs
RESOURCE = re.compile(r'(?:src|hx-get)="(/pilotage/[^"]+)"')


# --------------------------------------------------------------------------------------------------
# Inside one process: one case, one code tree
# --------------------------------------------------------------------------------------------------


def _setup(folder: Path, *steps: list[str]) -> None:
    """A new base: migrated, geography loaded, then `steps`; a kept one: migrated only (fast)."""
    from benchmarks.django_setup import setup_django

    if not (folder / "maillage.sqlite3").exists():
        setup_django(folder, *steps)
        return
    os.environ.setdefault("MAILLAGE_VAR_DIR", str(folder))
    os.environ["DJANGO_SETTINGS_MODULE"] = "maillage.settings"
    os.environ["AXES_ENABLED"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _demo_case(folder: Path) -> tuple[Any, str]:
    _setup(folder, ["demo", "--requests", "3000"])
    from django.utils import timezone

    from maillage.accounts.enums import Role
    from maillage.accounts.models import Membership

    membership = Membership.objects.select_related("user", "structure").get(
        role=Role.STRUCTURE_MANAGER, user__email__startswith="responsable@"
    )
    structure: Any = membership.structure
    query = f"scope=structure:{structure.uuid}&period={timezone.localdate().year}"
    return membership.user, query


def _network_case(folder: Path, requests: int) -> tuple[Any, str]:
    _setup(folder)
    from django.utils import timezone

    from benchmarks import bench_reports
    from maillage.accounts.enums import Role
    from maillage.accounts.models import Membership

    pg, engine = bench_reports._engine()
    year = timezone.localdate().year - 1
    args = argparse.Namespace(requests=requests, structures=None, places=None)
    with _nullable_request_columns_left_out():
        network = bench_reports._database(args, folder, year, pg, engine)
    bench_reports._build_rollup(False, pg)
    membership = Membership.objects.filter(role=Role.NETWORK_COORDINATOR, network=network).first()
    if membership is None:
        from maillage.factories import member

        user = member(Role.NETWORK_COORDINATOR, network=network)
    else:
        user = membership.user
    return user, f"scope=network:{network.uuid}&period={year}"


@contextmanager
def _nullable_request_columns_left_out() -> Iterator[None]:
    """bench_reports' generator lists every column of counter_request and stops on new ones; the
    two added since (campaign, client_uuid) are nullable and left NULL, as the generator would."""
    from maillage.counter.models import Request

    options: Any = Request._meta
    saved = options.__dict__.get("concrete_fields")
    options.__dict__["concrete_fields"] = tuple(
        f for f in options.concrete_fields if f.column not in {"campaign_id", "client_uuid"}
    )
    try:
        yield
    finally:
        if saved is None:
            del options.__dict__["concrete_fields"]
        else:
            options.__dict__["concrete_fields"] = saved


def _load(client: Any, url: str) -> tuple[float, int, float, int]:
    """One page load and the resources it asks for: seconds, SQL queries, SQL seconds, bytes."""
    from django.db import connection

    from benchmarks.django_setup import QueryClock

    clock = QueryClock()
    with connection.execute_wrapper(clock):
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        body = response.content.decode()
        size = len(body)
        for resource in RESOURCE.findall(body):
            extra = client.get(resource.replace("&amp;", "&"))
            assert extra.status_code == 200, (resource, extra.status_code)
            size += len(extra.content)
        elapsed = time.perf_counter() - started
    assert "Rapport d'activité" in body
    return elapsed, clock.queries, clock.seconds, size


def _digest(user: Any, query: str) -> str:
    """Digest of the report's JSON (date of generation left out), for the whole scope and for its
    first partner: two trees that give the same digest on the same base show the same figures."""
    import hashlib

    from django.http import QueryDict

    from maillage.network.models import Partner
    from maillage.reports.compute import build_report
    from maillage.reports.exports import render
    from maillage.reports.forms import ReportForm

    digest = hashlib.sha256()
    form = ReportForm(QueryDict(query), user=user)
    try:
        assert form.is_valid(), form.errors
        data = form.cleaned_data
        partner = Partner.objects.order_by("pk").first()
        for chosen in (data.get("partner"), partner):
            report = build_report(data["scope"], data["period"], partner=chosen)
            report.generated_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
            digest.update(render(report, "json"))
    except Exception as error:
        return f"— ({type(error).__name__})"
    return digest.hexdigest()[:16]


def run_case(case: str, folder: Path, requests: int, repeat: int) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    user, query = _demo_case(folder) if case == "demo" else _network_case(folder, requests)
    from django.core.cache import caches
    from django.test import Client
    from django.urls import reverse

    from maillage.factories import sign_in

    client = Client()
    sign_in(client, user)
    url = reverse("reports:report") + "?" + query
    digest = _digest(user, query)
    caches["shared"].clear()
    first = _load(client, url)
    loads = [_load(client, url) for _ in range(repeat)]
    seconds = sorted(load[0] for load in loads)
    return {
        "first": first[0],
        "p50": statistics.median(seconds),
        "p95": seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))],
        "queries": sorted({load[1] for load in loads}),
        "sql": statistics.median(load[2] for load in loads),
        "kb": loads[-1][3] / 1000,
        "digest": digest,
    }


# --------------------------------------------------------------------------------------------------
# The driver: each case run by this tree and by the peer's, in separate processes
# --------------------------------------------------------------------------------------------------


def _peer_tree(keep: Path, rev: str) -> Path:
    tree = keep / f"peer-{rev}"
    if not tree.exists():
        subprocess.run(["git", "-C", str(HERE), "worktree", "add", "--detach", str(tree), rev], check=True)
    return tree


def _peer_base(folder: Path, tree: Path, rev: str) -> Path:
    """The peer's own copy of a base (made once): this tree's migrations that the peer lacks undone
    (its indexes and roll-up tables are part of the change, the peer must not read them)."""
    copy = folder.with_name(f"{folder.name}-peer-{rev}")
    if not (copy / "maillage.sqlite3").exists():
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(folder, copy)
        env = {**os.environ, "MAILLAGE_VAR_DIR": str(copy), "MAILLAGE_REFERENCE_DIR": str(HERE / "var" / "ref")}
        command = [sys.executable, str(Path(__file__).resolve()), "--unmigrate", str(tree), "--keep", str(copy)]
        subprocess.run(command, env=env, check=True)
    return copy


def _unmigrate(base: Path, tree: Path) -> None:
    """Migrate each app of the base back to the last migration the code of `tree` has."""
    _setup(base)
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    leaves = dict(MigrationLoader(connection).graph.leaf_nodes())
    for config in apps.get_app_configs():
        if config.label not in leaves or not config.path.startswith(str(HERE)):
            continue
        folder = tree / Path(config.path).relative_to(HERE) / "migrations"
        names = sorted(f.stem for f in folder.glob("[0-9][0-9][0-9][0-9]_*.py"))
        target = names[-1] if names else "zero"
        if target != leaves[config.label]:
            print(f"  {config.label} : retour à {target}")
            call_command("migrate", config.label, target, verbosity=0)


def _spawn(tree: Path, case: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    env = {
        **os.environ,
        "BENCH_CODE_ROOT": str(tree),
        "PYTHONPATH": str(tree),
        "MAILLAGE_REFERENCE_DIR": str(HERE / "var" / "ref"),
        "MAILLAGE_VAR_DIR": str(folder),
    }
    command = [sys.executable, str(Path(__file__).resolve()), "--inner", case, "--keep", str(folder)]
    command += ["--requests", str(args.requests), "--repeat", str(args.repeat)]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    sys.stderr.write(done.stderr[-2000:] if done.returncode else "")
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            return dict(json.loads(line))
        print(f"  {line}")
    raise SystemExit(f"Pas de résultat pour {case} ({tree}).")


def _folder(keep: Path, case: str, requests: int) -> Path:
    return keep / ("demo" if case == "demo" else f"network-{requests}")


def _uptime() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", choices=["demo", "network", "all"], default="all")
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30, help="Chargements mesurés après le premier.")
    parser.add_argument("--keep", type=Path, default=DEFAULT_KEEP, help="Dossier des bases générées, réutilisées.")
    parser.add_argument("--peer-rev", default=PEER_REV, help="Révision du pair ; « none » pour s'en passer.")
    parser.add_argument("--inner", help=argparse.SUPPRESS)  # then --keep is the base's own folder
    parser.add_argument("--unmigrate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.unmigrate:
        _unmigrate(args.keep, args.unmigrate)
        return
    if args.inner:
        result = run_case(args.inner, args.keep, args.requests, args.repeat)
        print(json.dumps(result))
        return
    cases = ["demo", "network"] if args.case == "all" else [args.case]
    trees = [("ce code", HERE)]
    if args.peer_rev != "none":
        trees.insert(0, (f"pair {args.peer_rev}", _peer_tree(args.keep, args.peer_rev)))
    print(f"Charge avant : {_uptime()}")
    rows = []
    for case in cases:
        folder = _folder(args.keep, case, args.requests)
        if not (folder / "maillage.sqlite3").exists():  # generated by this tree first, then copied
            _spawn(HERE, case, folder, argparse.Namespace(**{**vars(args), "repeat": 1}))
        results = {}
        for label, tree in trees:
            base = folder if tree == HERE else _peer_base(folder, tree, args.peer_rev)
            results[label] = _spawn(tree, case, base, args)
        rows.append((case, results))
    print(f"Charge après : {_uptime()}")
    print()
    print(
        "| page du rapport | code | premier (ms) | p50 (ms) | p95 (ms) | requêtes SQL | SQL p50 (ms) | ko "
        "| pair / ce code (p95) | empreinte JSON |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    count = f"{args.requests:,}".replace(",", "\u202f")
    names = {"demo": "structure, démo (responsable)", "network": f"réseau, {count} demandes (coordination)"}
    for case, results in rows:
        ours = results["ce code"]
        for label, r in results.items():
            ratio = f"{r['p95'] / ours['p95']:.1f}×" if label != "ce code" else ""
            queries = "–".join(str(q) for q in sorted({r["queries"][0], r["queries"][-1]}))
            print(
                f"| {names[case]} | {label} | {r['first'] * 1000:.0f} "
                f"| {r['p50'] * 1000:.0f} | {r['p95'] * 1000:.0f} | {queries} | {r['sql'] * 1000:.0f} "
                f"| {r['kb']:.0f} | {ratio} | {r.get('digest', '')} |"
            )
    worst = max(results["ce code"]["p95"] for _, results in rows)
    print()
    print(f"Objectif p95 < 500 ms : {'atteint' if worst < 0.5 else 'MANQUÉ'} (pire p95 {worst * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
