#!/usr/bin/env bash
# Debian libraries the Python packages load at run time: WeasyPrint (PDF reports, attestations)
# needs Pango and HarfBuzz's subsetter; the several-servers tests start a real redis-server
# (maillage/tests/local_services.py, CACHE_URL=redis://…). Installed when missing and we are root; otherwise a warning
# (a French error under CI=true, never a silent skip).
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core redis-server)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installation des bibliothèques système : ${missing[*]}…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "ERREUR : paquets Debian manquants (PDF, cache Redis des tests) : ${missing[*]}." >&2
  exit 1
fi
echo "Attention : paquets Debian manquants (PDF, tests du cache Redis) : apt-get install ${missing[*]}" >&2
