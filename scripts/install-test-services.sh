#!/usr/bin/env bash
# Installs what the unleash test tier and `node scripts/unleash.mjs` need: PostgreSQL's binaries (Debian's
# `postgresql` package) and unleash-server 7.5.1 from its own lockfile in test/support/unleash-server.
# Idempotent: what is already there is left alone. Run it as root on Debian (or with sudo available), Node.js >= 20.
# The tests start their own throwaway PostgreSQL cluster; a system-wide one that the package starts is stopped again.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
UNLEASH_DIR=test/support/unleash-server

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo > /dev/null; then sudo "$@"
  else echo "install-test-services: '$*' needs root (and sudo is not installed)" >&2; exit 1
  fi
}

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null; }

online_clusters() { command -v pg_lsclusters > /dev/null && pg_lsclusters -h 2> /dev/null | awk '$4 == "online" { print $1 " " $2 }' || true; }

install_postgres() {
  if have_postgres; then
    echo "PostgreSQL: already installed ($(compgen -G '/usr/lib/postgresql/*/bin/initdb' | tr '\n' ' '))"
    return
  fi
  local before
  before="$(online_clusters)"
  export DEBIAN_FRONTEND=noninteractive
  # apt-get update only when the package lists do not know postgresql yet, or are too old to download it.
  if ! apt-cache show postgresql > /dev/null 2>&1; then as_root apt-get update; fi
  if ! as_root apt-get install -y --no-install-recommends postgresql; then
    as_root apt-get update
    as_root apt-get install -y --no-install-recommends postgresql
  fi
  have_postgres || { echo "install-test-services: postgresql installed, but no /usr/lib/postgresql/*/bin/initdb" >&2; exit 1; }
  # The package may create and start a system-wide cluster on port 5432: the tests do not use it, so stop it.
  local cluster
  while read -r cluster; do
    [ -n "$cluster" ] || continue
    if ! grep -qxF "$cluster" <<< "$before"; then
      echo "PostgreSQL: stopping the system cluster $cluster that the package started (the tests make their own)"
      # shellcheck disable=SC2086 # "version name" splits into two arguments on purpose
      as_root pg_ctlcluster $cluster stop || true
    fi
  done <<< "$(online_clusters)"
}

install_unleash() {
  command -v node > /dev/null || { echo "install-test-services: Node.js >= 20 is needed (node not found)" >&2; exit 1; }
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
    { echo "install-test-services: Node.js >= 20 is needed, this is $(node --version)" >&2; exit 1; }
  local stamp="$UNLEASH_DIR/node_modules/.segment-workbench-install"
  local want
  want="$(sha256sum "$UNLEASH_DIR/package-lock.json" | cut -d' ' -f1) $(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$UNLEASH_DIR/node_modules/unleash-server/package.json" ]; then
    echo "unleash-server: already installed from the current lockfile"
    return
  fi
  # Its own .npmrc turns off install scripts (none is needed), audit and fund.
  npm ci --prefix "$UNLEASH_DIR"
  echo "$want" > "$stamp"
}

install_postgres
install_unleash
node scripts/unleash.mjs check
