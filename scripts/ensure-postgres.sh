#!/usr/bin/env bash
# Starts the local PostgreSQL cluster if it is not answering on 127.0.0.1:5432 (no systemd here).
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432; then exit 0; fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
if [ -z "$version" ]; then
  echo "error: no PostgreSQL cluster under /etc/postgresql" >&2
  echo "hint: apt-get install postgresql, or set VIGIE_TEST_PG_ADMIN_URL to a server you run" >&2
  exit 1
fi
echo "Starting PostgreSQL $version"
pg_ctlcluster --skip-systemctl-redirect "$version" main start
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done
echo "error: PostgreSQL did not become ready on 127.0.0.1:5432" >&2
exit 1
