"""Benchmark: the counter screen ("Accueil") with 1,000,000 requests in the table.

Measures p50/p95 of (a) saving one request through the counter view (`POST /accueil/` with a
shortcut button, as the demo mediator) and (b) rendering today's lists (`GET /accueil/`), with the
mediator's realistic day (40 requests of their own, 20 of a colleague at the same place) among
1,000,000 requests of the last 12 months. The peer is the same two operations on an empty table, in
the same run: the ratio shows whether the indexes keep the cost flat.

    .venv/bin/python benchmarks/bench_requests.py [--requests 1000000] [--repeat 200]
    .venv/bin/python benchmarks/bench_requests.py --keep /tmp/bench-counter/sqlite --peer-rev 10d41b7

Uses a throwaway database under a temporary folder (SQLite by default; set DATABASE_URL to a
PostgreSQL database to measure that engine) and the COG package fetched by `make install`.
`--keep DIR` keeps the generated database (SQLite file and keys in DIR; on PostgreSQL the database
itself, DIR holding the keys): a later run only renews today's 60 requests and measures the full
table. `--peer-rev REV` measures the page of this tree and of the code at REV (a temporary `git
worktree`) on the same kept database, alternately for `--rounds` rounds, and prints the ratios.
`maillage.counter.demo.add_requests` saves about 1,000 rows a second on SQLite (17 minutes for 1M),
so the history is written here with plain `executemany`, drawn from the same partner mix, places,
mediators, visits and 12-month spread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# the code measured: this tree, or the peer's worktree when `--peer-rev` runs this file on it
CODE_ROOT = Path(os.environ.get("BENCH_CODE_ROOT", str(ROOT)))
sys.path.insert(0, str(CODE_ROOT))
os.environ.setdefault("MAILLAGE_REFERENCE_DIR", str(ROOT / "var" / "ref"))
MARKER = "bench_requests.json"

TODAY_MINE = 40
TODAY_COLLEAGUE = 20
BATCH = 20_000


def _setup(tmp: Path) -> None:
    from benchmarks.django_setup import setup_django

    setup_django(tmp, ["demo"])


def _database_name() -> str:
    return os.environ.get("DATABASE_URL", "sqlite")


def _reuse(tmp: Path, requests: int) -> bool:
    """Whether `tmp` holds the database of an earlier `--keep` run with as many requests; if not,
    the stale SQLite file (an interrupted run) is removed and the database is built anew."""
    marker = tmp / MARKER
    os.environ["MAILLAGE_VAR_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "maillage.settings"
    os.environ["AXES_ENABLED"] = "false"
    import django

    django.setup()
    from django.db import connection

    expected = {"requests": requests, "database": _database_name()}
    if json.loads(marker.read_text() if marker.exists() else "{}") == expected and (
        "counter_request" in connection.introspection.table_names()
    ):
        return True
    marker.unlink(missing_ok=True)
    connection.close()
    if _database_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (tmp / f"maillage.sqlite3{suffix}").unlink(missing_ok=True)
    return False


def _renew_today(rng: random.Random, mediator: Any, colleague: Any, place: Any) -> None:
    """Today's 60 requests again (the kept database may be of another day, or of an interrupted run)."""
    from django.utils import timezone

    from maillage.counter.models import Request, Visit

    today = Request.objects.on_day(timezone.localdate())
    Visit.objects.filter(pk__in=list(today.values_list("visit_id", flat=True))).delete()
    _today(rng, mediator, colleague, place)


def _cumulative(pairs: list[tuple[Any, int]] | dict[Any, int]) -> tuple[list[Any], list[int]]:
    items = list(pairs.items()) if isinstance(pairs, dict) else pairs
    population, total, cumulative = [], 0, []
    for value, weight in items:
        total += weight
        population.append(value)
        cumulative.append(total)
    return population, cumulative


