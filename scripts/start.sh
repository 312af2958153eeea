#!/usr/bin/env bash
# The README's first command: installs Vigie, applies the example rack (examples/gip-paca) to the
# embedded SQLite store, makes sure an administrator account exists, and serves the web interface
# on 127.0.0.1:8080.
#
# Environment:
#   VIGIE_DATA_DIR        where the SQLite store and keys live (default ./data)
#   VIGIE_ADMIN_PASSWORD  the password of the `admin` account on first start (default: generated, printed once)
#   VIGIE_HOST, VIGIE_PORT  where to listen (default 127.0.0.1:8080)
#   VIGIE_INVENTORY       the inventory to apply (default examples/gip-paca)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/check-node.sh

# What Vigie's own jobs run (as root on Debian): restic and the database dump clients for backups
# (docs/backups.md), ssh for SFTP destinations, ping for the ping check.
need_apt=()
command -v restic >/dev/null || need_apt+=(restic)
command -v pg_dump >/dev/null || need_apt+=(postgresql-client)
command -v mariadb-dump >/dev/null || need_apt+=(mariadb-client)
command -v ssh >/dev/null || need_apt+=(openssh-client)
command -v ping >/dev/null || need_apt+=(iputils-ping)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "==> Installing Debian packages: ${need_apt[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
  else
    echo "==> Missing for backups and checks: ${need_apt[*]} (install them with your package manager)"
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing npm dependencies"
  npm ci --no-audit --no-fund
fi
echo "==> Building Vigie"
npm run --silent build

export VIGIE_DATA_DIR="${VIGIE_DATA_DIR:-./data}"
inventory="${VIGIE_INVENTORY:-examples/gip-paca}"
vigie() { node bin/vigie.mjs "$@"; }

echo "==> Validating and applying $inventory to the store in $VIGIE_DATA_DIR"
vigie validate "$inventory"
vigie apply --yes "$inventory"

if vigie user list --json | grep -q '"username": *"admin"'; then
  echo "==> The administrator account 'admin' already exists (reset it with: node bin/vigie.mjs user reset-password admin)"
else
  echo "==> Creating the administrator account 'admin'"
  VIGIE_USER_PASSWORD="${VIGIE_ADMIN_PASSWORD:-}" vigie user add admin --role provider_admin --name "Administrateur"
fi

echo "==> Starting Vigie on http://${VIGIE_HOST:-127.0.0.1}:${VIGIE_PORT:-8080}/ (Ctrl-C to stop)"
exec node bin/vigie.mjs serve
