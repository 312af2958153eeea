#!/usr/bin/env bash
# Installs what Vigie's tests need on a fresh Debian machine (as root): Chromium for the browser
# tests, PostgreSQL if absent, jq and openssl, and the npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium fonts-dejavu-core)
command -v psql >/dev/null || need_apt+=(postgresql postgresql-client)
# The audit docs' openssl recipe is run by a test, as a customer would run it.
command -v jq >/dev/null || need_apt+=(jq)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v pg_ctlcluster >/dev/null || need_apt+=(postgresql-common)
if ((${#need_apt[@]})); then
  echo "Installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

bash scripts/check-node.sh
bash scripts/ensure-postgres.sh

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