class _Writer:
    """Rows of Visit and Request written with executemany, columns taken from the models."""

    def __init__(self) -> None:
        from django.db import connection

        from maillage.counter.models import Request, Visit

        self.connection = connection
        self.request_fields = [f for f in Request._meta.concrete_fields if f.attname != "id"]
        self.request_table = (Request._meta.db_table, [str(f.column) for f in self.request_fields])
        self.visit_table = (Visit._meta.db_table, ["id", "uuid", "created_at"])
        self.copy = connection.vendor == "postgresql"  # COPY: several times faster than INSERTs
        # computed once: the fields with a per-row default (uuid, occurred_at) are always given here
        self.defaults = {f.attname: f.get_default() for f in self.request_fields}
        self.native_uuid = connection.features.has_native_uuid_field
        self.next_visit = (Visit.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        self.visits: list[tuple[Any, ...]] = []
        self.requests: list[tuple[Any, ...]] = []

    def _write(self, cursor: Any, table: tuple[str, list[str]], rows: list[tuple[Any, ...]]) -> None:
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(c) for c in table[1])
        if self.copy:
            with cursor.cursor.copy(f"COPY {quote(table[0])} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {quote(table[0])} ({names}) VALUES ({', '.join(['%s'] * len(table[1]))})"  # noqa: S608
            cursor.executemany(sql, rows)

    def uuid(self) -> Any:
        value = uuid.uuid4()
        return value if self.native_uuid else value.hex

    def moment(self, value: dt.datetime) -> Any:
        return self.connection.ops.adapt_datetimefield_value(value)

    def visit(self, created_at: Any) -> int:
        pk = self.next_visit
        self.next_visit += 1
        self.visits.append((pk, self.uuid(), created_at))
        return pk

    def request(self, values: dict[str, Any]) -> None:
        defaults = self.defaults
        self.requests.append(tuple([values.get(name, defaults[name]) for name in defaults]))
        if len(self.requests) >= BATCH:
            self.flush()

    def flush(self) -> None:
        with self.connection.cursor() as cursor:
            if self.visits:
                self._write(cursor, self.visit_table, self.visits)
            if self.requests:
                self._write(cursor, self.request_table, self.requests)
        self.visits, self.requests = [], []

    def close(self) -> None:
        from django.core.management.color import no_style

        from maillage.counter.models import Request, Visit

        self.flush()
        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), [Visit, Request]):
                cursor.execute(sql)


