"""DATABASE_REPLICA_URL: a PostgreSQL replica built with the primary's options, anything else refused."""

from __future__ import annotations

import json

from maillage.tests.test_settings_env import _run_settings

SHOW = "from django.conf import settings; import json; print(json.dumps(settings.DATABASES.get('replica')))"


def test_replica_alias_has_the_primary_options() -> None:
    result = _run_settings(
        {
            "DATABASE_URL": "postgres://maillage@primaire.exemple:5432/maillage",
            "DATABASE_REPLICA_URL": "postgres://lecture@replique.exemple:5432/maillage?connect_timeout=2",
            "DATABASE_POOL": "true",
        },
        SHOW,
    )
    assert result.returncode == 0, result.stderr
    replica = json.loads(result.stdout)
    assert (replica["HOST"], replica["USER"], replica["NAME"]) == ("replique.exemple", "lecture", "maillage")
    assert replica["OPTIONS"] == {"connect_timeout": 2, "pool": {"min_size": 4, "max_size": 4}}  # DATABASE_POOL_SIZE
    assert replica["CONN_MAX_AGE"] == 0
    assert replica["TEST"] == {"MIRROR": "default"}  # never created by the tests (conftest.py)


def test_a_replica_that_is_not_postgresql_is_refused() -> None:
    result = _run_settings({"DATABASE_REPLICA_URL": "sqlite:////tmp/copie.sqlite3"}, SHOW)
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL doit désigner une réplique PostgreSQL" in result.stderr
