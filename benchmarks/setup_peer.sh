#!/usr/bin/env bash
# Peer for bench_territory.py: pysal spopt (MCLP with PuLP + CBC) in its own virtualenv, never in
# the project's requirements. Idempotent; pass PYTHON=... to choose the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=var/bench-peer-venv
MARKER="$VENV/.installed-spopt-0.7.0"
if [[ -f "$MARKER" ]]; then
  exit 0
fi
"${PYTHON:-python3}" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  spopt==0.7.0 pulp==3.3.2 numpy==2.4.6 scipy==1.17.1 pandas==3.1.1 \
  geopandas==1.2.0 shapely==2.2.0 libpysal==4.14.1 networkx==3.6.1 scikit-learn==1.9.1
touch "$MARKER"
