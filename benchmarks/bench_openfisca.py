"""Benchmark: rights screening through our OpenFisca-France service (warm process, batch simulation).

Starts `openfisca_service` from `.venv-openfisca` on a free port, waits for its warm-up, then in
the same run measures, through our client (`maillage.rights.openfisca.screen`, HTTP included):

- one screening of one household, repeated (p50, p95): the counter's case (target p95 < 1 s);
- batch re-screening: N generated households in one call, one OpenFisca simulation (target
  >= 100 households/s);
- the peer: the same N households, one call and so one simulation per household, the way the
  public simulators call OpenFisca. Both must give the same rights: the run stops otherwise.

    .venv/bin/python benchmarks/bench_openfisca.py [--households 1000] [--repeats 40]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings

from maillage.rights.openfisca_process import ServiceProcess
from maillage.rights.screening_types import Household, Member

PERIOD = "2025-06"
COMMUNES = ["75056", "69123", "13055", "59350", "32013", "23096", "97411", "35238"]
HOUSING = ["tenant", "social_tenant", "furnished_tenant", "owner", "hosted_free"]


def household(rng: random.Random) -> Household:
    """A household as a counter meets them: 1-2 adults, 0-3 children, modest resources of mixed kinds."""
    members = [adult(rng, "applicant")]
    if rng.random() < 0.4:
        members.append(adult(rng, "partner"))
    members += [Member("child", rng.randint(0, 17)) for _ in range(rng.choice([0, 0, 1, 2, 3]))]
    housing = rng.choice(HOUSING)
    renting = housing.endswith("tenant")
    return Household(
        members=tuple(members),
        housing_status=housing,
        rent=Decimal(rng.randint(250, 900)) if renting else None,
        commune_code=rng.choice(COMMUNES),
    )


def adult(rng: random.Random, role: str) -> Member:
    age = rng.randint(19, 85)
    resources: dict[str, tuple[Decimal, Decimal, Decimal]] = {}
    kind = "pension" if age >= 63 else rng.choice(["salary", "salary", "unemployment", "none"])
    if kind != "none":
        base = rng.randint(200, 1800)
        resources[kind] = tuple(Decimal(base + rng.randint(-100, 100)) for _ in range(3))  # type: ignore[assignment]
    disabled = rng.random() < 0.1
    return Member(role, age, resources=resources, disability_rate=Decimal("0.8") if disabled else None)  # type: ignore[arg-type]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=40)
    options = parser.parse_args()
    rng = random.Random(14)
    households = [household(rng) for _ in range(options.households)]

    with tempfile.TemporaryFile() as log:
        service = ServiceProcess(log)
        started = time.perf_counter()
        try:
            version = service.wait_ready()
            ready = time.perf_counter() - started
            settings.configure(OPENFISCA_URL=service.url, OPENFISCA_TIMEOUT=600)
            from maillage.rights.openfisca import screen

            one = []
            for index in range(options.repeats):
                t0 = time.perf_counter()
                screen([households[index % len(households)]], period=PERIOD)
                one.append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            batch = screen(households, period=PERIOD)
            batch_seconds = time.perf_counter() - t0

            t0 = time.perf_counter()
            peer = [screen([item], period=PERIOD)[0] for item in households]
            peer_seconds = time.perf_counter() - t0
        finally:
            service.stop()

    if [result.rights for result in batch] != [result.rights for result in peer]:
        sys.exit("Le lot et le pair donnent des droits différents : mesure rejetée.")
    probable = sum(len(result.probable()) for result in batch)
    batch_rate = len(households) / batch_seconds
    peer_rate = len(households) / peer_seconds
    print(f"openfisca-france {version}, service prêt en {ready:.1f} s, période {PERIOD}")
    print(f"{len(households)} foyers générés, {probable} droits probables au total\n")
    print("| mesure | valeur |")
    print("|---|---:|")
    print(f"| un dépistage, un foyer, p50 ({options.repeats} appels) | {statistics.median(one) * 1000:.0f} ms |")
    print(f"| un dépistage, un foyer, p95 | {percentile(one, 0.95) * 1000:.0f} ms |")
    print(f"| lot : {len(households)} foyers, une simulation | {batch_seconds:.1f} s, {batch_rate:.0f} foyers/s |")
    print(f"| pair : une simulation par foyer | {peer_seconds:.1f} s, {peer_rate:.1f} foyers/s |")
    print(f"\nRatio lot / pair : {batch_rate / peer_rate:.0f}×")


if __name__ == "__main__":
    main()
