#!/usr/bin/env bash
# Runs a command while `stress-ng --cpu 2` keeps both cores busy (the load the timing tests must hold under), and
# stops the load however the command ends. Usage: scripts/ci/under-load.sh <command...>
set -euo pipefail
command -v stress-ng >/dev/null || { echo "under-load.sh: stress-ng is missing (Debian package stress-ng)" >&2; exit 1; }
stress-ng --cpu 2 --timeout 1200s --quiet &
load=$!
trap 'kill "$load" 2>/dev/null || true; wait "$load" 2>/dev/null || true' EXIT
sleep 1
kill -0 "$load" || { echo "under-load.sh: stress-ng did not start" >&2; exit 1; }
echo "under-load.sh: stress-ng --cpu 2 running (pid $load)"
"$@"
