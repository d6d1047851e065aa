# ruff: noqa: S608 - the generator's SQL is assembled from this file's constants, never from input
"""Benchmark: the yearly activity report of a whole network, over 1M (SQLite) or 10M (PostgreSQL) requests.

Measures `build_report(scope, parse_period(<last full year>))` for one network (first call, then best
and median of warm runs), its SQL query count, the CSV/XLSX/PDF/JSON renderings of that report, a
partner-filtered report (CAF) and a masked one, and the nightly roll-up build (`rollup.refresh()`).
The peer is the same report computed without the roll-up, in the same run: every month is marked
stale inside a transaction that is rolled back, so every month is read from the requests. Roll-up
and peer must give identical totals and breakdown cells, and the report's total must equal a plain
count of the year's requests: the benchmark stops with an error otherwise.

    .venv/bin/python benchmarks/bench_reports.py [--requests 1000000] [--explain]
    bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_reports.py --requests 10000000

The requests are spread over the last full calendar year and the one before it (the report compares
with it), with the partner, procedure, help level, outcome, autonomy, language and duration mixes of
`maillage.counter.demo` (same weights), 1 to 3 requests per visit, 5 % of visits linked to a person
file of their structure. The network has one structure per 16,667 requests and 2.5 places per
structure (60 / 150 for 1M, 600 / 1,500 for 10M). The rows are generated inside the database
(`INSERT … SELECT` over `generate_series` on PostgreSQL, a recursive CTE on SQLite) from small
lookup tables written from Python, with the secondary indexes dropped during the load and rebuilt
after it; `ANALYZE` (`VACUUM ANALYZE` on PostgreSQL) follows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS_PER_STRUCTURE = 16_667  # 60 structures for 1M requests, 600 for 10M
PLACES_PER_STRUCTURE = 2.5
PERSON_SHARE = 0.05  # visits linked to a person file
REQUESTS_PER_PERSON = 8  # over the two years: sets how many person files each structure holds
ITINERANT_SHARE = 0.1  # places with outreach stops (their requests use the outreach channel)
EXTRA_PARTNERS = ["edf", "engie", "sncf", "keolis", "veolia_eau", "prefecture", "enedis", "la_poste"]
FORMATS = ["csv", "xlsx", "pdf", "json"]

# Lookup tables of the generator: bench_pick(kind, k, idx) -> value, idx in 0 … n(kind, k) - 1.
FIRST, PLACE, PLACE_PARTNER, PROCEDURE, STOP, MEDIATOR, PERSON, RESIDENCE, DAY = range(1, 10)
LOOKUPS = ("bench_pick", "bench_cnt", "bench_place")
NETWORK_NAME = "Réseau de référence (banc d'essai)"


def _setup(tmp: Path) -> None:
    from benchmarks.django_setup import setup_django

    setup_django(tmp)


# --------------------------------------------------------------------------------------------------
# The network: structures, places, partners, stops, mediators and person files (ORM, small)
# --------------------------------------------------------------------------------------------------


@dataclass
class _Network:
    network_id: int
    structures: list[int]
    places: dict[int, dict[str, Any]]  # place id -> structure, commune, département index, partners, stops
    mediators: dict[int, list[int]]
    persons: dict[int, list[int]]
    residences: dict[int, list[str]]  # département index -> communes of 1,000+ inhabitants


def _network(rng: random.Random, n_structures: int, n_places: int, n_requests: int) -> _Network:
    from django.contrib.auth.hashers import make_password

    from maillage.accounts.enums import Role
    from maillage.accounts.models import Membership, User
    from maillage.counter import demo, enums
    from maillage.counter.models import Person, person_lookup_key
    from maillage.network import enums as network_enums
    from maillage.network.demo import FS_PARTNERS, fake_siret
    from maillage.network.models import Network, OutreachStop, Partner, Place, Structure
    from maillage.territory.models import Commune

    network = Network.objects.create(name=NETWORK_NAME, kind="france_services")
    structures = Structure.objects.bulk_create(
        [
            Structure(name=f"Structure {i:04d}", pivot=fake_siret(50_000 + i), network=network)
            for i in range(n_structures)
        ]
    )
    communes = list(Commune.objects.filter(population__gte=2000).values_list("code", "departement_id", "population"))
    chosen = rng.choices(communes, weights=[math.sqrt(c[2]) for c in communes], k=n_places)
    places = Place.objects.bulk_create(
        [
            Place(
                structure=structures[i % n_structures],
                name=f"Lieu {i:05d}",
                commune_id=code,
                postcode="00000",
                address="1 place de la Mairie",
                opening_hours="Mo-Fr 09:00-12:00,13:30-17:00; PH off",
                services=[network_enums.Service.ADMIN_PROCEDURES],
                services_index=f"|{network_enums.Service.ADMIN_PROCEDURES}|",
            )
            for i, (code, _dep, _pop) in enumerate(chosen)
        ],
        batch_size=2000,
    )
    partners = {p.code: p.pk for p in Partner.objects.all()}
    through = Place.partners.through
    links, stops = [], []
    info: dict[int, dict[str, Any]] = {}
    departements = sorted({dep for _code, dep, _pop in chosen})
    dep_index = {dep: i for i, dep in enumerate(departements)}
    for place, (code, dep, _pop) in zip(places, chosen, strict=True):
        codes = [c for c in FS_PARTNERS if c in partners]
        codes += rng.sample([c for c in EXTRA_PARTNERS if c in partners and c not in codes], rng.randint(0, 3))
        links += [through(place_id=place.pk, partner_id=partners[c]) for c in codes]
        if rng.random() < ITINERANT_SHARE:
            stops += [
                OutreachStop(
                    place=place, commune_id=code, address=f"Mairie, étape {j + 1}", opening_hours="We 09:00-12:00"
                )
                for j in range(rng.randint(1, 3))
            ]
        info[place.pk] = {"structure": place.structure_id, "commune": code, "dep": dep_index[dep], "partners": codes}
    through.objects.bulk_create(links, batch_size=5000)
    for stop in OutreachStop.objects.bulk_create(stops, batch_size=2000):
        info[stop.place_id].setdefault("stops", []).append(stop.pk)

    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"mediateur.{s.pk}.{j}@banc.maillage.fr",
                first_name="Médiateur",
                last_name=str(j),
                password=password,
            )
            for s in structures
            for j in range(rng.randint(2, 4))
        ],
        batch_size=2000,
    )
    by_pk = {s.pk: s for s in structures}
    mediators: dict[int, list[int]] = defaultdict(list)
    memberships = []
    for user in users:
        structure_id = int(user.email.split(".")[1])
        mediators[structure_id].append(user.pk)
        memberships.append(Membership(user=user, role=Role.MEDIATOR, structure=by_pk[structure_id]))
    Membership.objects.bulk_create(memberships, batch_size=2000)

    per_structure = max(12, round(n_requests * PERSON_SHARE / n_structures / REQUESTS_PER_PERSON))
    first = ["Amina", "Jean", "Fatou", "Marie", "Karim", "Lucie", "Mehmet", "Odile", "Yasmine", "Paul"]
    last = ["Martin", "Benali", "Diallo", "Bernard", "Nguyen", "Petit", "Yilmaz", "Moreau", "Haddad", "Garcia"]
    rows = []
    for structure in structures:
        for _ in range(per_structure):
            born = dt.date(rng.randint(1938, 2004), rng.randint(1, 12), rng.randint(1, 28))
            given, family = rng.choice(first), rng.choice(last)
            rows.append(
                Person(
                    structure=structure,
                    first_name=given,
                    last_name=family,
                    birth_date=born,
                    lookup_key=person_lookup_key(given, family, born),
                    consent_given_on=dt.date(2024, 1, 1),
                    consent_purpose="Suivi des démarches sur plusieurs rendez-vous",
                    consent_method=rng.choice(list(enums.ConsentMethod.values)),
                )
            )
    persons: dict[int, list[int]] = defaultdict(list)
    for person in Person.objects.bulk_create(rows, batch_size=2000):
        persons[person.structure_id].append(person.pk)

    residences: dict[int, list[str]] = {}
    for dep, index in dep_index.items():
        residences[index] = list(
            Commune.objects.filter(departement_id=dep, population__gte=1000).values_list("code", flat=True)
        ) or [c for c, d, _ in chosen if d == dep]
    assert set(demo.PARTNER_WEIGHTS) <= set(partners), "partenaires de la démo absents du catalogue"
    return _Network(network.pk, [s.pk for s in structures], info, dict(mediators), dict(persons), residences)


# --------------------------------------------------------------------------------------------------
# The requests, generated inside the database
# --------------------------------------------------------------------------------------------------


class _Sql:
    """The few spellings that differ between PostgreSQL and SQLite."""

    def __init__(self, vendor: str) -> None:
        self.pg = vendor == "postgresql"

    def rand(self) -> str:
        """A uniform number in [0, 1), drawn again on every row."""
        return "random()" if self.pg else "((random() & 1073741823) / 1073741824.0)"

    def index(self, fraction: str, count: str) -> str:
        """floor(fraction * count) as an integer (PostgreSQL rounds when casting a float)."""
        if self.pg:
            return f"CAST(floor(({fraction}) * ({count})) AS integer)"
        return f"CAST(({fraction}) * ({count}) AS INTEGER)"

    def series(self, count: int) -> tuple[str, str]:
        """(WITH clause, FROM source) of the integers 1 … count as column x."""
        if self.pg:
            return "", f"generate_series(1, {count}) AS s(x)"
        return f"WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < {count}) ", "s"

    def uuid(self) -> str:
        return "gen_random_uuid()" if self.pg else "lower(hex(randomblob(16)))"

    def moment(self, epoch: str) -> str:
        return f"to_timestamp({epoch})" if self.pg else f"datetime({epoch}, 'unixepoch')"

    def temp(self, name: str) -> str:
        return f"CREATE TEMP TABLE {name} AS "


def _pick(kind: int, key: str, fraction: str, count: str, sql: _Sql, column: str = "value") -> str:
    return f"(SELECT {column} FROM bench_pick WHERE kind = {kind} AND k = {key} AND idx = {sql.index(fraction, count)})"


def _case(fraction: str, pairs: list[tuple[Any, int]]) -> str:
    """A weighted choice among `pairs` from one stored uniform number."""
    total = sum(w for _, w in pairs)
    parts, seen = [], 0
    for value, weight in pairs[:-1]:
        seen += weight
        parts.append(f"WHEN {fraction} < {seen / total!r} THEN {_literal(value)}")
    return f"CASE {' '.join(parts)} ELSE {_literal(pairs[-1][0])} END"


def _literal(value: Any) -> str:
    return str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"


def _days(year: int) -> list[int]:
    """Epoch seconds of 09:00 Paris time on every day of `year - 1` and `year`, weekdays ten times
    as likely as Saturdays and Sundays (the demo keeps 1 weekend draw in 10)."""
    tz = ZoneInfo("Europe/Paris")
    day, end, out = dt.date(year - 1, 1, 1), dt.date(year, 12, 31), []
    while day <= end:
        epoch = int(dt.datetime.combine(day, dt.time(9), tzinfo=tz).timestamp())
        out += [epoch] * (10 if day.weekday() < 5 else 1)
        day += dt.timedelta(days=1)
    return out


def _lookup_tables(net: _Network, year: int) -> tuple[int, int]:
    """Write bench_pick / bench_cnt / bench_place; returns (size of the first-partner list, of the day list)."""
    from django.db import connection

    from maillage.counter import demo
    from maillage.counter.models import Procedure
    from maillage.network.models import Partner

    partner_ids = dict(Partner.objects.values_list("code", "pk"))
    procedures: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, partner_id, domain in Procedure.objects.filter(is_active=True).values_list("pk", "partner_id", "domain"):
        procedures[partner_id or 0].append((pk, domain))
    usable = {c for c in demo.PARTNER_WEIGHTS if procedures.get(partner_ids[c])}
    picks: list[tuple[int, int, int, int | None, str | None]] = []

    def add(kind: int, key: int, values: list[Any], text: bool = False) -> None:
        for i, value in enumerate(values):
            picks.append((kind, key, i, None if text else value, value if text else None))

    by_partner: dict[int, list[int]] = defaultdict(list)
    for place_id, place in net.places.items():
        by_partner[0].append(place_id)
        for code in place["partners"]:
            by_partner[partner_ids[code]].append(place_id)
    first = [c for c in demo.PARTNER_WEIGHTS if c in usable and by_partner.get(partner_ids[c])]
    add(FIRST, 0, [partner_ids[c] for c in first for _ in range(demo.PARTNER_WEIGHTS[c])])
    for partner_id, place_ids in by_partner.items():
        add(PLACE, partner_id, place_ids)
    place_rows = []
    for place_id, place in net.places.items():
        slots = [partner_ids[c] for c in place["partners"] if c in usable for _ in range(demo.PARTNER_WEIGHTS[c])]
        add(PLACE_PARTNER, place_id, slots)
        add(STOP, place_id, place.get("stops", []))
        structure = place["structure"]
        place_rows.append(
            (
                place_id,
                structure,
                place["commune"],
                place["dep"],
                len(slots),
                len(place.get("stops", [])),
                len(net.mediators[structure]),
                len(net.persons.get(structure, [])),
                len(net.residences[place["dep"]]),
            )
        )
    for key, rows in procedures.items():
        add(PROCEDURE, key, [pk for pk, _ in rows])
        picks += [(PROCEDURE + 100, key, i, None, domain) for i, (_, domain) in enumerate(rows)]
    for structure, users in net.mediators.items():
        add(MEDIATOR, structure, users)
    for structure, people in net.persons.items():
        add(PERSON, structure, people)
    for dep, codes in net.residences.items():
        add(RESIDENCE, dep, codes, text=True)
    days = _days(year)
    add(DAY, 0, days)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for kind, key, *_ in picks:
        counts[(kind, key)] += 1
    with connection.cursor() as cursor:
        for name in LOOKUPS:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(
            "CREATE TABLE bench_pick (kind integer, k integer, idx integer, value bigint, value_text varchar(60), "
            "PRIMARY KEY (kind, k, idx))"
        )
        cursor.execute("CREATE TABLE bench_cnt (kind integer, k integer, n integer, PRIMARY KEY (kind, k))")
        cursor.execute(
            "CREATE TABLE bench_place (place_id bigint PRIMARY KEY, structure_id bigint, commune_id varchar(5), "
            "dep integer, n_pp integer, n_stop integer, n_med integer, n_pers integer, n_res integer)"
        )
        cursor.executemany("INSERT INTO bench_pick VALUES (%s, %s, %s, %s, %s)", picks)
        cursor.executemany("INSERT INTO bench_cnt VALUES (%s, %s, %s)", [(k, key, n) for (k, key), n in counts.items()])
        cursor.executemany("INSERT INTO bench_place VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)", place_rows)
        cursor.execute("ANALYZE bench_pick" if connection.vendor == "postgresql" else "ANALYZE")
    return counts[(FIRST, 0)], len(days)


@contextmanager
def _bulk_load(tables: list[str]) -> Iterator[None]:
    """Drop the secondary indexes (and unique constraints, foreign-key checks on PostgreSQL) of
    `tables` for the load, then rebuild them: what a bulk load does, and far faster than row by row."""
    from django.db import connection

    pg = connection.vendor == "postgresql"
    recreate: list[str] = []
    with connection.cursor() as cursor:
        for table in tables:
            if pg:
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'u'",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                    recreate.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
                    "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                    [table, table],
                )
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                    [table],
                )
            for name, definition in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
                recreate.append(definition)
        if pg:
            cursor.execute("SET session_replication_role = replica")  # no per-row foreign-key triggers
            cursor.execute("SET work_mem = '512MB'")
            cursor.execute("SET maintenance_work_mem = '2GB'")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if pg:
                cursor.execute("SET session_replication_role = DEFAULT")
            else:
                cursor.execute("PRAGMA foreign_keys = ON")
            started = time.perf_counter()
            for statement in recreate:
                cursor.execute(statement)
            print(f"  {len(recreate)} index et contraintes reconstruits en {time.perf_counter() - started:.0f} s")
            if pg:
                cursor.execute("RESET work_mem")
                cursor.execute("RESET maintenance_work_mem")


def _requests(count: int, net: _Network, year: int) -> None:
    """`count` requests and their visits over the calendar years `year - 1` and `year`."""
    from django.core.management.color import no_style
    from django.db import connection

    from maillage.counter import demo, enums
    from maillage.counter.models import Request, Visit

    sql = _Sql(connection.vendor)
    n_first, n_days = _lookup_tables(net, year)
    visits = math.ceil(count / 1.38 * 1.01) + 100  # 1.38 requests per visit on average; the surplus is cut
    rand = sql.rand
    cnt = "(SELECT n FROM bench_cnt WHERE kind = {kind} AND k = {key})"
    referred = [(v, 1) for v in enums.ReferredBy.values]
    gender = [("female", 2), ("male", 2), ("unknown", 1)]
    steps: list[tuple[str, str]] = []
    with_, source = sql.series(visits)
    randoms = [
        "r_none",
        "r_first",
        "r_place",
        "r_day",
        "r_min",
        "r_size",
        "r_perssel",
        "r_pers",
        "r_ressel",
        "r_res",
        "r_age",
        "r_status",
        "r_lang",
        "r_gender",
        "r_fv",
        "r_aut",
        "r_ref",
    ]
    steps.append(
        (
            "tirages des passages",
            sql.temp("bench_v1") + with_ + f"SELECT x, {', '.join(f'{rand()} AS {r}' for r in randoms)} FROM {source}",
        )
    )
    first = _pick(FIRST, "0", "a.r_first", str(n_first), sql)
    first = f"CASE WHEN a.r_none < {demo.NO_PARTNER_SHARE!r} THEN 0 ELSE {first} END"
    place = _pick(PLACE, "b.fp", "b.r_place", cnt.format(kind=PLACE, key="b.fp"), sql)
    steps.append(
        (
            "passages",
            sql.temp("bench_vplan")
            + f"""SELECT c.x, c.fp, c.place_id, p.structure_id,
                {_pick(DAY, "0", "c.r_day", str(n_days), sql)} + 60 * {sql.index("c.r_min", "480")} AS t,
                {_case("c.r_size", [(1, 70), (2, 22), (3, 8)])} AS size,
                CASE WHEN p.n_pers > 0 AND c.r_perssel < {PERSON_SHARE!r}
                     THEN {_pick(PERSON, "p.structure_id", "c.r_pers", "p.n_pers", sql)} END AS person_id,
                CASE WHEN c.r_ressel < 0.7 THEN p.commune_id
                     ELSE {_pick(RESIDENCE, "p.dep", "c.r_res", "p.n_res", sql, "value_text")} END AS residence_id,
                {_case("c.r_age", demo.AGE)} AS age_band,
                {_case("c.r_status", demo.STATUS)} AS social_status,
                {_case("c.r_lang", demo.LANG)} AS language,
                {_case("c.r_gender", gender)} AS gender,
                CASE WHEN c.r_fv < 0.3 THEN TRUE ELSE FALSE END AS first_visit,
                {_case("c.r_aut", demo.AUTONOMY)} AS autonomy,
                {_case("c.r_ref", referred)} AS referred_by
            FROM (SELECT b.*, {place} AS place_id
                  FROM (SELECT a.*, {first} AS fp FROM bench_v1 a) b) c
            JOIN bench_place p ON p.place_id = c.place_id""",
        )
    )
    # Keep whole visits, in random order (x), until `count` requests; number them in time order.
    steps.append(
        (
            "sélection",
            sql.temp("bench_vkeep")
            + f"""SELECT x, ROW_NUMBER() OVER (ORDER BY t, x) AS vno,
                CASE WHEN cum > {count} THEN {count} - (cum - size) ELSE size END AS size
            FROM (SELECT x, t, size, SUM(size) OVER (ORDER BY x ROWS UNBOUNDED PRECEDING) AS cum
                  FROM bench_vplan) w
            WHERE cum - size < {count}""",
        )
    )
    steps.append(("tailles", "CREATE TEMP TABLE bench_sizes (i integer PRIMARY KEY)"))
    steps.append(("tailles", "INSERT INTO bench_sizes VALUES (1), (2), (3)"))
    request_randoms = ["r_nopart", "r_part", "r_proc", "r_help", "r_out", "r_dur", "r_stop", "r_med"]
    steps.append(
        (
            "tirages des demandes",
            sql.temp("bench_r1")
            + f"""SELECT k.x, k.vno, s.i, {", ".join(f"{rand()} AS {r}" for r in request_randoms)}
            FROM bench_vkeep k JOIN bench_sizes s ON s.i <= k.size""",
        )
    )
    base = Visit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    steps.append(
        (
            "passages écrits",
            f"""INSERT INTO counter_visit (id, uuid, created_at)
            SELECT k.vno + {base}, {sql.uuid()}, {sql.moment("v.t")}
            FROM bench_vkeep k JOIN bench_vplan v ON v.x = k.x ORDER BY k.vno""",
        )
    )
    # Every lookup reads stored draws (a random() inside a subquery would be drawn once, or per row
    # scanned); random() appears only where it is evaluated once per written row.
    partner = f"""CASE WHEN r.i = 1 THEN v.fp
        WHEN p.n_pp > 0 AND r.r_nopart >= {demo.NO_PARTNER_SHARE!r}
        THEN {_pick(PLACE_PARTNER, "v.place_id", "r.r_part", "p.n_pp", sql)} ELSE 0 END"""
    visit_columns = [
        "fp",
        "place_id",
        "structure_id",
        "t",
        "person_id",
        "residence_id",
        "age_band",
        "social_status",
        "language",
        "gender",
        "first_visit",
        "autonomy",
        "referred_by",
    ]
    count_procedures = cnt.format(kind=PROCEDURE, key="q.partner")
    help_level = _case("q.r_help", demo.HELP)
    moment = f"q.t + 60 * CASE WHEN q.i = 1 THEN 0 ELSE 5 * (q.i - 1) + {sql.index(rand(), '26 * (q.i - 1)')} END"
    fields = {
        "uuid": sql.uuid(),
        "visit_id": f"q.vno + {base}",
        "structure_id": "q.structure_id",
        "place_id": "q.place_id",
        "stop_id": f"CASE WHEN q.n_stop > 0 THEN {_pick(STOP, 'q.place_id', 'q.r_stop', 'q.n_stop', sql)} END",
        "mediator_id": _pick(MEDIATOR, "q.structure_id", "q.r_med", "q.n_med", sql),
        "occurred_at": sql.moment(moment),
        "duration_minutes": _case("q.r_dur", demo.DURATION),
        "channel": "CASE WHEN q.n_stop > 0 THEN 'outreach_stop' ELSE 'walk_in' END",
        "partner_id": "NULLIF(q.partner, 0)",
        "domain": _pick(PROCEDURE + 100, "q.partner", "q.r_proc", count_procedures, sql, "value_text"),
        "procedure_id": _pick(PROCEDURE, "q.partner", "q.r_proc", count_procedures, sql),
        "help_level": help_level,
        "outcome": _case("q.r_out", demo.OUTCOME),
        "autonomy": "q.autonomy",
        "language": "q.language",
        "interpreter": f"CASE WHEN q.language <> 'fr' AND {rand()} < 0.3 THEN TRUE ELSE FALSE END",
        "referred_by": "q.referred_by",
        "referred_by_partner_id": "NULL",
        "referred_by_structure_id": "NULL",
        "residence_id": "q.residence_id",
        "age_band": "q.age_band",
        "gender": "q.gender",
        "social_status": "q.social_status",
        "first_visit": "q.first_visit",
        "person_id": "q.person_id",
        "mandate_id": "NULL",
        "one_time_consent": f"CASE WHEN {help_level} = 'done_for' THEN TRUE ELSE FALSE END",
        "mandate_erased": "FALSE",
        "created_at": sql.moment("q.t"),
        "updated_at": sql.moment("q.t"),
    }
    columns = {str(f.column) for f in Request._meta.concrete_fields if f.column != "id"}
    assert columns == set(fields), f"colonnes de counter_request non prévues : {columns ^ set(fields)}"
    steps.append(
        (
            "demandes écrites",
            f"""INSERT INTO counter_request ({", ".join(fields)})
            SELECT {", ".join(fields.values())}
            FROM (SELECT r.*, {", ".join(f"v.{c}" for c in visit_columns)}, p.n_stop, p.n_med, {partner} AS partner
                  FROM bench_r1 r JOIN bench_vplan v ON v.x = r.x JOIN bench_place p ON p.place_id = v.place_id) q
            ORDER BY q.vno, q.i""",
        )
    )
    with connection.cursor() as cursor:
        for name in ("bench_v1", "bench_vplan", "bench_vkeep", "bench_sizes", "bench_r1"):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
        with _bulk_load([Request._meta.db_table, Visit._meta.db_table]):
            for label, statement in steps:
                started = time.perf_counter()
                cursor.execute(statement)
                if statement.startswith("CREATE TEMP TABLE") and sql.pg:
                    cursor.execute(f"ANALYZE {statement.split()[3]}")
                print(f"  {label} : {time.perf_counter() - started:.0f} s")
        for name in ("bench_v1", "bench_vplan", "bench_vkeep", "bench_sizes", "bench_r1", *LOOKUPS):
            cursor.execute(f"DROP TABLE {name}")
        for statement in connection.ops.sequence_reset_sql(no_style(), [Visit, Request]):
            cursor.execute(statement)


# --------------------------------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------------------------------


@dataclass
class _Runs:
    first: float = 0.0
    seconds: list[float] = field(default_factory=list)
    queries: set[int] = field(default_factory=set)
    database: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def query_text(self) -> str:
        return str(min(self.queries)) if len(self.queries) == 1 else f"{min(self.queries)}–{max(self.queries)}"


def _timed(function: Callable[[], Any], keep: bool = False) -> tuple[float, Any, Any]:
    from django.db import connection

    from benchmarks.django_setup import QueryClock

    clock = QueryClock(keep)
    with connection.execute_wrapper(clock):
        t0 = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - t0
    return elapsed, clock, result


def _measure(function: Callable[[], Any], repeat: int) -> tuple[_Runs, Any]:
    """The first call (cold), then `repeat` warm calls."""
    runs = _Runs()
    runs.first, clock, result = _timed(function)
    runs.queries.add(clock.queries)
    for _ in range(repeat):
        seconds, clock, result = _timed(function)
        runs.seconds.append(seconds)
        runs.queries.add(clock.queries)
        runs.database.append(clock.seconds)
    return runs, result


@contextmanager
def _without_rollup() -> Iterator[None]:
    """Every month marked stale, so the report reads all of them from the requests; rolled back after."""
    from django.db import transaction

    from maillage.reports.models import RollupMonth

    with transaction.atomic():
        RollupMonth.objects.update(stale=True)
        yield
        transaction.set_rollback(True)


def _snapshot(report: Any) -> dict[str, Any]:
    return {
        "totals": asdict(report.totals),
        "previous": asdict(report.previous),
        "breakdowns": {
            b.key: [
                (
                    c.code,
                    c.requests,
                    c.people,
                    c.minutes,
                    c.resolved,
                    c.previous_requests,
                    c.previous_people,
                    c.masked,
                    c.previous_masked,
                )
                for c in b.cells
            ]
            for b in report.breakdowns
        },
    }


def _same(name: str, rolled: Any, peer: Any) -> None:
    """Fail loudly when the roll-up and the requests disagree on any figure."""
    a, b = _snapshot(rolled), _snapshot(peer)
    if a == b:
        return
    for part in ("totals", "previous"):
        if a[part] != b[part]:
            print(f"{name} — {part} : roll-up {a[part]} ≠ demandes {b[part]}", file=sys.stderr)
    for key in sorted(set(a["breakdowns"]) | set(b["breakdowns"])):
        left, right = a["breakdowns"].get(key), b["breakdowns"].get(key)
        if left != right:
            diff = [(x, y) for x, y in zip(left or [], right or [], strict=False) if x != y][:5]
            print(f"{name} — ventilation {key} : {diff}", file=sys.stderr)
    raise SystemExit(f"ÉCHEC : le rapport « {name} » diffère entre le roll-up et les demandes.")


def _check_total(name: str, report: Any, scope: Any, partner: Any) -> None:
    from maillage.counter.models import Request
    from maillage.reports import rollup

    for period, totals in ((report.period, report.totals), (report.previous_period, report.previous)):
        requests = Request.objects.filter(
            scope.request_filter(), rollup.local_range(period.start, period.end + dt.timedelta(days=1))
        )
        if partner is not None:
            requests = requests.filter(partner=partner)
        expected = requests.count()
        if totals.requests != expected:
            raise SystemExit(
                f"ÉCHEC : {name}, {period.label} : {totals.requests} demandes au rapport, {expected} en base."
            )


def _agreements(network: Any, partner: Any, year: int) -> int:
    """Four structures in five hold an agreement with the partner since the year before (once per base)."""
    from maillage.network.models import Agreement

    structures = network.structures.order_by("pk").values_list("pk", flat=True)
    if not Agreement.objects.filter(partner=partner, structure__network=network).exists():
        Agreement.objects.bulk_create(
            Agreement(partner=partner, structure_id=pk, start=dt.date(year - 1, 1, 1))
            for i, pk in enumerate(structures)
            if i % 5
        )
    return Agreement.objects.filter(partner=partner, structure__network=network).count()


def _check_persons(name: str, scope: Any, period: Any, partner: Any) -> None:
    """Distinct person files of every cell, counted again with one COUNT(DISTINCT) query per breakdown."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.utils import timezone

    from maillage.counter.models import Request
    from maillage.reports import rollup
    from maillage.reports.activity import collect

    activity = collect(scope, period, partner.pk if partner else None)
    requests = Request.objects.filter(
        scope.request_filter(),
        rollup.local_range(period.start, period.end + dt.timedelta(days=1)),
        person__isnull=False,
    ).order_by()
    if partner is not None:
        requests = requests.filter(partner=partner)
    expected = {("total", ""): requests.aggregate(n=Count("person_id", distinct=True))["n"]}
    for dimension, column in rollup.PEOPLE_DIMENSIONS.items():
        for row in requests.values(column).annotate(n=Count("person_id", distinct=True)):
            expected[(dimension, "" if row[column] is None else str(row[column]))] = row["n"]
    by_month = requests.annotate(m=TruncMonth("occurred_at", tzinfo=timezone.get_current_timezone()))
    for row in by_month.values("m").annotate(n=Count("person_id", distinct=True)):
        expected[("month", timezone.localdate(row["m"]).replace(day=1).isoformat())] = row["n"]
    found = {
        (dimension, value): counts.persons
        for dimension, cells in activity.cells.items()
        for value, counts in cells.items()
        if counts.persons
    }
    if found != {key: n for key, n in expected.items() if n}:
        wrong = sorted(k for k in set(found) | set(expected) if found.get(k, 0) != expected.get(k, 0))[:5]
        raise SystemExit(f"ÉCHEC : {name}, dossiers distincts faux pour {wrong}")