def _history(count: int, rng: random.Random, now: dt.datetime) -> None:
    """`count` requests over the 364 days before today, drawn like `maillage.counter.demo.add_requests`."""
    from django.db import transaction
    from django.utils import timezone

    from maillage.accounts.enums import Role
    from maillage.accounts.models import Membership
    from maillage.counter import demo, enums
    from maillage.counter.models import Person, Procedure
    from maillage.network.models import Place
    from maillage.territory.models import Commune

    demo.add_requests(0, now=now)  # the demo's mediators, person files, follow-ups and mandates
    places = list(Place.objects.select_related("commune").prefetch_related("partners", "stops"))
    mediators: dict[int, list[int]] = defaultdict(list)
    for structure_id, user_id in Membership.objects.filter(role=Role.MEDIATOR).values_list("structure_id", "user_id"):
        mediators[structure_id].append(user_id)
    persons: dict[int, list[int]] = defaultdict(list)
    for structure_id, person_id in Person.objects.values_list("structure_id", "pk"):
        persons[structure_id].append(person_id)
    procedures: dict[str | None, list[Procedure]] = defaultdict(list)
    for procedure in Procedure.objects.filter(is_active=True).select_related("partner"):
        procedures[procedure.partner.code if procedure.partner else None].append(procedure)
    by_partner: dict[str | None, list[Place]] = defaultdict(list, {None: places})
    for place in places:
        for partner in place.partners.all():
            by_partner[partner.code].append(place)
    residences = {
        dep: list(Commune.objects.filter(departement_id=dep, population__gte=1000).values_list("code", flat=True))
        for dep in {p.commune.departement_id for p in places}
    }
    place_partners = {
        p.pk: [c.code for c in p.partners.all() if c.code in demo.PARTNER_WEIGHTS and procedures.get(c.code)]
        for p in places
    }
    place_stops = {p.pk: [s.pk for s in p.stops.all()] for p in places}
    codes = [c for c in demo.PARTNER_WEIGHTS if by_partner.get(c)]
    first_codes = _cumulative({c: demo.PARTNER_WEIGHTS[c] for c in codes})
    weighted: list[tuple[str, list[tuple[Any, int]]]] = [
        ("help_level", demo.HELP),
        ("outcome", demo.OUTCOME),
        ("autonomy", demo.AUTONOMY),
        ("duration_minutes", demo.DURATION),
        ("age_band", demo.AGE),
        ("social_status", demo.STATUS),
        ("language", demo.LANG),
    ]
    tables = {name: _cumulative(pairs) for name, pairs in weighted}
    sizes = _cumulative([(1, 70), (2, 22), (3, 8)])
    referred = list(enums.ReferredBy.values)

    def pick(name: str) -> Any:
        population, cumulative = tables[name]
        return rng.choices(population, cum_weights=cumulative)[0]

    writer = _Writer()
    stamp = writer.moment(now)
    created = 0
    with transaction.atomic():
        while created < count:
            first = (
                None
                if rng.random() < demo.NO_PARTNER_SHARE
                else rng.choices(first_codes[0], cum_weights=first_codes[1])[0]
            )
            place = rng.choice(by_partner[first])
            day = (now - dt.timedelta(days=rng.randint(1, 364))).date()
            while day.weekday() > 4 and rng.random() < 0.9:
                day -= dt.timedelta(days=1)
            when = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randint(0, 59))))
            partners, stops = place_partners[place.pk], place_stops[place.pk]
            people = persons[place.structure_id]
            profile = {
                "age_band": pick("age_band"),
                "social_status": pick("social_status"),
                "language": pick("language"),
                "gender": rng.choice(["female", "female", "male", "male", "unknown"]),
                "first_visit": rng.random() < 0.3,
                "autonomy": pick("autonomy"),
                "referred_by": rng.choice(referred),
                "person_id": rng.choice(people) if people and rng.random() < 0.05 else None,
            }
            dep = place.commune.departement_id
            residence = place.commune_id if rng.random() < 0.7 or not residences[dep] else rng.choice(residences[dep])
            visit_id = writer.visit(stamp)
            for index in range(min(rng.choices(sizes[0], cum_weights=sizes[1])[0], count - created)):
                if index == 0:
                    code = first
                elif partners and rng.random() > demo.NO_PARTNER_SHARE:
                    code = rng.choices(partners, weights=[demo.PARTNER_WEIGHTS[c] for c in partners])[0]
                else:
                    code = None
                procedure = rng.choice(procedures[code])
                help_level = pick("help_level")
                writer.request(
                    {
                        **profile,
                        "uuid": writer.uuid(),
                        "visit_id": visit_id,
                        "structure_id": place.structure_id,
                        "place_id": place.pk,
                        "stop_id": rng.choice(stops) if stops else None,
                        "mediator_id": rng.choice(mediators[place.structure_id]),
                        "occurred_at": writer.moment(when),
                        "duration_minutes": pick("duration_minutes"),
                        "channel": "outreach_stop" if stops else "walk_in",
                        "partner_id": procedure.partner_id,
                        "domain": procedure.domain,
                        "procedure_id": procedure.pk,
                        "help_level": help_level,
                        "outcome": pick("outcome"),
                        "interpreter": profile["language"] != "fr" and rng.random() < 0.3,
                        "referred_by_partner_id": None,
                        "referred_by_structure_id": None,
                        "residence_id": residence,
                        "mandate_id": None,
                        "one_time_consent": help_level == "done_for",
                        "created_at": stamp,
                        "updated_at": stamp,
                    }
                )
                created += 1
                when += dt.timedelta(minutes=rng.randint(5, 30))
        writer.close()


