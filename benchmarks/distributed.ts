/**
 * Distributed limit: four worker processes (benchmarks/workers/limiter-worker.ts, each `node --import tsx`),
 * each with its own ioredis client and one `createExecutor({ limiter: redisLimiter(...) })`, share 50 req/s
 * through one redis-server (started on a free loopback port) against one simulator started here, every
 * worker sending as fast as the limiter allows for 5 s. Measures from the simulator's arrival timestamps: the
 * most requests in any sliding 1,000 ms window, how many windows held more than 50, utilization
 * (arrivals / (50 × seconds)) and each worker's share.
 *
 * Run alone: `npx tsx benchmarks/distributed.ts [--quick]`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../src/testing/index.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../test/helpers/redis-server.js';
import { fmt, type BenchResult } from './lib/measure.js';
import { isMain, standalone } from './lib/report.js';

const WORKER = fileURLToPath(new URL('./workers/limiter-worker.ts', import.meta.url));
const PROCESSES = 4;
const LIMIT = 50;
const WINDOW_MS = 1_000;
const LOOPS = 3;
/** redisLimiter's least and largest margins (defaults): sends are spaced (1000 + margin) / limit apart. */
const MIN_MARGIN_MS = 50;
const MAX_MARGIN_MS = 100;

interface Report {
  sent: number;
  refused: number;
  errors: number;
  sends: number[];
  lagMs: number;
  redisErrors: number;
}

/** The fullest sliding window (half-open, starting at each arrival) and how many windows held more than `limit`. */
export function slidingWindows(times: readonly number[], windowMs: number, limit: number): { max: number; over: number; tightestMs: number } {
  const s = [...times].sort((a, b) => a - b);
  let max = 0;
  let over = 0;
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    while (j < s.length && s[j]! < s[i]! + windowMs) j++;
    max = Math.max(max, j - i);
    if (j - i > limit) over++;
  }
  let tightestMs = Number.POSITIVE_INFINITY; // the shortest span holding limit + 1 arrivals
  for (let i = limit; i < s.length; i++) tightestMs = Math.min(tightestMs, s[i]! - s[i - limit]!);
  return { max, over, tightestMs };
}

function once<T>(w: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`worker exited (${code}) before ${what}`));
    w.once('exit', onExit);
    w.once('message', (m) => {
      w.off('exit', onExit);
      resolve(m as T);
    });
  });
}

