/**
 * Chaos on an independent server: the chaos benchmark's shape of run against an order server that is not the
 * project's simulator (express 5, benchmarks/servers/, a fresh child process per contender on 127.0.0.1): 1,000
 * order intents, 20 in flight, per send 4 % 429 with `Retry-After: 1`, 12 % 5xx or overload, 10 % 504 or reset
 * (half after applying). Contenders: resolute (resending under the server's clientId deduplication, verifying by
 * `GET /orders/:clientId`), the same without `dedupes`, p-retry around axios, axios-retry, raw axios. Measured from the server's ledger: succeeded, duplicates, lost, indeterminate, sends
 * inside Retry-After windows, wall time, wall time outside the windows, latency; issue 10's target marked.
 *
 * Run alone: `npx tsx benchmarks/chaos-independent.ts [--quick]`.
 */
import { Agent } from 'node:http';
import axios from 'axios';
import { createExecutor, isIndeterminateError, profiles, verifyByLookup } from '../src/index.js';
import { drive, outcomes, type Outcome } from './lib/drive.js';
import { fmt, type BenchResult } from './lib/measure.js';
import { ATTEMPTS, BASE_DELAY_MS, axiosRetryPeer, pRetryPeer, rawAxios, type Peer } from './lib/peers.js';
import { isMain, standalone } from './lib/report.js';
import { sentInside, stampSends } from './lib/sends.js';
import { STORM_NOTES, stormColumns, stormFigures, type StormFigures } from './lib/storm.js';
import { stormTarget } from './lib/target.js';
import { AMBIGUOUS_FAULTS, ORDER_FAULTS } from './servers/order-faults.js';
import { startOrderServer } from './servers/start.js';

const SEED = 7;
const CONCURRENCY = 20;
const TIMEOUT_MS = 2_000;

interface Contender extends Peer {
  readonly outcome?: (error: unknown) => Outcome;
}

/** resolute as configured for this server: its operation id in `clientId`, verified by `GET /orders/:clientId`. */
function resoluteOn(name: string, dedupes: boolean): Contender {
  const profile = { ...profiles.generic, name: 'orders', operationIdField: 'clientId', ...(dedupes ? { dedupes: { status: 409 } } : {}) };
  return {
    name,
    config: `createExecutor({ profile: { ...profiles.generic, operationIdField: 'clientId'${dedupes ? ', dedupes: { status: 409 }' : ''} }, verify: verifyByLookup({ url: (ctx) => \`/orders/\${ctx.operationId}\` }), maxAttempts: ${ATTEMPTS}, baseDelayMs: ${BASE_DELAY_MS}, verifyDelayMs: 200 })${dedupes ? ' (the server refuses a used clientId with 409, so an ambiguous send is resent at once with the same id)' : ' (every ambiguous send verified, a not-found absent only after the 5 s settle time)'}: rate limit, adaptive rate and retry budget at their defaults`,
    build: (http) => {
      const ex = createExecutor({
        http,
        profile,
        verify: verifyByLookup({ url: (ctx) => `/orders/${encodeURIComponent(ctx.operationId)}` }),
        maxAttempts: ATTEMPTS,
        baseDelayMs: BASE_DELAY_MS,
        verifyDelayMs: 200,
      });
      return (c) => ex.request(c);
    },
    outcome: (e) => (isIndeterminateError(e) ? 'indeterminate' : 'failed'),
  };
}

const resolute = resoluteOn('resolute', true);
const resoluteVerifyOnly = resoluteOn('resolute (no dedupes)', false);

const CONTENDERS: readonly Contender[] = [rawAxios, resolute, resoluteVerifyOnly, axiosRetryPeer, pRetryPeer];

interface Tally extends StormFigures {
  readonly name: string;
  readonly succeeded: number;
  readonly indeterminate: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly requests: number;
  readonly throttled: number;
  readonly insideRetryAfter: number;
  readonly sentInsideRetryAfter: number;
  /** Of those, lookups (resolute's verify hook). */
  readonly lookupsInsideRetryAfter: number;
}

