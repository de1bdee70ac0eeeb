#!/usr/bin/env bash
# Runs a command with Node <major> first on PATH (scripts/ci/node-bin.sh), after checking that it is that Node:
#   bash scripts/ci/on-node.sh 22 npm test
set -euo pipefail
major="${1:?usage: on-node.sh 20|22|24 command...}"
shift
bin="$("$(dirname "$0")/node-bin.sh" "$major")"
export PATH="$bin:$PATH"
version="$(node -p process.versions.node)"
[ "${version%%.*}" = "$major" ] || { echo "on-node.sh: node on PATH is $version, not $major" >&2; exit 1; }
echo "on-node.sh: Node $version: $*"
exec "$@"
