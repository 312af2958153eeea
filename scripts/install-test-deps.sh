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
# The ping check runs the system ping (src/probes/ping.ts).
command -v ping >/dev/null || need_apt+=(iputils-ping)
command -v pg_ctlcluster >/dev/null || need_apt+=(postgresql-common)
# The rack lab (lab/, docs/lab.md): namespaces, ECWAN's firewall and the hosts' daemons.
command -v ip >/dev/null || need_apt+=(iproute2)
command -v nft >/dev/null || need_apt+=(nftables)
[ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
command -v ssh >/dev/null || need_apt+=(openssh-client)
[ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
[ -x /usr/sbin/mariadbd ] || need_apt+=(mariadb-server)
command -v mariadb >/dev/null || need_apt+=(mariadb-client)
compgen -G '/usr/sbin/php-fpm*' >/dev/null || need_apt+=(php-fpm)
command -v sudo >/dev/null || need_apt+=(sudo)
# The lab VMs' own Debian root (lab/debian-root.ts) and their test packages (lab/apt-repo.ts).
[ -x /usr/sbin/debootstrap ] || need_apt+=(debootstrap)
# vigie facts reads the process list with ps (src/facts/gather-script.ts); slim images lack it.
command -v ps >/dev/null || need_apt+=(procps)
# Backups: restic stores every artifact (docs/design/backups.md); zstd for the bench's bare peers.
command -v restic >/dev/null || need_apt+=(restic)
command -v zstd >/dev/null || need_apt+=(zstd)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils) # the restore plan's PDF, read back by its tests
# The alerting tests' real SMTP server (test/support/smtp-server.ts), for Debian's own python3.
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need_apt+=(python3-aiosmtpd)
if ((${#need_apt[@]})); then
  echo "Installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Packages must not start their daemons in the root namespace (nginx on port 80...): the lab starts
  # its own inside its namespaces. policy-rc.d is Debian's switch for that, removed right after.
  policy=/usr/sbin/policy-rc.d
  added_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added_policy=1
  fi
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
  [ -z "$added_policy" ] || rm -f "$policy"
fi

bash scripts/check-node.sh
bash scripts/ensure-postgres.sh

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
