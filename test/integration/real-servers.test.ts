/**
 * resolute with no limit configured against real rate-limited servers that no one here wrote, forked on
 * 127.0.0.1 (a fresh one per test): fastify 5 + @fastify/rate-limit 11 (`x-ratelimit-*`, reset in whole
 * seconds: the window's phase is learned from when `remaining` refills) and express 5 + express-rate-limit 8
 * (`standardHeaders: 'draft-8'`: IETF `RateLimit` / `RateLimit-Policy` structured fields). Each allows 100
 * requests per second per client. What the servers counted: at least 95 % of the limit used, at most one 429
 * per 1,000 requests, no request failed. "Used" is over the time both processes could run: under `stress-ng --cpu 2`
 * the test process or the server is sometimes not scheduled for a long while (measured here: stalls adding up to
 * 1.3–1.4 s in a 12 s run), and then no client can send or no server can serve. That time, measured by a stall meter
 * in each process (ticks more than 50 ms late; their union), is left out of the wall time, and printed.
 */
import { Agent } from 'node:http';
import axios from 'axios';
import { describe, expect, test } from 'vitest';
import { startRateLimitedServer, type ServerKind } from '../../benchmarks/lib/rate-limited.js';
import { createExecutor } from '../../src/index.js';
import { stalledWithin, startStallMeter } from '../../benchmarks/lib/stall-meter.js';

const LIMIT = 100;
const REQUESTS = 1_000;
const CONCURRENCY = 32;

async function run(kind: ServerKind) {
  const server = await startRateLimitedServer(kind, LIMIT, 1_000);
  const agent = new Agent({ keepAlive: true });
  try {
    const executor = createExecutor({ http: axios.create({ baseURL: server.url, httpAgent: agent, timeout: 10_000 }) });
    let next = 0;
    let failed = 0;
    const t0 = performance.now();
    const from = Date.now();
    const meter = startStallMeter();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < REQUESTS) await executor.request({ url: '/x' }).catch(() => failed++);
      }),
    );
    const wallS = (performance.now() - t0) / 1000;
    const mine = meter.stop();
    const stats = await server.stats();
    const stalledMs = stalledWithin([...mine, ...stats.stalls], from, Date.now());
    const ranS = wallS - stalledMs / 1000;
    return { kind, failed, wallS, stalledMs, served: stats.served, refused: stats.refused, perSecond: stats.served / ranS };
  } finally {
    agent.destroy();
    await server.close();
  }
}

describe('resolute learns real servers’ limits from their headers (no rateLimit configured)', () => {
  test('fastify + @fastify/rate-limit and express + express-rate-limit (draft-8), 100/s each: ≥ 95 % of the limit, ≤ 1 429 per 1,000, 0 failures', async () => {
    const results = await Promise.all((['fastify', 'express'] as const).map(run));
    for (const r of results) {
      console.info(`[real-servers] ${r.kind}: ${r.served} served, ${r.refused} refused (429), ${r.failed} failed, ${r.wallS.toFixed(2)} s (${Math.round(r.stalledMs)} ms stalled), ${r.perSecond.toFixed(1)}/s while running (${r.perSecond.toFixed(1)} % of ${LIMIT}/s)`);
    }
    for (const r of results) {
      expect(r.failed).toBe(0);
      expect(r.served).toBe(REQUESTS);
      expect(r.refused).toBeLessThanOrEqual(REQUESTS / 1000);
      expect(r.perSecond).toBeGreaterThanOrEqual(0.95 * LIMIT);
    }
  }, 40_000);
});