async function runOne(c: Contender, intents: number): Promise<Tally> {
  const server = await startOrderServer(SEED);
  const agent = new Agent({ keepAlive: true });
  try {
    const http = axios.create({ baseURL: server.url, httpAgent: agent, timeout: TIMEOUT_MS, headers: { 'X-Api-Key': 'bench' } });
    const log = stampSends(http);
    const send = c.build(http);
    const order = (tag: string) => ({ symbol: 'BTC-USD', side: 'buy', qty: 0.01, price: 65_000, tag });
    const run = await drive(intents, CONCURRENCY, 'order', (id) => send({ method: 'POST', url: '/orders', data: order(id) }), (e) => c.outcome?.(e) ?? 'failed');
    const ledger = await server.ledger();
    const told = outcomes(run);
    const applied = (id: string): number => ledger.applied[id] ?? 0;
    const is = (o: Outcome) => [...told].filter(([, x]) => x === o);
    const lost = [...told].filter(([id, o]) => (o === 'failed' && applied(id) > 0) || (o === 'succeeded' && applied(id) === 0));
    const impolite = sentInside(ledger.arrivals, ledger.windows, log);
    const ambiguous = new Set<string>();
    for (const a of ledger.arrivals) if (a.intent !== undefined && a.fault !== undefined && AMBIGUOUS_FAULTS.has(a.fault)) ambiguous.add(a.intent);
    return {
      name: c.name,
      succeeded: is('succeeded').length,
      indeterminate: is('indeterminate').length,
      duplicates: ledger.duplicates.length,
      lost: lost.length,
      requests: ledger.arrivals.length,
      throttled: ledger.arrivals.filter((a) => a.status === 429).length,
      insideRetryAfter: ledger.insideWindows,
      sentInsideRetryAfter: impolite.length,
      lookupsInsideRetryAfter: impolite.filter((a) => a.route === 'lookup').length,
      ...stormFigures(run, ledger.windows, ambiguous),
    };
  } finally {
    agent.destroy();
    await server.close();
  }
}

/** Runs the scenario. */
export async function run(opts: { quick?: boolean } = {}): Promise<BenchResult> {
  const intents = opts.quick ? 300 : 1_000;
  const tallies: Tally[] = [];
  for (const c of CONTENDERS) {
    process.stderr.write(`  chaos-independent: ${c.name}…\n`);
    tallies.push(await runOne(c, intents));
  }
  const mix = ORDER_FAULTS.map(([f, p]) => `${f} ${fmt(p * 100, 1)} %`).join(', ');
  return {
    name: 'chaos-independent',
    title: `Chaos on an independent order server (express 5, not the simulator): ${intents.toLocaleString('en-US')} order intents, ${CONCURRENCY} in flight, 26 % faulty sends`,
    rows: tallies.map((t) => ({
      contender: t.name,
      succeeded: t.succeeded,
      'indeterminate (told)': t.indeterminate,
      duplicates: t.duplicates,
      lost: t.lost,
      'requests / intent': fmt(t.requests / intents, 2),
      '429s': t.throttled,
      'inside Retry-After': t.insideRetryAfter,
      'sent inside Retry-After': t.sentInsideRetryAfter,
      ...stormColumns(t),
    })),
    verdicts: [stormTarget(tallies), stormTarget(tallies, resoluteVerifyOnly.name)].filter((v) => v !== undefined),
    notes: [
      `server: benchmarks/servers/ (express 5, forked per contender on 127.0.0.1): POST /orders { symbol, side, qty, price, tag, clientId? } (a used clientId is refused with 409), GET /orders/:clientId, GET /orders?since=<ms>; per send of POST /orders (drawn from seed ${SEED}, the intent's tag and which send of it this is, so every contender meets the same faults): ${mix}; 429 carries Retry-After: 1 and opens a 1 s window for the X-Api-Key; 502 is an nginx HTML page; overload is 503 { code: OVERLOADED }; 504-after and reset-after apply the order, the others do not`,
      'callers send no clientId (the server tells intents apart by tag): a blind resend of an applied order is a duplicate. resolute stamps its operation id into clientId and verifies by looking it up',
      'lost = the ledger and the caller disagree (applied but told failed, or told succeeded but never applied); duplicates = applied more than once; indeterminate = surfaced to the caller as in doubt (not lost)',
      'requests / intent: every request the server received (order sends and resolute\'s lookups); 429s: answers with Retry-After the contender received; inside Retry-After: arrivals while a window announced to the key was open; sent inside Retry-After: requests the client sent after it had heard the 429 and before the window ended (stamped by interceptors)',
      ...STORM_NOTES,
      `sent inside Retry-After, of which lookups: ${tallies.map((t) => `${t.name} ${t.sentInsideRetryAfter} (${t.lookupsInsideRetryAfter})`).join(', ')}`,
      ...CONTENDERS.map((c) => `${c.name}: ${c.config}`),
      `every contender: at most ${ATTEMPTS} sends, axios timeout ${TIMEOUT_MS} ms, a keep-alive agent, header X-Api-Key: bench`,
    ],
  };
}

if (isMain(import.meta.url)) await standalone('chaos-independent.ts', run);
