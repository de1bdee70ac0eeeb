/**
 * A real rate-limited HTTP server that no one here wrote, run as a child process on 127.0.0.1 (a fresh one per
 * run): fastify 5 with @fastify/rate-limit 11 (`KIND=fastify`: `x-ratelimit-*` headers, reset in whole seconds),
 * or express 5 with express-rate-limit 8 (`KIND=express`: `standardHeaders: 'draft-8'`, the IETF `RateLimit` and
 * `RateLimit-Policy` fields). Both limit every client (here: one IP) to LIMIT requests per WINDOW_MS with their
 * default in-memory stores. `GET /x` answers `{ ok: true }`.
 *
 * IPC: sends `{ port }` once listening; answers `'stats'` with `{ served, refused, arrivals, stalls }` (arrivals: the
 * epoch ms each request reached the handler chain and the status it got, which is what the server counted; stalls:
 * when this process could not run, from lib/stall-meter.ts).
 * env: KIND, LIMIT (default 100), WINDOW_MS (default 1000).
 */
import type { AddressInfo } from 'node:net';
import { startStallMeter } from '../lib/stall-meter.js';

const kind = process.env.KIND;
const limit = Number(process.env.LIMIT ?? 100);
const windowMs = Number(process.env.WINDOW_MS ?? 1_000);
const arrivals: Array<[number, number]> = [];
const record = (at: number, status: number): void => void arrivals.push([at, status]);
const meter = startStallMeter();

async function startFastify(): Promise<number> {
  const { default: Fastify } = await import('fastify');
  const { default: rateLimit } = await import('@fastify/rate-limit');
  const app = Fastify({ logger: false, keepAliveTimeout: 30_000 });
  app.addHook('onRequest', async (req) => {
    (req as unknown as { arrivedAt: number }).arrivedAt = Date.now();
  });
  app.addHook('onResponse', async (req, reply) => record((req as unknown as { arrivedAt: number }).arrivedAt, reply.statusCode));
  await app.register(rateLimit, { max: limit, timeWindow: windowMs });
  app.get('/x', async () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as AddressInfo).port;
}

async function startExpress(): Promise<number> {
  const { default: express } = await import('express');
  const { rateLimit } = await import('express-rate-limit');
  const app = express();
  app.use((_req, res, next) => {
    const at = Date.now();
    res.on('finish', () => record(at, res.statusCode));
    next();
  });
  app.use(rateLimit({ windowMs, limit, standardHeaders: 'draft-8', legacyHeaders: false }));
  app.get('/x', (_req, res) => {
    res.json({ ok: true });
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    server.keepAliveTimeout = 30_000;
  });
}

process.on('message', (msg) => {
  if (msg !== 'stats') return;
  const refused = arrivals.filter(([, s]) => s === 429).length;
  process.send?.({ served: arrivals.filter(([, s]) => s === 200).length, refused, arrivals, stalls: meter.stalls() });
});

const port = kind === 'fastify' ? await startFastify() : kind === 'express' ? await startExpress() : Number.NaN;
if (!Number.isFinite(port)) throw new Error(`KIND must be fastify or express, got ${String(kind)}`);
process.send?.({ port });
