/**
 * The two clients the workload runs through: resolute, and axios + axios-retry set up to retry POSTs.
 * Each performs one task and says what it believes happened; `stats.ts` compares that with the ledger.
 * @module
 */
import http from 'node:http';
import axios, { type AxiosError, type AxiosInstance } from 'axios';
import axiosRetry, { exponentialDelay, isNetworkError, isRetryableError } from 'axios-retry';
import {
  createExecutor,
  isIndeterminateError,
  lookups,
  profiles,
  verifyByLookup,
  verifyInList,
  type VerifyHook,
} from '../src/index.js';
import type { DialectName, IntentOutcome, Simulator } from '../src/testing/index.js';
import { apiKeyHeader, OTP_SECRET, RATE_LIMIT, TIMEOUT_MS } from './scenario.js';
import type { Counters } from './stats.js';
import { totpPool } from './otp.js';
import type { Task } from './workload.js';

/** One client under test. */
export interface Contender {
  readonly name: string;
  readonly counters: Counters;
  /** Performs `task`. Orders and withdrawals: what the client reports; reads: succeeded or failed. */
  perform(task: Task): Promise<IntentOutcome>;
  /** Releases its sockets. */
  close(): void;
}

/** Builds a contender against a running simulator. */
export type ContenderFactory = (sim: Simulator) => Contender;

function instance(sim: Simulator, agent: http.Agent): AxiosInstance {
  return axios.create({ baseURL: sim.url, httpAgent: agent, timeout: TIMEOUT_MS, headers: apiKeyHeader(sim.dialect) });
}

const field = (data: unknown, name: string): unknown =>
  data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[name] : undefined;

/**
 * How long a not-found must wait before it counts as absent. The simulator applies at once and shows orders
 * without lag; against a real exchange keep the lookups' default (5 s, the request-validity window).
 */
const SETTLE_MS = 1_000;

/** How to ask each API whether an ambiguous order was placed. */
function verifyHook(sim: Simulator): VerifyHook {
  const dialect: DialectName = sim.dialect;
  switch (dialect) {
    case 'orderly':
      return lookups.orderly({ settleMs: SETTLE_MS }); // GET /v1/client/order/{client_order_id}
    case 'alp':
      // ALP documents no lookup by client order id (lookups.alp() matches its order list by the fields sent; the
      // demo's orders repeat their fields); the simulator's own oracle path stands in for one here.
      return verifyByLookup({ url: (ctx) => sim.routes.getOrder(ctx.operationId), settleMs: SETTLE_MS });
    case 'infinex':
      // No client order id: find the order in the history by the `ref` the demo sent.
      return verifyInList({
        url: () => sim.routes.listOrders,
        params: (ctx) => ({ pair: field(ctx.request.data, 'pair') }),
        items: (data) => {
          const items = field(data, 'data');
          return Array.isArray(items) ? items : undefined;
        },
        match: (item, ctx) => field(item, 'ref') === field(ctx.request.data, 'ref'),
        unique: true, // the demo's own `ref` names the order
        complete: () => true, // the simulator's history is neither capped nor paged unless told to be
        settleMs: SETTLE_MS,
      });
    case 'batchdata':
      // The simulator's lookup of one skip-trace request by the `ref` it was counted by; 404 means absent.
      return verifyByLookup({ url: (ctx) => sim.routes.getOrder(String(field(ctx.request.data, 'ref'))), settleMs: SETTLE_MS });
    case 'binance':
    case 'bybit':
    case 'okx':
      throw new Error(`the demo does not speak ${dialect} yet`);
  }
}

/** A 502, 504, reset or timeout: the request may have been applied. */
function ambiguous(status: number | undefined, noAnswer: boolean): boolean {
  return noAnswer || status === 502 || status === 504;
}

/**
 * resolute with the dialect's profile, a verify hook, the built-in TOTP provider and the exchange's rate limit.
 */
