/**
 * Overhead of a successful request: per-call µs on a stub adapter (no I/O: the library's own cost), and
 * requests/s on a loopback keep-alive server, for raw axios, resolute and the peers, side by side in one run.
 * Run alone: `npx tsx benchmarks/overhead.ts [--quick]`.
 */
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import axios, { type AxiosAdapter, type AxiosInstance } from 'axios';
import axiosRetry from 'axios-retry';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import pRetry from 'p-retry';
import * as rax from 'retry-axios';
import { createExecutor } from '../src/index.js';
import { fmt, interleaved, median, pairedAdded, type BenchResult } from './lib/measure.js';
import { isMain, standalone } from './lib/report.js';
import { startEchoServer } from './lib/server.js';
import { telemetryContenders } from './lib/telemetry.js';

const stub: AxiosAdapter = async (config) => ({ data: { ok: true }, status: 200, statusText: 'OK', headers: {}, config, request: {} });

let served = 0;
/**
 * The same stub, answering with the rate-limit fields express-rate-limit's `draft-8` sends (IETF RateLimit and
 * RateLimit-Policy, as structured fields) on every response, `r` counting down: resolute parses and paces on
 * them. The quota is far above what the benchmark sends, so nothing waits: this is the cost of reading them.
 */
const stubWithHeaders: AxiosAdapter = async (config) => ({
  data: { ok: true },
  status: 200,
  statusText: 'OK',
  headers: {
    ratelimit: `"1000000-in-1s"; r=${999_999 - (served++ % 100_000)}; t=1`,
    'ratelimit-policy': '"1000000-in-1s"; q=1000000; w=1; pk=:ZGJkYzYxYTg4YjBj:',
  },
  config,
  request: {},
});

type Call = () => Promise<unknown>;

/** The contenders, each built around a fresh axios instance made by `make`. */
export function contenders(make: () => AxiosInstance): Array<{ name: string; fn: Call }> {
  const raw = make();
  const resoluteInstance = make();
  const executor = createExecutor({ http: resoluteInstance });
  const wrapped = createExecutor().wrap(make());
  const ar = make();
  axiosRetry(ar, { retries: 3, retryDelay: axiosRetry.exponentialDelay });
  const ra = make();
  ra.defaults.raxConfig = { retry: 3 };
  rax.attach(ra);
  const pr = make();
  const ck = make();
  const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
  return [
    { name: 'raw axios', fn: () => raw.get('/x') },
    { name: 'resolute (request)', fn: () => executor.request({ url: '/x' }) },
    { name: 'resolute (wrap)', fn: () => wrapped.get('/x') },
    ...telemetryContenders(make),
    { name: 'axios-retry', fn: () => ar.get('/x') },
    { name: 'retry-axios', fn: () => ra.get('/x') },
    { name: 'p-retry around axios', fn: () => pRetry(() => pr.get('/x'), { retries: 3 }) },
    { name: 'cockatiel around axios', fn: () => policy.execute(() => ck.get('/x')) },
  ];
}

async function throughput(fn: Call, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await fn();
    }),
  );
  return (total / (performance.now() - t0)) * 1000;
}

/** Runs the scenario. */
export async function run(opts: { quick?: boolean } = {}): Promise<BenchResult> {
  const perBatch = opts.quick ? 500 : 2_000;
  const withHeaders = (): AxiosInstance => axios.create({ baseURL: 'http://stub.invalid', adapter: stubWithHeaders });
  const headed = createExecutor({ http: withHeaders() });
  const rawHeaded = withHeaders();
  const stubbed = [
    ...contenders(() => axios.create({ baseURL: 'http://stub.invalid', adapter: stub })),
    { name: 'raw axios + RateLimit headers', fn: () => rawHeaded.get('/x') },
    { name: 'resolute (request) + RateLimit headers', fn: () => headed.request({ url: '/x' }) },
  ];
  const perCall = await interleaved(stubbed, { batches: opts.quick ? 7 : 21, perBatch, warmup: perBatch });
  // What each adds to raw axios on the same stub, measured in alternating short blocks against it.
  const added = new Map<string, number>();
  for (const c of stubbed) {
    if (c.name.startsWith('raw axios')) continue;
    const base = stubbed.find((b) => b.name === (c.name.endsWith('+ RateLimit headers') ? 'raw axios + RateLimit headers' : 'raw axios'))!;
    added.set(c.name, await pairedAdded(c.fn, base.fn, { pairs: opts.quick ? 11 : 41 }));
  }

  const server = await startEchoServer();
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const live = contenders(() => axios.create({ baseURL: server.url, httpAgent: agent }));
  const rps = new Map<string, number[]>(live.map((c) => [c.name, []]));
  const rounds = opts.quick ? 3 : 7;
  const total = opts.quick ? 1_000 : 3_000;
  for (const c of live) await throughput(c.fn, 300, 16);
  for (let r = 0; r < rounds; r++) for (const c of live) rps.get(c.name)!.push(await throughput(c.fn, total, 16));
  agent.destroy();
  await server.close();

  const base = perCall.get('raw axios')!;
  const baseHeaded = perCall.get('raw axios + RateLimit headers')!;
  const baseRps = median(rps.get('raw axios')!);
  return {
    name: 'overhead',
    title: 'Success-path overhead: µs per call on a stub adapter, requests/s on a loopback keep-alive server (16 in flight)',
    rows: stubbed.map(({ name }) => {
      const us = perCall.get(name)!;
      const live = rps.get(name);
      const r = live === undefined ? Number.NaN : median(live);
      const headedRow = name.endsWith('+ RateLimit headers');
      const floor = headedRow ? baseHeaded : base;
      return {
        contender: name,
        'µs/call (stub)': fmt(us, 2),
        'added µs': name.startsWith('raw axios') ? '—' : fmt(added.get(name)!, 2),
        'ratio to raw': fmt(us / floor, 2),
        'req/s (loopback)': live === undefined ? '—' : Math.round(r),
        'req/s vs raw': live === undefined ? '—' : fmt(r / baseRps, 2),
      };
    }),
    notes: [
      `medians of ${opts.quick ? 7 : 21} interleaved batches of ${perBatch} sequential calls (stub), each batch starting one contender later; added µs: ${opts.quick ? 11 : 41} pairs of back-to-back blocks of 250 calls, the contender's and raw axios's on the same stub (order alternating), the median of the differences; ${rounds} rounds of ${total} requests (loopback)`,
      'every contender configured for 3 retries; the success path never retries, so this is pure overhead',
      '"+ RateLimit headers": the stub answers every call with express-rate-limit draft-8 fields (`RateLimit: "1000000-in-1s"; r=…; t=1`, `RateLimit-Policy: …; q=1000000; w=1; pk=…`), r counting down; resolute reads them on every success and paces on them (the quota never binds here); its added µs are over raw axios on the same stub',
    ],
    charts: [
      {
        file: 'overhead.svg',
        title: 'Success-path cost: µs per call on a stub adapter (lower is better)',
        categories: stubbed.map((c) => c.name),
        series: [{ name: `µs per call (median of ${opts.quick ? 7 : 21} batches of ${perBatch})`, values: stubbed.map((c) => perCall.get(c.name)!) }],
        unit: 'µs per call (axios itself included: raw axios is the floor)',
        digits: 2,
      },
    ],
  };
}

if (isMain(import.meta.url)) await standalone('overhead.ts', run);
