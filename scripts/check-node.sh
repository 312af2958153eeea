#!/usr/bin/env bash
# Vigie needs Node.js 20.19 or newer (with npm); say so plainly when it is missing.
set -euo pipefail
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "error: Node.js (>= 20.19) and npm are required and were not found on PATH." >&2
  echo "hint: install Node.js 20 LTS or newer from your distribution or nodejs.org, then run this again." >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "error: Node.js $(node --version) is too old; Vigie needs 20.19 or newer." >&2
  exit 1
fi
