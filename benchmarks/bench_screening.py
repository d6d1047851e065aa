"""Benchmark: rights screening end to end in Maillage, from the form post and in the nightly task.

Starts our OpenFisca-France service (`.venv-openfisca`) on a free port and a throwaway Maillage
database (SQLite by default, DATABASE_URL for PostgreSQL) with the demo, then in the same run:

- the screening form posted by the demo mediator for a demo person, repeated (p50, p95): the whole
  POST (form checks, OpenFisca over HTTP, the encrypted screening stored, rights followed), target
  p95 < 1 s;
- the nightly re-screening task (`rights.rescreening.rescreen`) on N person files with a pending
  situation (the households of `bench_openfisca.py`, seed 14), BATCH households per service call:
  select, decrypt, one simulation per batch, store, follow: target >= 100 households/s;
- the same files again once their legislation year changed (their rights already followed: only
  amounts move), the nightly run of every 1st of January;
- the peer: the same task on M other files with one call, so one simulation, per household (how
  the public simulators call OpenFisca), in the same run.

    .venv/bin/python benchmarks/bench_screening.py [--households 1000] [--peer 150] [--repeats 40]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_openfisca import household, percentile
from benchmarks.django_setup import setup_django
from maillage.rights.openfisca_process import ServiceProcess


def situation_of(generated: Any, period: str) -> dict[str, Any]:
    """A generated household as the screening form stores it (average monthly resources by kind)."""

    def adult(member: Any) -> dict[str, Any]:
        resources = {kind: str(sum(months) / 3) for kind, months in (member.resources or {}).items()}
        disability = "80" if member.disability_rate else "none"
        return {"age": member.age, "disability": disability, "resources": resources}

    adults = [member for member in generated.members if member.role != "child"]
    return {
        "couple": len(adults) == 2,
        "applicant": adult(adults[0]),
        "partner": adult(adults[1]) if len(adults) == 2 else None,
        "children": [member.age for member in generated.members if member.role == "child"],
        "housing_status": generated.housing_status,
        "rent": None if generated.rent is None else str(generated.rent),
        "commune_code": generated.commune_code,
        "received": [],
        "ages_on": f"{period}-01",
    }


def pending_files(count: int, rng: random.Random, period: str) -> list[int]:
    """`count` consenting person files of the demo structure, each with a pending screening."""
    from django.utils import timezone

    from maillage.counter.models import Person
    from maillage.rights.models import Screening

    structure_id = Person.objects.values_list("structure_id", flat=True).first()
    if structure_id is None:
        raise SystemExit("La démonstration n'a créé aucun dossier : rien à recalculer.")
    today = timezone.localdate()
    people = Person.objects.bulk_create(
        [
            Person(
                structure_id=structure_id,
                first_name=f"Banc{index}",
                last_name="Essai",
                birth_date=today.replace(year=today.year - 40),
                consent_given_on=today,
                consent_purpose="Banc d'essai",
                consent_method="oral",
            )
            for index in range(count)
        ]
    )
    Screening.objects.bulk_create(
        [
            Screening(
                person=person,
                structure_id=structure_id,
                status="pending",
                consent_given_on=today,
                consent_method="oral",
                period=period,
                situation=json.dumps(situation_of(household(rng), period)),
            )
            for person in people
        ]
    )
    return [person.pk for person in people]


def rescreening_batch() -> int:
    from maillage.rights.rescreening import BATCH

    return BATCH


def run_night(batch: int) -> tuple[int, float]:
    from maillage.rights import rescreening

    rescreening.BATCH = batch
    t0 = time.perf_counter()
    report = rescreening.rescreen()
    seconds = time.perf_counter() - t0
    if report.unavailable or report.screened != report.candidates:
        sys.exit(f"Recalcul incomplet : {report.lines()}")
    return report.screened, seconds


def post_forms(repeats: int, period: str) -> list[float]:
    from django.test import Client
    from django.urls import reverse

    from maillage.accounts.models import User
    from maillage.counter.models import Person
    from maillage.network.demo import DEMO_DOMAIN

    mediator = User.objects.get(email=f"mediateur@{DEMO_DOMAIN}")
    client = Client()
    client.force_login(mediator)
    person = next(p for p in Person.objects.all() if p.first_name == "Karim")  # the demo's file to screen
    url = reverse("rights:screening_create", args=[person.uuid])
    rng = random.Random(7)
    timings = []
    for index in range(repeats):
        data = {
            "consent": "yes",
            "consent_method": "oral",
            "period": period,
            "couple": "alone",
            "applicant_age": str(rng.randint(20, 70)),
            "applicant_disability": "none",
            "housing_status": "tenant",
            "rent": str(rng.randint(300, 800)),
            "applicant_salary": str(rng.choice([0, 400, 900, 1300])) if index % 3 else "",
            "action": "compute",
        }
        t0 = time.perf_counter()
        response = client.post(url, data)
        timings.append(time.perf_counter() - t0)
        if response.status_code != 302:
            sys.exit(f"Le formulaire a répondu {response.status_code} : mesure rejetée.")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--peer", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=40)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile() as log:
        service = ServiceProcess(log)
        try:
            version = service.wait_ready()
            os.environ["OPENFISCA_URL"] = service.url
            os.environ["OPENFISCA_TIMEOUT"] = "600"
            setup_django(Path(tmp), ["demo", "--requests", "0"])
            from django.db import connection
            from django.utils import timezone

            from maillage.rights.models import Screening

            period = timezone.localdate().strftime("%Y-%m")
            run_night(rescreening_batch())  # the demo's own pending screenings, before anything is timed
            timings = post_forms(options.repeats, period)

            pending_files(options.households, random.Random(14), period)
            batch = rescreening_batch()
            screened, batch_seconds = run_night(batch)
            last_year = f"{int(period[:4]) - 1}-12"
            Screening.objects.filter(origin="form", person__first_name__isnull=False).update(period=last_year)
            again, again_seconds = run_night(batch)
            pending_files(options.peer, random.Random(15), period)
            peer_screened, peer_seconds = run_night(1)
            stored = Screening.objects.filter(status="computed").count()
            engine = connection.vendor
        finally:
            service.stop()

    batch_rate = screened / batch_seconds
    peer_rate = peer_screened / peer_seconds
    print(f"openfisca-france {version}, base {engine}, période {period}, {stored} calculs enregistrés\n")
    print("| mesure | valeur |")
    print("|---|---:|")
    p50, p95 = statistics.median(timings) * 1000, percentile(timings, 0.95) * 1000
    print(f"| formulaire envoyé → résultat enregistré, p50 ({options.repeats} envois) | {p50:.0f} ms |")
    print(f"| formulaire envoyé → résultat enregistré, p95 | {p95:.0f} ms |")
    night = f"{batch_seconds:.1f} s, {batch_rate:.0f} foyers/s"
    print(f"| recalcul de nuit : {screened} dossiers, lots de {batch} | {night} |")
    again_rate = again / again_seconds
    print(f"| … nouvelle année : {again} dossiers déjà suivis | {again_seconds:.1f} s, {again_rate:.0f} foyers/s |")
    print(f"| pair : {peer_screened} dossiers, un foyer par appel | {peer_seconds:.1f} s, {peer_rate:.1f} foyers/s |")
    print(f"\nRatio recalcul de nuit / pair : {batch_rate / peer_rate:.0f}×")


if __name__ == "__main__":
    main()
