#!/usr/bin/env bash
# The packed tarball as users get it: packed once, checked by @arethetypeswrong/cli (every resolution mode: node10,
# node16 from CJS and from ESM, bundler) and publint --strict, then installed into the five consumer projects and
# run on Node 20, 22 and 24 (scripts/consumers.sh). Needs a build (npm run build) first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"
[ -f dist/index.cjs ] && [ -f dist/index.mjs ] || { echo "pack-check.sh: no build in dist/ (npm run build)" >&2; exit 1; }
tarball="$tmp/$(npm pack --silent --pack-destination "$tmp" | tail -1)"
npx attw "$tarball"
npx publint --strict "$tarball"
bash scripts/consumers.sh "$tarball"
