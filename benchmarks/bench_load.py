"""Benchmark: Maillage under load, gunicorn with several workers on PostgreSQL, then the same while
PostgreSQL restarts.

50 simulated mediators (each logged in through the login form, with their own session cookie and
address) read today's lists (`GET /accueil/`) and record requests with a shortcut button
(`POST /accueil/`), with think times, while 5 structure managers (login form and TOTP second
factor) open their yearly report and download it as CSV or XLSX. Real HTTP over TCP, one thread a
user (`benchmarks/load_users.py`). Reported: throughput, p50/p95 per operation, errors, and the
requests found in the database against the saves the server acknowledged (302): they must match.

The second run restarts PostgreSQL once at mid-run (`pg_ctl restart -m fast`, timed): errors are
allowed only during that window, each must be the French 503 page, and requests must succeed again
afterwards without restarting the application.

    bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_load.py [--seconds 60] [--peer-rev 10d41b7]

`--peer-rev REV` runs the same load, in the same session and on the same database, against the
code of REV (a temporary git worktree). Needs DATABASE_URL pointing at a PostgreSQL cluster the
benchmark may restart (scripts/with-postgres.sh starts one).
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load_users import (  # noqa: E402
    EXPORTS,
    LIST,
    REPORT,
    SAVE,
    Actor,
    Browser,
    Run,
    log_in,
    manager,
    mediator,
)

EMAIL_PREFIX = "charge."
GRACE = 1.0  # seconds after PostgreSQL is back during which an error may still be answered


def _fail(message: str) -> None:
    print(f"ERREUR : {message}", file=sys.stderr)
    sys.exit(1)


def _setup(var: Path, requests: int) -> None:
    """Migrated, geography and demo loaded; a database already holding the demo is kept as it is."""
    os.environ.setdefault("MAILLAGE_VAR_DIR", str(var))
    os.environ.setdefault("MAILLAGE_REFERENCE_DIR", str(ROOT / "var" / "ref"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "maillage.settings"
    import django

    django.setup()
    from django.db import connection

    if "network_structure" in connection.introspection.table_names():
        from maillage.network.models import Structure

        if Structure.objects.exists():
            return
    from benchmarks.django_setup import setup_django

    setup_django(var, ["demo", "--requests", str(requests), "--if-empty"])


def _cast(mediators: int, managers: int) -> tuple[list[Actor], list[Actor]]:
    """Mediators spread over the demo's structures (at their first place), one manager a structure."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from maillage.accounts.enums import Role
    from maillage.accounts.models import Membership, User
    from maillage.network.demo import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET
    from maillage.network.models import Place, Structure

    structures = list(Structure.objects.filter(places__isnull=False).distinct().order_by("name"))
    first_place = {
        s.pk: Place.objects.filter(structure=s).order_by("name").values_list("pk", flat=True)[0] for s in structures
    }

    def account(local: str, role: str, structure: Structure) -> User:
        user, created = User.objects.get_or_create(
            email=f"{EMAIL_PREFIX}{local}@{DEMO_DOMAIN}", defaults={"first_name": local, "last_name": "Charge"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, role=role, structure=structure)
        return user

    team = []
    for index in range(mediators):
        structure = structures[index % len(structures)]
        user = account(f"mediateur{index:02d}", Role.MEDIATOR, structure)
        team.append(
            Actor(user.email, DEMO_PASSWORD, f"10.1.{index // 200}.{index % 200 + 1}", place=first_place[structure.pk])
        )
    heads = []
    for index in range(managers):
        structure = structures[index % len(structures)]
        user = account(f"responsable{index:02d}", Role.STRUCTURE_MANAGER, structure)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        address = f"10.2.0.{index + 1}"
        heads.append(
            Actor(user.email, DEMO_PASSWORD, address, scope=f"structure:{structure.uuid}", totp_secret=DEMO_TOTP_SECRET)
        )
    return team, heads


def _saved_requests() -> int:
    from django.db import connection

    from maillage.counter.models import Request

    connection.close()  # the benchmark's own connection may be one PostgreSQL's restart broke
    return Request.objects.filter(mediator__email__startswith=EMAIL_PREFIX).count()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    label: str
    tree: Path
    process: subprocess.Popen[bytes] | None = None
    port: int = 0

    def start(self, var: Path, workers: int, threads: int, conn_max_age: int) -> None:
        self.port = _free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(self.tree),
            "MAILLAGE_VAR_DIR": str(var),
            "MAILLAGE_REFERENCE_DIR": str(ROOT / "var" / "ref"),
            "MAILLAGE_NODE_MODULES": str(ROOT / "node_modules"),
            "DEBUG": "false",
            "TRUSTED_PROXY_COUNT": "1",
            "AXES_ENABLED": "true",  # django_setup turns it off for the set-up commands, not for the server
            "DATABASE_POOL": "false" if conn_max_age else "true",
            "DATABASE_CONN_MAX_AGE": str(conn_max_age),
            "DATABASE_POOL_SIZE": os.environ.get("DATABASE_POOL_SIZE", str(threads)),
        }
        log = open(var / f"gunicorn-{self.label}.log", "ab")  # noqa: SIM115 - closed with the process
        command = [sys.executable, "-m", "gunicorn", "maillage.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(workers), "--threads", str(threads), "--timeout", "120"]
        self.process = subprocess.Popen(command, cwd=self.tree, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=30) as page:
                    if page.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        _fail(f"gunicorn ({self.label}) ne répond pas : voir {var}/gunicorn-{self.label}.log")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
            self.process = None


class Cluster:
    """The PostgreSQL cluster behind DATABASE_URL, restarted with its own pg_ctl as its owner."""

    def __init__(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            self.data = Path(cursor.fetchone()[0])
        binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
        if not binaries:
            _fail("pg_ctl introuvable (/usr/lib/postgresql/*/bin) : lancez le banc via scripts/with-postgres.sh.")
        self.pg_ctl = binaries[-1]
        owner = self.data.owner()
        self.runas = ["runuser", "-u", owner, "--"] if os.getuid() == 0 and owner != "root" else []

    def restart(self) -> None:
        log = self.data.parent / "restart.log"
        command = [*self.runas, str(self.pg_ctl), "-D", str(self.data), "-l", str(log), "-m", "fast", "-w", "restart"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@dataclass
class Outcome:
    label: str
    run: Run
    rows: int
    load: tuple[str, str]
    outage: tuple[float, float] | None = None


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _run(label: str, port: int, args: argparse.Namespace, cast: dict[str, Any], cluster: Cluster | None) -> Outcome:
    from django.utils import timezone

    from maillage.factories import counter_form_data
    from maillage.network.models import Place

    place = Place.objects.order_by("pk").first()
    assert place is not None
    form = {k: str(v) for k, v in counter_form_data(place).items() if k not in {"place", "occurred_at"}}

    def local_now() -> str:
        return timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    before_load = _load()
    rows_before = _saved_requests()
    run = Run(port=port, seconds=args.seconds, think=args.think)
    period = str(timezone.localdate().year)
    threads = []
    for actor, browser in cast["mediators"]:
        browser.port = port
        threads.append(threading.Thread(target=mediator, args=(run, browser, actor, form, local_now)))
    for actor, browser in cast["managers"]:
        browser.port = port
        threads.append(threading.Thread(target=manager, args=(run, browser, actor, period)))
    outage: list[float] = []

    def restart() -> None:
        assert cluster is not None
        time.sleep(args.seconds / 2)
        outage.append(run.now())
        cluster.restart()
        outage.append(run.now())

    if cluster is not None:
        threads.append(threading.Thread(target=restart))
    run.started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = _saved_requests() - rows_before
    with open(
        args.var / f"samples-{label.split(',')[0].replace(' ', '-')}-{'outage' if cluster else 'steady'}.csv", "w"
    ) as out:
        out.write("operation,start,end,status,ok,kind\n")
        for s in sorted(run.samples, key=lambda s: s.start):
            out.write(f"{s.operation},{s.start:.3f},{s.end:.3f},{s.status},{int(s.ok)},{s.kind}\n")
    return Outcome(label, run, rows, (before_load, _load()), (outage[0], outage[1]) if outage else None)


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)] * 1000


def _report(outcome: Outcome) -> list[str]:
    """Prints one run's table and returns what failed."""
    run, failures = outcome.run, []
    print(f"\n### {outcome.label}")
    span = max([run.seconds, *(s.end for s in run.samples)])  # the last answers come after the deadline
    print(f"Charge moyenne de la machine : {outcome.load[0]} avant, {outcome.load[1]} après ; durée {span:.1f} s")
    print("| opération | réponses | débit (req/s) | p50 (ms) | p95 (ms) | erreurs |")
    print("|---|---:|---:|---:|---:|---:|")
    for operation in [SAVE, LIST, REPORT, *EXPORTS.values()]:
        samples = [s for s in run.samples if s.operation == operation]
        good = [s.end - s.start for s in samples if s.ok]
        p50, p95 = _percentiles(good) if good else (math.nan, math.nan)
        rate = len(good) / span
        print(f"| {operation} | {len(samples)} | {rate:.1f} | {p50:.0f} | {p95:.0f} | {len(samples) - len(good)} |")
    good_all = sum(s.ok for s in run.samples)
    print(f"| **total** | {len(run.samples)} | {good_all / span:.1f} | | | {len(run.samples) - good_all} |")
    print(f"Demandes en base : {outcome.rows} ; enregistrements confirmés (302) : {run.acknowledged}")
    if outcome.rows != run.acknowledged:
        failures.append(f"{outcome.label} : {outcome.rows} demandes en base pour {run.acknowledged} confirmées")
    errors = [s for s in run.samples if not s.ok]
    kinds: dict[str, int] = {}
    for sample in errors:
        kinds[sample.kind] = kinds.get(sample.kind, 0) + 1
    if kinds:
        print("Erreurs par nature : " + ", ".join(f"{kind} × {count}" for kind, count in sorted(kinds.items())))
    if outcome.outage is None:
        if errors:
            failures.append(f"{outcome.label} : {len(errors)} erreurs sans coupure")
        return failures
    down, up = outcome.outage
    # an error must be answered while PostgreSQL is down, or within GRACE of its return (the page of
    # a query cut by the restart is still being rendered and sent)
    outside = [s for s in errors if s.end < down or s.end > up + GRACE]
    inside = [s for s in errors if s not in outside]
    after = [s for s in run.samples if s.start > up]
    recovered = next((s.end - up for s in sorted(after, key=lambda s: s.start) if s.ok), math.nan)
    print(f"Redémarrage de PostgreSQL : de {down:.1f} s à {up:.1f} s ({up - down:.2f} s, pg_ctl restart -m fast -w)")
    if inside:
        first, last = min(s.end for s in inside), max(s.end for s in inside)
        print(
            f"Erreurs pendant la coupure : {len(inside)}, répondues de {first:.2f} s à {last:.2f} s "
            f"(la dernière {last - up:+.2f} s après la fin du redémarrage)"
        )
    print(
        f"Erreurs hors de la coupure : {len(outside)} ; après le redémarrage : {sum(s.ok for s in after)} réponses "
        f"réussies sur {len(after)}, la première {recovered * 1000:.0f} ms après la fin du redémarrage"
    )
    not_french = [s for s in errors if s.kind != "503 française"]
    if outside:
        failures.append(f"{outcome.label} : {len(outside)} erreurs hors de la coupure")
    if not_french:
        failures.append(f"{outcome.label} : {len(not_french)} erreurs sans la page 503 française")
    if not any(s.ok for s in after):
        failures.append(f"{outcome.label} : aucune réponse réussie après le redémarrage")
    return failures


def _peer_tree(rev: str, var: Path) -> Path:
    tree = var / f"peer-{rev}"
    if tree.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), rev], cwd=ROOT, check=True, capture_output=True)
    return tree


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0, help="Durée de chaque passage (s).")
    parser.add_argument("--mediators", type=int, default=50)
    parser.add_argument("--managers", type=int, default=5)
    parser.add_argument("--think", type=float, default=3.0, help="Temps de réflexion moyen d'un médiateur (s).")
    parser.add_argument("--workers", type=int, default=4, help="Processus gunicorn.")
    parser.add_argument("--threads", type=int, default=1, help="Fils par processus gunicorn (gthread au-delà de 1).")
    parser.add_argument("--conn-max-age", type=int, default=0, help="Connexions persistantes (s) au lieu du pool.")
    parser.add_argument("--requests", type=int, default=3000, help="Historique de la démo (demandes).")
    work = Path("/tmp/bench-load")  # noqa: S108 - outside the repository, kept between runs (logs)
    parser.add_argument("--var", type=Path, default=work, help="Dossier de travail.")
    parser.add_argument("--peer-rev", default="", help="Révision du pair (git), mesurée dans la même session.")
    parser.add_argument("--no-outage", action="store_true", help="Sans le passage avec redémarrage de PostgreSQL.")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        _fail(
            "DATABASE_URL doit désigner PostgreSQL : "
            "bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_load.py"
        )
    args.var.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    _setup(args.var, args.requests)
    team, heads = _cast(args.mediators, args.managers)
    cluster = Cluster()
    print(
        f"Base prête en {time.perf_counter() - started:.0f} s ; "
        f"charge de la machine : {_load()} ; {os.cpu_count()} cœurs"
    )
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    servers = [Server(f"après ({head.stdout.strip()})", ROOT)]
    if args.peer_rev:
        servers.append(Server(f"pair {args.peer_rev}", _peer_tree(args.peer_rev, args.var)))
    cast: dict[str, Any] = {}
    outcomes: list[Outcome] = []
    try:
        for outage in [False] if args.no_outage else [False, True]:
            for server in servers:
                server.start(args.var, args.workers, args.threads, args.conn_max_age)
                if not cast:  # logged in once, through the form: the sessions serve every run
                    cast = _log_everyone_in(server.port, team, heads)
                label = f"{server.label}, {'redémarrage de PostgreSQL à mi-parcours' if outage else 'sans coupure'}"
                outcomes.append(_run(label, server.port, args, cast, cluster if outage else None))
                server.stop()
    finally:
        for server in servers:
            server.stop()
        if args.peer_rev:
            subprocess.run(["git", "worktree", "remove", "--force", str(servers[-1].tree)], cwd=ROOT, check=False)
    print(
        f"\n{args.mediators} médiateurs, {args.managers} responsables, {args.seconds:.0f} s par passage, "
        f"réflexion {args.think:.1f} s en moyenne ; gunicorn {args.workers} processus × {args.threads} fil(s), "
        + (f"connexions persistantes {args.conn_max_age} s" if args.conn_max_age else "pool psycopg")
    )
    failed = False
    for outcome in outcomes:
        for failure in _report(outcome):
            print(f"ÉCHEC : {failure}")
            # the peer may miss the outage's criteria (that is the comparison), never the row count
            failed = failed or not outcome.label.startswith("pair") or "demandes en base" in failure
    if failed:
        sys.exit(1)


def _log_everyone_in(port: int, team: list[Actor], heads: list[Actor]) -> dict[str, Any]:
    cast: dict[str, Any] = {"mediators": [], "managers": []}
    errors: list[str] = []

    def one(kind: str, actor: Actor) -> None:
        browser = Browser(port, actor.address)
        try:
            log_in(browser, actor)
        except Exception as error:
            errors.append(str(error))
            return
        cast[kind].append((actor, browser))

    threads = [threading.Thread(target=one, args=("mediators", a)) for a in team]
    threads += [threading.Thread(target=one, args=("managers", a)) for a in heads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        _fail("; ".join(errors[:5]))
    return cast


if __name__ == "__main__":
    main()
