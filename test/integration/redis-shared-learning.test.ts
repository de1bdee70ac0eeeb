/**
 * Four processes behave as one client: each runs `createExecutor({ limiter: redisLimiter({ client }) })` with no
 * limit configured against one real @fastify/rate-limit server (100 requests per second per client, forked on
 * 127.0.0.1). What one process learns from the headers of its answers (the advertised quota) is shared through
 * Redis, so the server counts (almost) no 429. The control: the same four processes each learning on their own
 * (`memoryLimiter`): every answer's `remaining` counts all four, so they overshoot only a little, but they pace
 * blind to each other's sends in flight and are refused several times in a few seconds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRateLimitedServer } from '../../benchmarks/lib/rate-limited.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../helpers/redis-server.js';

let redis: RedisServer | undefined;
beforeAll(async () => {
  if (hasRedis) redis = await startRedis();
});
afterAll(async () => stopRedis(redis));

const WORKER = join(import.meta.dirname, '..', '..', 'benchmarks', 'workers', 'limiter-worker.ts');

interface Report {
  sent: number;
  errors: number;
}

/** Four workers with no configured limit, `limiter` redis or memory, sending for `ms` to a fresh fastify server. */
async function fourProcesses(limiter: 'redis' | 'memory', ms: number) {
  const server = await startRateLimitedServer('fastify', 100, 1_000);
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < 4; i++) {
      workers.push(
        fork(WORKER, [], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, REDIS_PORT: String(redis!.port), SIM_URL: server.url, ROUTE: '/x', LIMIT: '0', LIMITER: limiter, WORKER: `w${i}`, LOOPS: '4' },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
    }
    await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
    const startAt = Date.now() + 200;
    const done = workers.map((w) => new Promise<Report>((r) => w.once('message', r as never)));
    for (const w of workers) w.send({ startAt, endAt: startAt + ms });
    const reports = await Promise.all(done);
    const stats = await server.stats();
    return { reports, stats, seconds: ms / 1000 };
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill();
    await server.close();
  }
}

describe.skipIf(!hasRedis)('four processes share what one learns, through Redis', () => {
  test('no limit configured: the server counts at most 1 429 per 1,000 requests, and the processes use most of the quota', async () => {
    const { reports, stats, seconds } = await fourProcesses('redis', 4_000);
    const sent = reports.reduce((n, r) => n + r.sent, 0);
    const total = stats.served + stats.refused;
    console.info(`[shared] redis: ${stats.served} served, ${stats.refused} refused (429), ${sent} sent by the workers in ${seconds} s`);
    expect(stats.refused).toBeLessThanOrEqual(Math.max(1, Math.floor(total / 1000)));
    expect(stats.served).toBeGreaterThanOrEqual(0.8 * 100 * seconds);
    expect(reports.every((r) => r.sent > 20)).toBe(true); // every process got a share
  }, 30_000);

  test('the control: each process learning alone (every answer counts all four, but they pace blind to each other) is refused', async () => {
    const { stats, seconds } = await fourProcesses('memory', 4_000);
    const total = stats.served + stats.refused;
    console.info(`[shared] memory (not shared): ${stats.served} served, ${stats.refused} refused (429) in ${seconds} s`);
    expect(stats.refused).toBeGreaterThan(Math.max(1, Math.floor(total / 1000)));
  }, 30_000);
});