def _explain(name: str, function: Callable[[], Any], slowest: int) -> None:
    """The plans of the slowest queries of one call of `function`."""
    from django.db import connection

    _, clock, _ = _timed(function, keep=True)
    print(f"\n### {name} : {clock.queries} requêtes, {clock.seconds:.2f} s en base ; les plus lentes :")
    pg = connection.vendor == "postgresql"
    for elapsed, sql, params in sorted(clock.log, key=lambda e: -e[0])[:slowest]:
        print(f"\n{elapsed * 1000:.0f} ms : {sql[:600]}{'…' if len(sql) > 600 else ''}")
        with connection.cursor() as cursor:
            cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if pg else "EXPLAIN QUERY PLAN ") + sql, params)
            for row in cursor.fetchall():
                print("    " + " | ".join(str(v) for v in row))


def _seconds(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--structures", type=int, help="Par défaut une pour 16 667 demandes.")
    parser.add_argument("--places", type=int, help="Par défaut 2,5 par structure.")
    parser.add_argument("--repeat", type=int, default=5, help="Appels mesurés après le premier (roll-up).")
    parser.add_argument("--peer-repeat", type=int, default=5, help="Appels mesurés après le premier (pair).")
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--explain", action="store_true", help="Plans des requêtes les plus lentes.")
    parser.add_argument("--target", type=float, help="Objectif en secondes (5 sur SQLite, 2 sur PostgreSQL).")
    parser.add_argument(
        "--keep",
        type=Path,
        help="Mise au point : garder la base (SQLite) dans ce dossier et la réutiliser si elle a ces demandes.",
    )
    parser.add_argument("--rebuild-rollup", action="store_true", help="Reconstruire tout le roll-up (avec --keep).")
    return parser.parse_args()


def _engine() -> tuple[bool, str]:
    from django.db import connection

    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if pg else "SELECT sqlite_version()")
        return pg, f"{'PostgreSQL' if pg else 'SQLite'} {cursor.fetchone()[0].split()[0]}"


