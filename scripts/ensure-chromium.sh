#!/usr/bin/env bash
# Browser tests need Debian's chromium. Install it when missing and we can; under CI=true a missing
# browser is an error, never a skip.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installation de chromium (paquet Debian)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "ERREUR : /usr/bin/chromium est introuvable et n'a pas pu être installé." >&2
    exit 1
  fi
  echo "Attention : chromium absent, les tests navigateur échoueront (apt-get install chromium)." >&2
fi
