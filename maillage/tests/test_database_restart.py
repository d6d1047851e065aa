"""After PostgreSQL drops a server process's persistent connection (a restart, a failover), the next
request gets a new connection instead of an error page.

A real server process (a subprocess with DATABASE_CONN_MAX_AGE, requests through Django's WSGI
handler, which opens and recycles connections as under gunicorn) and a real PostgreSQL: the test
ends that process's connection with `pg_terminate_backend`, as a restart does. PostgreSQL only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import io, sys, django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
app = WSGIHandler()

def get(path):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
               "wsgi.url_scheme": "http"}
    statuses = []
    result = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
    body = b"".join(result).decode()
    result.close()  # request_finished: the connection is kept (CONN_MAX_AGE), as under gunicorn
    return statuses[0].split()[0], "Service momentanément indisponible" in body

status, _ = get("/")
print(status, connection.connection.info.backend_pid, flush=True)
sys.stdin.readline()  # the test ends that connection meanwhile
status, unavailable = get("/")
print(status, unavailable, flush=True)
"""


@pytest.mark.django_db
def test_a_request_after_the_database_dropped_the_connection_gets_a_new_one(tmp_path: Path) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL seulement (make test-postgres)")
    db: dict[str, Any] = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_POOL", "MAILLAGE_ENV"}}
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "DJANGO_SETTINGS_MODULE": "maillage.settings",
            "MAILLAGE_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "DATABASE_CONN_MAX_AGE": "60",
            "DEBUG": "false",
            "LOG_LEVEL": "CRITICAL",
        }
    )
    with subprocess.Popen(
        [sys.executable, "-c", SCRIPT], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as server:
        assert server.stdout is not None
        assert server.stdin is not None
        try:
            first, backend = server.stdout.readline().split()
            assert first == "200"
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [int(backend)])
                assert cursor.fetchone()[0] is True
            server.stdin.write("\n")
            server.stdin.flush()
            second, unavailable = server.stdout.readline().split()
            assert (second, unavailable) == ("200", "False")
        finally:
            server.kill()
