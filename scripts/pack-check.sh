#!/usr/bin/env bash
# Proves the packed tarball works from a separate project: `import { createExecutor } from 'resolute'` with types.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"
tarball="$(npm pack --silent --pack-destination "$tmp" | tail -1)"
cd "$tmp"
cat > package.json <<'JSON'
{ "name": "consumer", "version": "1.0.0", "private": true, "type": "module" }
JSON
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "strict": true, "outDir": "out", "types": ["node"] } }
JSON
cat > main.ts <<'TS'
import { createExecutor, profiles, type Verdict } from 'resolute';
import { startSimulator } from 'resolute/testing';
const sim = await startSimulator({ dialect: 'alp' });
const executor = createExecutor({ profile: profiles.alp });
const res = await executor.request({ url: sim.url + sim.routes.ticker, resolute: { idempotent: true } });
const verdict: Verdict = executor.classify({ response: { status: 503, data: {}, headers: {} } }, { method: 'GET' });
await sim.close();
if (res.status !== 200 || verdict.action !== 'retry') throw new Error(`unexpected ${res.status} ${verdict.action}`);
console.log('pack-check: import from the packed tarball works, with types');
TS
npm install --no-audit --no-fund --silent "./$tarball" axios typescript@~5.9 @types/node@20 >/dev/null
npx tsc -p .
node out/main.js
