#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on 127.0.0.1 (Debian's postgresql packages).
set -euo pipefail
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN=$(find_bin || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installation de PostgreSQL (paquets Debian)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(find_bin)
  else
    echo "ERREUR : PostgreSQL est introuvable (apt-get install postgresql)." >&2
    exit 1
  fi
fi
# PGTEST_ROOT: where the throwaway cluster lives (removed first); var/pgtest by default.
ROOT=${PGTEST_ROOT:-$(pwd)/var/pgtest}
PORT=${PGTEST_PORT:-54329}
rm -rf "$ROOT"
mkdir -p "$ROOT"
RUNAS=()
if [ "$(id -u)" = "0" ]; then
  id -u maillagepg >/dev/null 2>&1 || useradd --system --no-create-home maillagepg
  chown -R maillagepg "$ROOT"
  RUNAS=(runuser -u maillagepg --)
fi
"${RUNAS[@]}" "$PGBIN/initdb" -D "$ROOT/data" -U maillage --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$ROOT/data" -o "-h 127.0.0.1 -p $PORT -k $ROOT -F" -l "$ROOT/log" -w start >/dev/null
cleanup() { "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$ROOT/data" -m fast -w stop >/dev/null || true; }
trap cleanup EXIT
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U maillage maillage
export DATABASE_URL="postgres://maillage@127.0.0.1:$PORT/maillage"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') sur 127.0.0.1:$PORT"
"$@"