def _today(rng: random.Random, mediator: Any, colleague: Any, place: Any) -> None:
    """A realistic day so far at the mediator's place: 40 of their own requests, 20 of a colleague's."""
    from django.utils import timezone

    from maillage.counter.models import Procedure, Request, Visit

    procedures = list(Procedure.objects.filter(is_active=True))
    now = timezone.now()
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    step = (now - start) / (TODAY_MINE + TODAY_COLLEAGUE + 1)
    rows = []
    for index in range(TODAY_MINE + TODAY_COLLEAGUE):
        procedure = rng.choice(procedures)
        rows.append(
            Request(
                visit=Visit.objects.create(),
                structure_id=place.structure_id,
                place=place,
                mediator=mediator if index % 3 != 2 else colleague,
                occurred_at=start + step * (index + 1),
                partner_id=procedure.partner_id,
                domain=procedure.domain,
                procedure=procedure,
            )
        )
    Request.objects.bulk_create(rows)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


class _Measure:
    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.cpu: list[float] = []  # this process's CPU time: steadier than the wall clock on a shared machine
        self.database: list[float] = []
        self.queries: list[int] = []

    def add(self, seconds: float, cpu: float, database: float, captured: list[dict[str, Any]]) -> None:
        self.seconds.append(seconds)
        self.cpu.append(cpu)
        self.database.append(database)
        self.queries.append(len(captured))


def _explain(mediator: Any, place: Any) -> None:
    """The plans of the page's three queries on the requests table."""
    from django.utils import timezone

    from maillage.counter.models import Request
    from maillage.counter.services import RECENT_WINDOW

    today = Request.objects.on_day(timezone.localdate()).select_related("procedure", "partner")
    queries = {
        "raccourcis": Request.objects.filter(mediator=mediator, procedure__isnull=False)
        .order_by("-occurred_at")
        .values_list("procedure_id", flat=True)[:RECENT_WINDOW],
        "mes demandes du jour": today.filter(mediator=mediator).order_by("-occurred_at")[:50],
        "demandes du jour du lieu": today.filter(place=place).order_by("-occurred_at")[:50],
        "annuler": Request.objects.undoable_by(mediator).order_by("-created_at")[:1],
    }
    for name, queryset in queries.items():
        print(f"Plan « {name} » :")
        for line in queryset.explain().splitlines():
            print(f"    {line}")


def _measure(client: Any, place: Any, mediator: Any, repeat: int, shortcuts: list[str]) -> dict[str, _Measure]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from benchmarks.django_setup import QueryClock
    from maillage.counter.models import Request, Visit
    from maillage.factories import counter_form_data

    result = {"get": _Measure(), "post": _Measure()}
    for _ in range(5):  # warm-up: templates, caches, session row
        assert client.get("/accueil/").status_code == 200
    for _ in range(repeat):
        connection.queries_log.clear()  # full (9,000 queries), it would make the counts below 0
        clock = QueryClock()
        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(clock):
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get("/accueil/")
            elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert response.status_code == 200, response.status_code
        result["get"].add(elapsed, cpu, clock.seconds, ctx.captured_queries)

    total_before = Request.objects.count()
    mine = Request.objects.filter(mediator=mediator).on_day(timezone.localdate())
    before = mine.count()
    for index in range(repeat):
        data = counter_form_data(place, shortcut=shortcuts[index % len(shortcuts)])
        connection.queries_log.clear()
        clock = QueryClock()
        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(clock):
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.post("/accueil/", data)
            elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert response.status_code == 302, response.status_code
        assert mine.count() == before + index + 1
        result["post"].add(elapsed, cpu, clock.seconds, ctx.captured_queries)
    assert Request.objects.count() == total_before + repeat
    # leave the day as it was: the next scenario starts from the same today's lists
    posted = Request.objects.filter(mediator=mediator).order_by("-id").values_list("visit_id", flat=True)[:repeat]
    Visit.objects.filter(pk__in=list(posted)).delete()
    assert Request.objects.count() == total_before
    return result


