#!/usr/bin/env bash
# Installs the bench's Debian peers: Prometheus and blackbox_exporter (the bench starts them itself with
# generated configurations; the Debian services are stopped so they do not run twice).
# Uptime Kuma is built by hand outside this repository: see docs/benchmarks.md.
set -euo pipefail
apt-get install -y --no-install-recommends prometheus prometheus-blackbox-exporter
for service in prometheus prometheus-blackbox-exporter prometheus-node-exporter; do
  systemctl disable --now "$service" 2>/dev/null || true
done
