#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on 127.0.0.1 (Debian's postgresql packages).
set -euo pipefail
. "$(dirname "$0")/lib/postgres.sh"
# PGTEST_ROOT: where the throwaway cluster lives (removed first); var/pgtest by default.
ROOT=${PGTEST_ROOT:-$(pwd)/var/pgtest}
PORT=${PGTEST_PORT:-54329}
pg_root "$ROOT"
pg_init "$ROOT/data"
pg_start "$ROOT/data" "$PORT" "$ROOT" "$ROOT/log"
cleanup() { pg_stop "$ROOT/data"; }
trap cleanup EXIT
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U maillage maillage
export DATABASE_URL="postgres://maillage@127.0.0.1:$PORT/maillage"
echo "PostgreSQL $(pg_version) sur 127.0.0.1:$PORT"
"$@"
