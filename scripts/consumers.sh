#!/usr/bin/env bash
# Installs the packed tarball into five fresh consumer projects (test/consumers: CommonJS JS, ESM JS, CommonJS TS
# nodenext, ESM TS nodenext, TS bundler + esbuild), each with axios from the registry, and runs each under Node 20,
# 22 and 24 (scripts/ci/node-bin.sh): a request through the simulator, one module instance across require and
# import, the consumer's own axios, and the `resolute-sim` bin. One npm install and one typecheck per consumer.
#   bash scripts/consumers.sh [resolute-x.y.z.tgz]    (packs the repo when no tarball is given)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
consumers=(cjs-js esm-js cjs-ts esm-ts ts-bundler)
majors=(20 22 24)

if [ $# -ge 1 ]; then tarball="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
else tarball="$work/$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -1)"; fi

declare -A bin
for m in "${majors[@]}"; do bin[$m]="$("$root/scripts/ci/node-bin.sh" "$m")"; done

# Install every consumer at once (the npm cache is shared), then build each once.
for c in "${consumers[@]}"; do
  cp -r "$root/test/consumers/$c" "$work/$c"
  cp -r "$root/test/consumers/shared" "$work/$c/shared"
  (cd "$work/$c" && npm install --prefer-offline --no-audit --no-fund --no-package-lock --loglevel=error "$tarball" >install.log 2>&1) &
done
status=0
start=$SECONDS
for job in $(jobs -p); do wait "$job" || status=1; done
if [ "$status" -ne 0 ]; then
  for c in "${consumers[@]}"; do echo "--- $c"; cat "$work/$c/install.log"; done
  exit 1
fi
echo "consumers: installed in $((SECONDS - start)) s"
start=$SECONDS
for c in cjs-ts esm-ts ts-bundler; do (cd "$work/$c" && node node_modules/typescript/bin/tsc -p .) & done
banner="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
(cd "$work/ts-bundler" && node_modules/.bin/esbuild main.ts --bundle --platform=node --format=esm --log-level=warning \
  --outfile=out/main.mjs "--banner:js=$banner") &
for job in $(jobs -p); do wait "$job" || status=1; done
[ "$status" -eq 0 ] || exit 1

echo "consumers: typechecked and built in $((SECONDS - start)) s"
start=$SECONDS
entry() { if [ "$1" = ts-bundler ]; then echo out/main.mjs; else echo main.js; fi; }
passed=0
failed=0
for m in "${majors[@]}"; do
  for c in "${consumers[@]}"; do
    cd "$work/$c"
    if out="$(PATH="${bin[$m]}:$PATH" timeout 60 node "$(entry "$c")" 2>&1)" && grep -q "on Node $m\." <<<"$out" &&
      PATH="${bin[$m]}:$PATH" node_modules/.bin/resolute-sim --help | grep -q '^Usage: resolute-sim'; then
      passed=$((passed + 1))
      echo "ok   $out; resolute-sim --help"
    else
      failed=$((failed + 1))
      echo "FAIL consumer $c on Node $m:"
      echo "$out" | sed 's/^/     /'
    fi
  done
done
echo "consumers: ran in $((SECONDS - start)) s"
echo "consumers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
