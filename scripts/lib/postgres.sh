# Shared by scripts/with-postgres.sh and scripts/with-postgres-replica.sh (sourced, not run):
# Debian's PostgreSQL binaries (installed when missing and root), a throwaway root, and a runner
# that drops to an unprivileged user when started as root (PostgreSQL refuses to run as root).
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

# pg_root DIR: empty DIR (removed first) and give it to the user the servers run as.
RUNAS=()
pg_root() {
  rm -rf "$1"
  mkdir -p "$1"
  if [ "$(id -u)" = "0" ]; then
    id -u maillagepg >/dev/null 2>&1 || useradd --system --no-create-home maillagepg
    chown -R maillagepg "$1"
    RUNAS=(runuser -u maillagepg --)
  fi
}

# pg_init DATA: a new cluster owned by the role `maillage`, trusted on 127.0.0.1 only.
pg_init() {
  "${RUNAS[@]}" "$PGBIN/initdb" -D "$1" -U maillage --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
}

# pg_start DATA PORT SOCKET_DIR LOG: start a server on 127.0.0.1:PORT, waiting until it accepts connections.
pg_start() {
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$1" -o "-h 127.0.0.1 -p $2 -k $3 -F" -l "$4" -w start >/dev/null
}

pg_stop() { "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true; }

pg_version() { "$PGBIN/postgres" --version | awk '{print $3}'; }
