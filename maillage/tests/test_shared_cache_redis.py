"""With CACHE_URL=redis://…, two processes share rate-limit counters and see each other's invalidations.

This test process and a second Python process (its own settings read from the environment, its own
connection to Redis, no access to the test database) talk to one real `redis-server`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches

from maillage.env import env_cache
from maillage.ratelimit import Rate, hit
from maillage.tests.local_services import redis_server

ROOT = Path(__file__).resolve().parents[2]
PRELUDE = "import django, json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'maillage.settings'; django.setup()\n"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def on_redis(redis_url: str, settings: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """This process's caches on Redis, as CACHE_URL gives them, emptied before the test."""
    monkeypatch.setenv("CACHE_URL", redis_url)
    config = env_cache("CACHE_URL")
    settings.CACHES = {"default": config, "shared": config}
    caches["shared"].clear()
    return redis_url


def other_process(redis_url: str, tmp_path: Path, code: str) -> Any:
    """Run `code` (which prints one JSON value) in a fresh Python process configured by CACHE_URL."""
    env = {
        **os.environ,
        "SECRET_KEY": settings.SECRET_KEY,  # rate-limit keys are HMACs under it, as on every server
        "CACHE_URL": redis_url,
        "MAILLAGE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRELUDE + code], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_processes_share_one_rate_limit_on_redis(on_redis: str, tmp_path: Path) -> None:
    rate = Rate(limit=3, seconds=60)
    here = [hit("api", "192.0.2.7", rate).count for _ in range(2)]
    there = other_process(
        on_redis,
        tmp_path,
        "from maillage.ratelimit import Rate, hit\n"
        "print(json.dumps([[v.count, v.allowed] for v in (hit('api', '192.0.2.7', Rate(3, 60)) for _ in range(2))]))",
    )
    assert here == [1, 2]
    assert there == [[3, True], [4, False]]  # the other process continues this one's count, and refuses
    assert hit("api", "192.0.2.8", rate).count == 1  # another address has its own counter


def test_a_change_saved_here_invalidates_the_catalogue_another_process_reads(
    on_redis: str, tmp_path: Path, cast: Any
) -> None:
    from maillage.counter.catalogue import catalogue
    from maillage.counter.models import Procedure

    read_there = (
        "from maillage import cache_versions\n"
        "from maillage.counter.catalogue import NAME\n"
        "value = cache_versions.peek(NAME)\n"  # no database there: what is stored, or None
        "print(json.dumps(value and [n for _, group in value['choices'][1:] for _, n in group]))"
    )
    Procedure.objects.create(code="carte-grise", name="Carte grise", domain="mobility")
    catalogue()
    assert "Carte grise" in other_process(on_redis, tmp_path, read_there)

    Procedure.objects.create(code="permis-bateau", name="Permis bateau", domain="mobility")
    assert other_process(on_redis, tmp_path, read_there) is None  # the other process must rebuild
    catalogue()  # this process rebuilds from the rows
    names = other_process(on_redis, tmp_path, read_there)
    assert {"Carte grise", "Permis bateau"} <= set(names)
