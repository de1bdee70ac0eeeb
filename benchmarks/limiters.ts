/**
 * Per-acquire overhead of the limiter backends under their limit (nobody waits): memoryLimiter,
 * redisLimiter (a real redis-server on a free loopback port), bottleneckLimiter, and a "none" baseline.
 * Interleaved batches, medians, µs per acquire. Run alone: `npx tsx benchmarks/limiters.ts`.
 *
 * The backends differ by four orders of magnitude, so each contender's call runs `reps` acquires
 * (sequentially awaited) and the time is divided back: one batch stays short for Bottleneck while
 * memoryLimiter still gets thousands of calls per batch.
 */
import { pathToFileURL } from 'node:url';
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { bottleneckLimiter, memoryLimiter, redisLimiter, type AcquireRequest, type AcquireResult, type Limiter } from '../src/limiter/index.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../test/helpers/redis-server.js';
import { fmt, interleaved, type BenchResult } from './lib/measure.js';

interface Contender {
  readonly name: string;
  readonly limiter: Limiter;
  readonly reps: number;
}

/** The baseline: awaiting an already-settled promise, the least any `acquire` can cost. */
const settled: Promise<AcquireResult> = Promise.resolve({ ok: true, waitedMs: 0 });
const none: Limiter = { name: 'none', acquire: () => settled, pause: () => {} };

/** Runs the benchmark and returns its table. `quick` trims the batches (for smoke runs). */
export async function run(opts: { quick?: boolean } = {}): Promise<BenchResult> {
  const quick = opts.quick ?? false;
  const notes: string[] = [];
  const fast = { limit: 1e9, intervalMs: 1000 }; // never binding: measures overhead, not waiting
  let redis: RedisServer | undefined;
  let client: Redis | undefined;
  const bottleneck = new Bottleneck({ maxConcurrent: null, minTime: 0 });
  const contenders: Contender[] = [
    { name: 'none', limiter: none, reps: 1000 },
    { name: 'memoryLimiter', limiter: memoryLimiter({ rateLimit: fast }), reps: 1000 },
    { name: 'memoryLimiter (no rate)', limiter: memoryLimiter(), reps: 1000 },
  ];
  try {
    if (hasRedis) {
      redis = await startRedis();
      client = new Redis(redis.port, '127.0.0.1');
      await client.ping();
      contenders.push({ name: 'redisLimiter', limiter: redisLimiter({ client, rateLimit: fast }), reps: 20 });
    } else notes.push('redis-server not found: redisLimiter skipped');
    contenders.push({ name: 'bottleneckLimiter', limiter: bottleneckLimiter(bottleneck), reps: 1 });

    let seq = 0;
    const request = (): AcquireRequest => ({ key: 'bench', weight: 1, deadlineAt: Date.now() + 60_000 });
    const fns = contenders.map((c) => ({
      name: c.name,
      fn: async (): Promise<void> => {
        for (let i = 0; i < c.reps; i++) {
          const r: AcquireResult = await c.limiter.acquire(request());
          if (!r.ok) throw new Error(`${c.name}: refused`);
          seq++;
        }
      },
    }));
    const batches = quick ? 5 : 15;
    const perBatch = quick ? 4 : 20;
    const medians = await interleaved(fns, { batches, perBatch, warmup: quick ? 2 : 10 });
    const base = medians.get('none') ?? Number.NaN;
    const rows = contenders.map((c) => {
      const perAcquire = (medians.get(c.name) ?? Number.NaN) / c.reps;
      const overhead = perAcquire - base / contenders[0]!.reps;
      return {
        limiter: c.name,
        'µs / acquire (median)': fmt(perAcquire, perAcquire < 10 ? 3 : 1),
        'µs over none': c.name === 'none' ? '—' : fmt(overhead, overhead < 10 ? 3 : 1),
        'acquires / batch': c.reps * perBatch,
      };
    });
    notes.push(
      `${batches} interleaved batches; ${seq} acquires in all`,
      'under the limit: nobody waits, so this is pure per-acquire cost',
      'redisLimiter: one EVALSHA round trip per acquire to a loopback redis-server',
      'bottleneckLimiter: Bottleneck 2.19.5, { maxConcurrent: null, minTime: 0 }; its datastore yields through setTimeout(0) per job',
    );
    return { name: 'limiters', title: 'Limiter overhead per acquire (µs, median)', rows, notes };
  } finally {
    for (const c of contenders) await c.limiter.close?.();
    await bottleneck.stop().catch(() => {});
    client?.disconnect();
    await stopRedis(redis);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const r = await run({ quick });
  console.log(`\n${r.title}`);
  console.table(r.rows);
  for (const n of r.notes ?? []) console.log(`  - ${n}`);
}