/** Runs the scenario. */
export async function run(opts: { quick?: boolean } = {}): Promise<BenchResult> {
  const name = 'distributed';
  const title = `Distributed limit: ${PROCESSES} processes share ${LIMIT} req/s through one redisLimiter`;
  if (!hasRedis) return { name, title, rows: [{ result: 'skipped: redis-server is not on the PATH' }] };
  const durationMs = opts.quick ? 2_500 : 5_000;
  let redis: RedisServer | undefined;
  const sim = await startSimulator({ dialect: 'orderly' });
  const workers: ChildProcess[] = [];
  try {
    redis = await startRedis();
    for (let i = 1; i <= PROCESSES; i++) {
      workers.push(
        fork(WORKER, [], {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          env: { ...process.env, REDIS_PORT: String(redis.port), SIM_URL: sim.url, ROUTE: sim.routes.ticker, LIMIT: String(LIMIT), WORKER: `w${i}`, LOOPS: String(LOOPS) },
        }),
      );
    }
    await Promise.all(workers.map((w) => once(w, 'ready')));
    const startAt = Date.now() + 200;
    const endAt = startAt + durationMs;
    const done = workers.map((w) => once<Report>(w, 'done'));
    for (const w of workers) w.send({ startAt, endAt });
    const reports = await Promise.all(done);
    const times = sim.arrivals.map((a) => a.at);
    const { max, over, tightestMs } = slidingWindows(times, WINDOW_MS, LIMIT);
    const seconds = durationMs / 1000;
    const shares = workers.map((_, i) => sim.arrivals.filter((a) => a.headers['x-bench-worker'] === `w${i + 1}`).length);
    const client = slidingWindows(reports.flatMap((r) => r.sends), WINDOW_MS, LIMIT);
    const ceilingAt = (margin: number): number => Math.floor(durationMs / ((WINDOW_MS + margin) / LIMIT)) + 1;
    const sent = reports.reduce((n, r) => n + r.sent, 0);
    return {
      name,
      title,
      rows: [
        {
          processes: PROCESSES,
          'limit / s': LIMIT,
          seconds: fmt(seconds, 1),
          arrivals: times.length,
          [`max in any ${WINDOW_MS} ms`]: max,
          [`windows over ${LIMIT}`]: over,
          utilization: `${fmt((100 * times.length) / (LIMIT * seconds), 1)} %`,
          'share per worker': shares.map((n) => `${fmt((100 * n) / Math.max(1, times.length), 0)} %`).join(' / '),
          [`${LIMIT + 1} arrivals span ≥`]: `${fmt(tightestMs, 0)} ms`,
          [`${LIMIT + 1} sends span ≥`]: `${fmt(client.tightestMs, 0)} ms`,
          'measured lag (ms)': reports.map((r) => fmt(r.lagMs, 0)).join(' / '),
          'Redis errors': reports.reduce((n, r) => n + r.redisErrors, 0),
        },
      ],
      notes: [
        `${PROCESSES} × \`node --import tsx benchmarks/workers/limiter-worker.ts\`, each: its own ioredis client, redisLimiter({ client, rateLimit: { limit: ${LIMIT}, intervalMs: 1000 }, insurance: { processes: ${PROCESSES} } }) (default margins), createExecutor({ http, profile: profiles.orderly, limiter }), ${LOOPS} callers sending GET ${sim.routes.ticker} back to back`,
        `windows: every half-open ${WINDOW_MS} ms window starting at an arrival (server-side Date.now()); "windows over ${LIMIT}" counts those holding more than ${LIMIT}`,
        `"${LIMIT + 1} arrivals span ≥": the shortest time holding ${LIMIT + 1} consecutive arrivals at the server (≥ ${WINDOW_MS} ms means no window over ${LIMIT}); "sends": the same over the workers' own send times (onAttempt, right after the grant), so a gap between the two is delivery jitter (scheduling on this shared 2-core machine)`,
        `how the lag is accounted for: a request that waits reserves a slot, then confirms it in Redis at the moment of sending; a sliding log of confirmed sends holds at most ${LIMIT} in any ${WINDOW_MS} ms + margin of Redis time (so a worker that wakes late sends later, never bunched past the limit), and the margin follows the lag the workers measure (1.25 × the confirm's round trip plus the answer's, the largest lately; "measured lag" is each worker's at the end, decayed), between ${MIN_MARGIN_MS} and ${MAX_MARGIN_MS} ms`,
        `utilization = arrivals / (${LIMIT} × ${fmt(seconds, 1)} s); at a margin of ${MIN_MARGIN_MS}–${MAX_MARGIN_MS} ms at most ${ceilingAt(MAX_MARGIN_MS)}–${ceilingAt(MIN_MARGIN_MS)} sends (${fmt((100 * ceilingAt(MAX_MARGIN_MS)) / (LIMIT * seconds), 1)}–${fmt((100 * ceilingAt(MIN_MARGIN_MS)) / (LIMIT * seconds), 1)} %) fit in the run`,
        `workers: ${reports.map((r, i) => `w${i + 1} sent ${r.sent}, callers stopped by the deadline ${r.refused}, errors ${r.errors}`).join('; ')} (sent in all: ${sent})`,
      ],
    };
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill();
    await sim.close();
    await stopRedis(redis);
  }
}

if (isMain(import.meta.url)) await standalone('distributed.ts', run);