export const resoluteContender: ContenderFactory = (sim) => {
  const agent = new http.Agent({ keepAlive: true });
  const verifications = { applied: 0, absent: 0, unknown: 0 };
  const counters = { retries: 0, blindResends: 0, throttleWaits: 0, otpPrompts: 0, verifications } satisfies Counters;
  const executor = createExecutor({
    http: instance(sim, agent),
    profile: profiles[sim.dialect === 'binance' ? 'generic' : sim.dialect],
    // The exchange's real limit. A user `rateLimit` replaces the profile's documented per-route limits, which
    // matters for Orderly: its documented 10 orders/s would make 300 orders take 30 s on their own.
    rateLimit: { limit: RATE_LIMIT.limit, intervalMs: RATE_LIMIT.intervalMs },
    verify: verifyHook(sim),
    otp: totpPool(OTP_SECRET),
    maxAttempts: 6,
    deadlineMs: 15_000,
    baseDelayMs: 50,
    maxDelayMs: 1_000,
    verifyDelayMs: 100,
    onRetry: (e) => {
      counters.retries++;
      const f = e.verdict.failure;
      if (e.method === 'POST' && e.url === sim.routes.placeOrder && ambiguous(f.status, f.kind !== 'http')) counters.blindResends++;
    },
    onThrottle: () => {
      counters.throttleWaits++;
    },
    onOtp: () => {
      counters.otpPrompts++;
    },
    onVerify: (e) => {
      if (e.outcome === 'applied') verifications.applied++;
      else if (e.outcome === 'absent') verifications.absent++;
      else verifications.unknown++; // 'unknown', or the lookup threw
    },
  });
  // The simulator has no withdrawal lookup: a withdrawal in doubt stays in doubt (IndeterminateError), never resent.
  const unknowable: VerifyHook = () => ({ outcome: 'unknown' });
  return {
    name: 'resolute',
    counters,
    async perform(task) {
      try {
        if (task.kind === 'read') await executor.request({ method: 'GET', url: task.url });
        else if (task.kind === 'order') await executor.request({ method: 'POST', url: task.url, data: task.body });
        else await executor.request({ method: 'POST', url: task.url, data: task.body, resolute: { verify: unknowable } });
        return 'succeeded';
      } catch (error) {
        return isIndeterminateError(error) ? 'indeterminate' : 'failed';
      }
    },
    close: () => agent.destroy(),
  };
};

/**
 * Spaces the sends of `client` `intervalMs / limit` apart (a request interceptor, as axios-rate-limit does), so it
 * keeps the exchange's pace as resolute does. Unpaced, 20 workers overrun the exchange's limit and meet 429s that
 * depend on timing, and the table would change from run to run.
 */
function pace(client: AxiosInstance, limit: number, intervalMs: number): void {
  const spacing = intervalMs / limit;
  let next = 0;
  client.interceptors.request.use(async (config) => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + spacing;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
    return config;
  });
}

/**
 * axios + axios-retry, configured the way its README says to retry POSTs too: a `retryCondition` accepting
 * network errors, 429 and 5xx for any method, exponential delay (which honours Retry-After), 3 retries, the
 * timeout reset per attempt; paced at the exchange's limit like resolute. It has no 2FA flow and no
 * verification; a timeout (ECONNABORTED) is not retried, as axios-retry decides by design.
 */
export const axiosRetryContender: ContenderFactory = (sim) => {
  const agent = new http.Agent({ keepAlive: true });
  const counters: Counters = { retries: 0, blindResends: 0, throttleWaits: null, otpPrompts: null, verifications: null };
  const client = instance(sim, agent);
  pace(client, RATE_LIMIT.limit, RATE_LIMIT.intervalMs);
  axiosRetry(client, {
    retries: 3,
    retryCondition: (error: AxiosError) => isNetworkError(error) || isRetryableError(error),
    retryDelay: exponentialDelay,
    shouldResetTimeout: true,
    onRetry: (_count, error, config) => {
      counters.retries++;
      const isOrder = config.method?.toUpperCase() === 'POST' && config.url === sim.routes.placeOrder;
      if (isOrder && ambiguous(error.response?.status, error.response === undefined)) counters.blindResends++;
    },
  });
  return {
    name: 'axios-retry',
    counters,
    async perform(task) {
      try {
        if (task.kind === 'read') await client.get(task.url);
        else await client.post(task.url, task.body); // a withdrawal gets 511 (2FA required): it cannot answer that
        return 'succeeded';
      } catch {
        return 'failed';
      }
    },
    close: () => agent.destroy(),
  };
};
