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
# ioredis and bottleneck are never loaded: the caller hands over its own client or instance (types only here).
js=(dist/*.cjs dist/*.mjs dist/testing/*.cjs dist/testing/*.mjs)
if grep -nE "(require|import)\(\"(ioredis|bottleneck)\"\)|from \"(ioredis|bottleneck)\"" "${js[@]}"; then
  echo "pack-check.sh: the build loads an optional peer (above)" >&2; exit 1
fi
if grep -n "import\.meta" dist/*.cjs dist/testing/*.cjs; then echo "pack-check.sh: import.meta in CommonJS output (above)" >&2; exit 1; fi
tarball="$tmp/$(npm pack --ignore-scripts --silent --pack-destination "$tmp" | tail -1)"
npx attw "$tarball"
npx publint --strict "$tarball"
bash scripts/consumers.sh "$tarball"
