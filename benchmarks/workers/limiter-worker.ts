/**
 * One of the four processes of benchmarks/distributed.ts: its own ioredis client, a `redisLimiter` shared
 * through Redis, one `createExecutor({ limiter })`, and LOOPS callers sending GETs to the simulator as fast as
 * the limiter allows between startAt and endAt.
 * env: REDIS_PORT, SIM_URL (any base URL), ROUTE, LIMIT (`0`: no configured limit, the limiter learns it from
 * the server's headers), WORKER, LOOPS, LIMITER (`redis`, the default, or `memory`: each process on its own,
 * the control for what sharing brings). IPC: sends { ready } once Redis answers, receives
 * { startAt, endAt } (epoch ms), sends { sent, refused, errors, sends, lagMs } when done
 * (`sends`: the epoch ms of every send, taken by the executor's onAttempt, after the limiter's grant; `lagMs`:
 * the largest lag the limiter held during the run, from Redis confirming a send to its answer, which its margin
 * follows).
 */
import { Agent } from 'node:http';
import axios from 'axios';
import { Redis } from 'ioredis';
import { createExecutor, isDeadlineExceededError, memoryLimiter, profiles, redisLimiter } from '../../src/index.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`missing env ${name}`);
  return v;
};

const client = new Redis(Number(env('REDIS_PORT')), '127.0.0.1', { retryStrategy: () => 50 });
client.on('error', () => {});
let redisErrors = 0;
const limit = Number(env('LIMIT'));
const rateLimit = limit > 0 ? { rateLimit: { limit, intervalMs: 1_000 } } : {};
const shared = redisLimiter({ client, ...rateLimit, insurance: { processes: 4 }, onError: () => void redisErrors++ });
const limiter = process.env.LIMITER === 'memory' ? memoryLimiter(rateLimit) : shared;
const agent = new Agent({ keepAlive: true });
const http = axios.create({ baseURL: env('SIM_URL'), httpAgent: agent, timeout: 5_000, headers: { 'x-bench-worker': env('WORKER') } });
const sends: number[] = []; // Date.now() just before each send, after the limiter granted it
let lagMs = 0; // the largest lag the limiter held during the run (it decays between samples): its margin follows it
const executor = createExecutor({
  http,
  profile: profiles.orderly,
  limiter,
  onAttempt: () => {
    sends.push(Date.now());
    lagMs = Math.max(lagMs, shared.lagMs);
  },
});

process.on('message', (msg: { startAt: number; endAt: number }) => {
  void (async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, msg.startAt - Date.now())));
    let sent = 0;
    let refused = 0;
    let errors = 0;
    const loop = async (): Promise<void> => {
      while (Date.now() < msg.endAt) {
        try {
          // The deadline ends the wait for a slot at endAt: a refused acquire fails fast, nothing is sent.
          await executor.request({ url: env('ROUTE'), resolute: { deadlineMs: Math.max(1, msg.endAt - Date.now()) } });
          sent++;
        } catch (e) {
          if (isDeadlineExceededError(e)) {
            refused++; // no slot before endAt: this caller is done
            break;
          }
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: Number(env('LOOPS')) }, loop));
    agent.destroy();
    await limiter.close();
    if (limiter !== shared) await shared.close();
    client.disconnect();
    process.send?.({ sent, refused, errors, sends, lagMs: Math.max(lagMs, shared.lagMs), redisErrors }, () => process.exit(0));
  })();
});

await client.ping();
process.send?.({ ready: true });
