#!/usr/bin/env bash
# The bare tools bench/backup compares Vigie with, from Debian: zstd and restic (also installed by
# scripts/install-test-deps.sh), the PostgreSQL and MariaDB clients. Idempotent; run as root.
set -euo pipefail
missing=()
for tool in zstd restic pg_dump pg_restore mariadb-dump mariadb; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "bench/backup: every peer tool is installed"
  exit 0
fi
echo "bench/backup: installing what provides ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zstd restic postgresql-client mariadb-client