def _run(args: argparse.Namespace, tmp: Path) -> None:
    rng = random.Random(20261122)
    kept = _reuse(tmp, args.requests) if args.keep else False
    if not kept:
        _setup(tmp)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from maillage.accounts.enums import Role
    from maillage.accounts.models import Membership, User
    from maillage.counter.models import Request
    from maillage.counter.services import shortcuts_for
    from maillage.network.demo import DEMO_DOMAIN
    from maillage.network.models import Place

    mediator = User.objects.get(email=f"mediateur@{DEMO_DOMAIN}")
    structure_id = Membership.objects.get(user=mediator, role=Role.MEDIATOR).structure_id
    assert structure_id is not None
    colleague = Membership.objects.get(role=Role.STRUCTURE_MANAGER, structure_id=structure_id).user
    place = Place.objects.filter(structure_id=structure_id).order_by("name").first()
    assert place is not None
    client = Client()
    client.force_login(mediator)
    shortcuts = [s.value for s in shortcuts_for(mediator)]

    results: dict[str, dict[str, _Measure]] = {}
    demo_only = 0
    if kept:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # an index added since the database was generated
        _renew_today(rng, mediator, colleague, place)
        print(f"Base gardée réutilisée : {tmp} ({connection.vendor})")
    else:
        demo_only = Request.objects.count()  # the demo records a few (campaigns, tickets)
        results["empty"] = _measure(client, place, mediator, args.repeat, shortcuts)
        _today(rng, mediator, colleague, place)
        results["today"] = {"get": _measure(client, place, mediator, args.repeat, shortcuts)["get"]}

        started = time.perf_counter()
        _history(args.requests, rng, timezone.now())
        load = time.perf_counter() - started
        print(f"{Request.objects.count()} demandes en base, historique écrit en {load:.0f} s ({connection.vendor})")
        if connection.vendor == "postgresql":
            # what autovacuum would have done long before: without it, it runs during the measures
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            print(f"VACUUM ANALYZE en {time.perf_counter() - started:.0f} s")
        if args.keep:
            (tmp / MARKER).write_text(json.dumps({"requests": args.requests, "database": _database_name()}))
    results["full"] = _measure(client, place, mediator, args.repeat, shortcuts)
    total = Request.objects.count()
    if args.json:
        samples = {
            op: {"seconds": m.seconds, "cpu": m.cpu, "database": m.database, "queries": m.queries}
            for op, m in results["full"].items()
        }
        Path(args.json).write_text(json.dumps({"total": total, "vendor": connection.vendor, **samples}))
    _report(results, total, demo_only, explain=(mediator, place) if args.explain else None)


def _report(results: dict[str, dict[str, _Measure]], total: int, demo: int, explain: tuple[Any, Any] | None) -> None:
    million = f"{total:,}".replace(",", " ")
    labels = {
        "empty": f"démo seule ({demo} demandes)",
        "today": f"démo + {TODAY_MINE + TODAY_COLLEAGUE} demandes du jour",
        "full": f"{million} demandes dont {TODAY_MINE + TODAY_COLLEAGUE} du jour",
    }
    print("| opération | table | p50 (ms) | p95 (ms) | dont SQL, p50 (ms) | requêtes SQL |")
    print("|---|---|---:|---:|---:|---:|")
    figures: dict[tuple[str, str], tuple[float, float]] = {}
    for op, name in [("post", "enregistrer (POST /accueil/)"), ("get", "listes du jour (GET /accueil/)")]:
        for key, label in labels.items():
            if key not in results or op not in results[key]:
                continue
            m = results[key][op]
            p50, p95 = _percentiles(m.seconds)
            figures[(op, key)] = (p50, p95)
            print(f"| {name} | {label} | {p50:.1f} | {p95:.1f} | {_sql(m.database)} | {_count(m.queries)} |")
    post95, get95 = figures[("post", "full")][1], figures[("get", "full")][1]
    if "empty" in results:
        print(f"Ratio p95 table pleine / table vide : POST {post95 / figures[('post', 'empty')][1]:.2f}×, ", end="")
        print(f"GET {get95 / figures[('get', 'empty')][1]:.2f}× (mêmes listes du jour : ", end="")
        print(f"{get95 / figures[('get', 'today')][1]:.2f}×)")
    print(f"Objectif GET p95 < 60 ms : {'atteint' if get95 < 60 else 'MANQUÉ'} ({get95:.1f} ms)")
    if explain is not None:
        _explain(*explain)


def _sql(database: list[float]) -> str:
    return f"{statistics.median(database) * 1000:.1f}"


