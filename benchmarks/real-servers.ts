/**
 * Real rate-limited servers that no one here wrote: fastify 5 + @fastify/rate-limit 11 and express 5 +
 * express-rate-limit 8 (`standardHeaders: 'draft-8'`), each allowing 100 requests per 1 s per client, forked
 * on 127.0.0.1 (benchmarks/servers/rate-limited.ts, a fresh server per run). 1,500 GETs at 32 in flight per
 * contender: raw axios, axios-retry, p-retry, Bottleneck-paced axios, resolute by default (it learns the limit
 * from the headers of every answer) and resolute told the limit (`rateLimit`). Measures wall time, successes/s
 * as a share of the limit, the 429s the server sent, the requests that failed, and p99 latency.
 *
 * Run alone: `npx tsx benchmarks/real-servers.ts [--quick]`.
 */
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import axios, { type AxiosInstance } from 'axios';
import Bottleneck from 'bottleneck';
import { createExecutor } from '../src/index.js';
import { fmt, percentile, type BenchResult } from './lib/measure.js';
import { axiosRetryPeer, pRetryPeer, rawAxios, type Peer, type Send } from './lib/peers.js';
import { SERVER_LABEL, startRateLimitedServer, type ServerKind } from './lib/rate-limited.js';
import { isMain, standalone } from './lib/report.js';

const LIMIT = 100;
const WINDOW_MS = 1_000;
const CONCURRENCY = 32;

/** Bottleneck's recipe for "N per second": one job every 1000 / N ms, `maxConcurrent` as the callers. No retries. */
const bottleneckPeer: Peer = {
  name: 'Bottleneck-paced axios',
  config: `new Bottleneck({ minTime: ${WINDOW_MS / LIMIT}, maxConcurrent: ${CONCURRENCY} }).schedule(() => axios.request(c)): told the limit, no retries`,
  build(http: AxiosInstance): Send {
    const b = new Bottleneck({ minTime: WINDOW_MS / LIMIT, maxConcurrent: CONCURRENCY });
    return (c) => b.schedule(() => http.request(c));
  },
};

const resoluteDefault: Peer = {
  name: 'resolute (default)',
  config: 'createExecutor({ http }): no limit configured; it reads the RateLimit / X-RateLimit headers of every answer',
  build: (http) => {
    const ex = createExecutor({ http });
    return (c) => ex.request(c);
  },
};

const resoluteRate: Peer = {
  name: 'resolute (rateLimit)',
  config: `createExecutor({ http, rateLimit: { limit: ${LIMIT}, intervalMs: ${WINDOW_MS} } })`,
  build: (http) => {
    const ex = createExecutor({ http, rateLimit: { limit: LIMIT, intervalMs: WINDOW_MS } });
    return (c) => ex.request(c);
  },
};

/** The contenders, in table order. */
export const CONTENDERS: readonly Peer[] = [rawAxios, axiosRetryPeer, pRetryPeer, bottleneckPeer, resoluteDefault, resoluteRate];

/** One contender's run against one fresh server. */
export interface RealServerTally {
  readonly server: ServerKind;
  readonly contender: string;
  readonly requests: number;
  readonly succeeded: number;
  readonly failed: number;
  /** 429s the server sent. */
  readonly refused: number;
  /** Requests the server answered 200. */
  readonly served: number;
  readonly wallMs: number;
  readonly p99Ms: number;
}

/** Sends `requests` GETs at `concurrency` in flight through `peer` to a fresh server of `kind`. */
export async function runAgainst(kind: ServerKind, peer: Peer, requests: number, concurrency = CONCURRENCY): Promise<RealServerTally> {
  const server = await startRateLimitedServer(kind, LIMIT, WINDOW_MS);
  const agent = new Agent({ keepAlive: true });
  try {
    const send = peer.build(axios.create({ baseURL: server.url, httpAgent: agent, timeout: 10_000 }));
    const latencies: number[] = [];
    let next = 0;
    let succeeded = 0;
    let failed = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < requests) {
          const t = performance.now();
          try {
            await send({ method: 'GET', url: '/x' });
            succeeded++;
          } catch {
            failed++;
          }
          latencies.push(performance.now() - t);
        }
      }),
    );
    const wallMs = performance.now() - t0;
    const stats = await server.stats();
    return { server: kind, contender: peer.name, requests, succeeded, failed, refused: stats.refused, served: stats.served, wallMs, p99Ms: percentile(latencies, 99) };
  } finally {
    agent.destroy();
    await server.close();
  }
}

/** Runs the scenario. */
export async function run(opts: { quick?: boolean } = {}): Promise<BenchResult> {
  const requests = opts.quick ? 500 : 1_500;
  const tallies: RealServerTally[] = [];
  for (const kind of ['fastify', 'express'] as const) {
    for (const c of CONTENDERS) {
      process.stderr.write(`  real-servers: ${kind}, ${c.name}…\n`);
      tallies.push(await runAgainst(kind, c, requests));
    }
  }
  const n = requests.toLocaleString('en-US');
  return {
    name: 'real-servers',
    title: `Real rate-limited servers: ${n} GETs at ${CONCURRENCY} in flight against fastify + @fastify/rate-limit and express + express-rate-limit (draft-8), ${LIMIT} requests per ${WINDOW_MS / 1000} s`,
    rows: tallies.map((t) => ({
      server: t.server,
      contender: t.contender,
      'wall s': fmt(t.wallMs / 1000, 1),
      'successes/s, % of limit': `${fmt((100 * t.succeeded) / (t.wallMs / 1000) / (LIMIT / (WINDOW_MS / 1000)), 1)} %`,
      '429s received': t.refused,
      failed: t.failed,
      'p99 ms': Math.round(t.p99Ms),
    })),
    notes: [
      `servers: ${SERVER_LABEL.fastify}; ${SERVER_LABEL.express}; each with its default in-memory store (a fixed window per client, opened by the first hit after the last one ended), forked as a child process on 127.0.0.1, a fresh one per contender`,
      `${n} GET /x per run, ${CONCURRENCY} callers back to back, a keep-alive agent, axios timeout 10 s; wall = first send to last answer; "successes/s, % of limit" = successes / wall / ${LIMIT} per s; "429s received" = the 429s the server counted; failed = requests that rejected`,
      ...CONTENDERS.map((c) => `${c.name}: ${c.config}`),
    ],
    charts: [
      {
        file: 'real-servers.svg',
        title: `Real rate-limited servers: successes per second as a share of the limit (${LIMIT}/s)`,
        categories: CONTENDERS.map((c) => c.name),
        series: (['fastify', 'express'] as const).map((kind) => ({
          name: kind === 'fastify' ? '@fastify/rate-limit' : 'express-rate-limit (draft-8)',
          values: CONTENDERS.map((c) => {
            const t = tallies.find((x) => x.server === kind && x.contender === c.name)!;
            return (100 * t.succeeded) / (t.wallMs / 1000) / LIMIT;
          }),
        })),
        unit: '% of the limit',
        digits: 0,
        reference: { value: 95, label: '95 %' },
      },
    ],
  };
}

if (isMain(import.meta.url)) await standalone('real-servers.ts', run);