def _analyze(pg: bool, table: str = "") -> float:
    """VACUUM ANALYZE (PostgreSQL) or ANALYZE (SQLite) of the base or one table; returns the seconds."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"{'VACUUM ANALYZE' if pg else 'ANALYZE'} {table}".strip())
    return time.perf_counter() - started


def _database(args: argparse.Namespace, folder: Path, year: int, pg: bool, engine: str) -> Any:
    """The benchmark network: reused from a kept base holding these requests, else written now."""
    from maillage.counter.models import Request
    from maillage.network.models import Network

    network = Network.objects.filter(name=NETWORK_NAME).first()
    if network is not None and Request.objects.count() == args.requests:
        seconds = _analyze(pg)  # new indexes get their statistics
        print(f"Base réutilisée : {args.requests} demandes ({folder}), ANALYZE {seconds:.0f} s")
        return network
    if network is not None:
        raise SystemExit(f"La base de {folder} contient un autre jeu de demandes : videz le dossier.")
    n_structures = args.structures or max(1, round(args.requests / REQUESTS_PER_STRUCTURE))
    n_places = args.places or round(n_structures * PLACES_PER_STRUCTURE)
    started = time.perf_counter()
    net = _network(random.Random(20261122), n_structures, n_places, args.requests)
    print(f"Réseau : {n_structures} structures, {n_places} lieux ({time.perf_counter() - started:.0f} s)")
    started = time.perf_counter()
    _requests(args.requests, net, year)
    load = time.perf_counter() - started
    analyze = _analyze(pg)
    total = Request.objects.count()
    assert total == args.requests, (total, args.requests)
    print(f"{total} demandes écrites en {load:.0f} s ({engine}), {'VACUUM ' if pg else ''}ANALYZE {analyze:.0f} s")
    return Network.objects.get(pk=net.network_id)


@dataclass
class _Built:
    months: int
    seconds: float
    rows: int
    footprints: int


def _build_rollup(rebuild: bool, pg: bool) -> _Built:
    """The nightly build (every month and footprint again with `rebuild`), then the statistics."""
    from maillage.reports import rollup
    from maillage.reports.models import ActivityRollup, PersonFootprint, RollupMonth

    started = time.perf_counter()
    months = rollup.refresh(everything=rebuild)
    built = _Built(len(months), time.perf_counter() - started, 0, 0)
    analyzed = sum(_analyze(pg, model._meta.db_table) for model in (ActivityRollup, PersonFootprint))
    built.rows, built.footprints = ActivityRollup.objects.count(), PersonFootprint.objects.count()
    print(
        f"Roll-up : {built.months} mois, {built.rows} lignes, empreintes {built.footprints} lignes, "
        f"en {built.seconds:.0f} s ({'VACUUM ' if pg else ''}ANALYZE {analyzed:.1f} s)"
    )
    assert not RollupMonth.objects.filter(stale=True).exists()
    return built


Variant = tuple[str, Any, dict[str, Any]]


def _variants(network: Any, period: Any) -> list[Variant]:
    """The network's report, for one partner, masked; and a partner viewer's masked report."""
    from maillage.network.models import Partner
    from maillage.reports.scope import partner_scope, resolve_scope

    scope = resolve_scope("network", str(network.pk))
    caf = Partner.objects.get(code="caf")
    conventioned = _agreements(network, caf, period.start.year)
    return [
        ("réseau", scope, {}),
        ("réseau, partenaire CAF", scope, {"partner": caf}),
        ("réseau, masqué (petits effectifs)", scope, {"masked": True}),
        (
            f"vue partenaire CAF ({conventioned} structures conventionnées, masqué)",
            partner_scope(caf, period),
            {"partner": caf, "masked": True},
        ),
    ]


def _run_variant(variant: Variant, period: Any, args: argparse.Namespace) -> tuple[dict[str, _Runs], Any]:
    """The report read through the roll-up and footprints, checked, then the peer on the requests only."""
    from maillage.reports.compute import build_report

    name, scope, options = variant

    def call() -> Any:
        return build_report(scope, period, **options)

    runs: dict[str, _Runs] = {}
    runs["rollup"], report = _measure(call, args.repeat)
    assert report.rolled_months == 12, report.rolled_months
    _check_total(name, report, scope, options.get("partner"))
    _check_persons(name, scope, period, options.get("partner"))
    with _without_rollup():
        runs["peer"], peer = _measure(call, args.peer_repeat)
        assert peer.rolled_months == 0, peer.rolled_months
    _same(name, report, peer)
    r, p = runs["rollup"], runs["peer"]
    print(
        f"{name} : roll-up médiane {_seconds(r.median)} s ({r.query_text()} requêtes), "
        f"pair {_seconds(p.median)} s ({p.query_text()} requêtes) — identiques"
    )
    if args.explain:
        _explain(f"{name}, roll-up", call, 4)
        with _without_rollup():
            _explain(f"{name}, pair", call, 4)
    return runs, report


def _exports(report: Any, repeat: int) -> dict[str, tuple[_Runs, int]]:
    from maillage.reports.exports import render

    exports: dict[str, tuple[_Runs, int]] = {}
    for fmt in FORMATS:

        def rendered(fmt: str = fmt) -> bytes:
            return render(report, fmt)

        runs, content = _measure(rendered, repeat)
        exports[fmt] = (runs, len(content))
    return exports


def _print_results(results: dict[str, dict[str, _Runs]], exports: dict[str, tuple[_Runs, int]], pg: bool) -> None:
    print()
    print(
        "| rapport annuel | lecture | premier appel (s) | meilleur (s) | médiane (s) | dont SQL, médiane (s) "
        "| requêtes SQL | pair / roll-up (médianes) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, variant in results.items():
        for key, label in (("rollup", "roll-up et empreintes"), ("peer", "pair : demandes seules")):
            runs = variant[key]
            ratio = f"{variant['peer'].median / variant['rollup'].median:.1f}×" if key == "rollup" else ""
            database = _seconds(statistics.median(runs.database)) if pg else "—"
            print(
                f"| {name} | {label} | {_seconds(runs.first)} | {_seconds(runs.best)} | {_seconds(runs.median)} "
                f"| {database} | {runs.query_text()} | {ratio} |"
            )
    print()
    print("| export du rapport « réseau » | premier appel (s) | meilleur (s) | médiane (s) | taille (ko) |")
    print("|---|---:|---:|---:|---:|")
    for fmt, (runs, size) in exports.items():
        print(
            f"| {fmt.upper()} | {_seconds(runs.first)} | {_seconds(runs.best)} | {_seconds(runs.median)} "
            f"| {size / 1000:,.0f} |".replace(",", " ")
        )


def main() -> None:
    args = _arguments()
    with ExitStack() as stack:
        folder = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        folder.mkdir(parents=True, exist_ok=True)
        _setup(folder)
        from django.utils import timezone

        from maillage.counter.models import Request
        from maillage.network.models import Place
        from maillage.reports import rollup
        from maillage.reports.period import parse_period

        pg, engine = _engine()
        target = args.target or (2.0 if pg else 5.0)
        year = timezone.localdate().year - 1
        network = _database(args, folder, year, pg, engine)
        built = _build_rollup(args.rebuild_rollup, pg)
        period = parse_period(str(year))
        variants = _variants(network, period)
        results: dict[str, dict[str, _Runs]] = {}
        reports: dict[str, Any] = {}
        for variant in variants:
            results[variant[0]], reports[variant[0]] = _run_variant(variant, period, args)
        exports = _exports(reports["réseau"], args.export_repeat)

        in_year = Request.objects.filter(
            variants[0][1].request_filter(), rollup.local_range(period.start, period.end + dt.timedelta(days=1))
        ).count()
        print()
        print(
            f"{engine}, {Request.objects.count():,} demandes".replace(",", " ")
            + f" ({in_year:,} sur l'année {year}), {network.structures.count()} structures,".replace(",", " ")
            + f" {Place.objects.filter(structure__network=network).count()} lieux ;"
            + f" roll-up {built.rows:,} lignes et empreintes {built.footprints:,} lignes".replace(",", " ")
            + f" construits en {built.seconds:.0f} s"
        )
        _print_results(results, exports, pg)
        worst = max(results[name]["rollup"].median for name, scope, _ in variants if scope is variants[0][1])
        verdict = "atteint" if worst < target else "MANQUÉ"
        print()
        print(f"Objectif < {target:g} s (médiane, pire des rapports du réseau) : {verdict}")


if __name__ == "__main__":
    main()
