#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL primary and a real streaming replica (hot standby)
# on 127.0.0.1: DATABASE_URL names the primary, DATABASE_REPLICA_URL the standby.
set -euo pipefail
. "$(dirname "$0")/lib/postgres.sh"
# PGTEST_ROOT: where both clusters live (removed first); PGTEST_PORT the primary's port, the
# replica listens on the next one.
ROOT=${PGTEST_ROOT:-$(pwd)/var/pgtest-replica}
PORT=${PGTEST_PORT:-54339}
REPLICA_PORT=${PGTEST_REPLICA_PORT:-$((PORT + 1))}
pg_root "$ROOT"
pg_init "$ROOT/primary"
cat >>"$ROOT/primary/postgresql.conf" <<CONF
wal_level = replica
max_wal_senders = 5
hot_standby = on
CONF
echo "host replication replicator 127.0.0.1/32 trust" >>"$ROOT/primary/pg_hba.conf"
pg_start "$ROOT/primary" "$PORT" "$ROOT" "$ROOT/primary.log"
cleanup() {
  pg_stop "$ROOT/replica"
  pg_stop "$ROOT/primary"
}
trap cleanup EXIT
"$PGBIN/psql" -q -h 127.0.0.1 -p "$PORT" -U maillage -d postgres -c "CREATE ROLE replicator WITH REPLICATION LOGIN"
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U maillage maillage
# The standby: a base backup of the primary with its standby.signal and primary_conninfo (-R).
"${RUNAS[@]}" "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U replicator -D "$ROOT/replica" -R -X stream -c fast
chmod 700 "$ROOT/replica"
pg_start "$ROOT/replica" "$REPLICA_PORT" "$ROOT" "$ROOT/replica.log"
for _ in $(seq 1 100); do
  streaming=$("$PGBIN/psql" -tA -h 127.0.0.1 -p "$PORT" -U maillage -d postgres \
    -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")
  [ "$streaming" = "1" ] && break
  sleep 0.1
done
if [ "$streaming" != "1" ]; then
  echo "ERREUR : la réplique ne reçoit pas le flux du primaire (voir $ROOT/replica.log)." >&2
  exit 1
fi
export DATABASE_URL="postgres://maillage@127.0.0.1:$PORT/maillage"
export DATABASE_REPLICA_URL="postgres://maillage@127.0.0.1:$REPLICA_PORT/maillage"
echo "PostgreSQL $(pg_version) : primaire 127.0.0.1:$PORT, réplique en flux 127.0.0.1:$REPLICA_PORT"
"$@"