def _count(queries: list[int]) -> str:
    return f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}–{max(queries)}"


def _compare(args: argparse.Namespace) -> None:
    """This tree against the code at `--peer-rev` on one kept database, in alternate child processes."""
    keep = Path(args.keep)
    keep.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-requests-peer-"))
    peer = folder / "tree"
    git = ["git", "-C", str(ROOT)]
    subprocess.run([*git, "worktree", "add", "--detach", str(peer), args.peer_rev], check=True, capture_output=True)
    trees = {"ce code": ROOT, f"pair ({args.peer_rev})": peer}
    pooled: dict[str, dict[str, dict[str, list[float]]]] = {}
    before = os.getloadavg()
    try:
        for round_ in range(args.rounds):
            order = list(trees.items()) if round_ % 2 == 0 else list(reversed(trees.items()))
            for label, tree in order:
                out = folder / "samples.json"
                command = [sys.executable, __file__, "--keep", str(keep), "--json", str(out)]
                command += ["--requests", str(args.requests), "--repeat", str(args.repeat)]
                print(f"— {label}, tour {round_ + 1}/{args.rounds}", flush=True)
                env = {**os.environ, "BENCH_CODE_ROOT": str(tree)}
                subprocess.run(command, env=env, check=True)
                samples = json.loads(out.read_text())
                for op in ("get", "post"):
                    mine = pooled.setdefault(label, {}).setdefault(
                        op, {"seconds": [], "cpu": [], "database": [], "queries": []}
                    )
                    for key, values in mine.items():
                        values.extend(samples[op][key])
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(peer)], check=False)
    after = os.getloadavg()
    print(f"\nMême base ({samples['total']} demandes, {samples['vendor']}), {args.rounds} tours alternés de ", end="")
    print(f"{args.repeat} mesures ; charge (1 min) {before[0]:.2f} avant, {after[0]:.2f} après")
    print(
        "| opération | code | p50 (ms) | p95 (ms) | CPU p50 (ms) | CPU p95 (ms) | dont SQL, p50 (ms) | requêtes SQL |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    p95s: dict[tuple[str, str], float] = {}
    cpu95s: dict[tuple[str, str], float] = {}
    for op, name in [("post", "enregistrer (POST /accueil/)"), ("get", "listes du jour (GET /accueil/)")]:
        for label in trees:
            m = pooled[label][op]
            p50, p95 = _percentiles(m["seconds"])
            cpu50, cpu95 = _percentiles(m["cpu"])
            p95s[(op, label)], cpu95s[(op, label)] = p95, cpu95
            queries = [int(q) for q in m["queries"]]
            print(f"| {name} | {label} | {p50:.1f} | {p95:.1f} | {cpu50:.1f} | {cpu95:.1f} ", end="")
            print(f"| {_sql(m['database'])} | {_count(queries)} |")
    ours, theirs = list(trees)
    for op in ("post", "get"):
        print(f"Ratio p95 {op.upper()} pair / ce code : {p95s[(op, theirs)] / p95s[(op, ours)]:.2f}× ", end="")
        print(f"(temps CPU : {cpu95s[(op, theirs)] / cpu95s[(op, ours)]:.2f}×)")
    get95 = p95s[("get", ours)]
    print(f"Objectif GET p95 < 60 ms : {'atteint' if get95 < 60 else 'MANQUÉ'} ({get95:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--explain", action="store_true", help="Afficher le plan des requêtes sur les demandes.")
    parser.add_argument("--keep", help="Dossier où garder la base générée (réutilisée aux lancements suivants).")
    parser.add_argument("--peer-rev", help="Comparer avec le code de cette révision git, sur la base gardée.")
    parser.add_argument("--rounds", type=int, default=2, help="Tours alternés ce code / pair (avec --peer-rev).")
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer_rev:
        if not args.keep:
            parser.error("--peer-rev demande --keep DOSSIER (la base commune aux deux codes).")
        _compare(args)
    elif args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        _run(args, Path(args.keep).resolve())
    else:
        with tempfile.TemporaryDirectory() as tmp:
            _run(args, Path(tmp))


if __name__ == "__main__":
    main()
