#!/bin/sh
# Runs a command with its own hostname: called by the lab inside `unshare --uts`, so that each lab
# host answers `hostname` with its own name although all of them share the machine's kernel.
# Usage: with-hostname.sh NAME COMMAND [ARGS...]
set -eu
hostname "$1"
shift
exec "$@"
