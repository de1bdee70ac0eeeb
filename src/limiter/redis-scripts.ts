/**
 * How the Lua of `redis-lua.ts` is run: EVALSHA first, EVAL when the server answers NOSCRIPT (a fresh or
 * restarted Redis, or another Cluster node), every call bounded by our own timeout; and the replies parsed.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { ACQUIRE_LUA, CONFIRM_LUA, CUT_LUA, OBSERVE_LUA, PAUSE_LUA, RELEASE_LUA } from './redis-lua.js';

/** A Lua script with its SHA-1 and number of keys. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
  readonly keys: number;
}

function lua(keys: number, source: string): LuaScript {
  return { source, keys, sha: createHash('sha1').update(source).digest('hex') };
}

/** KEYS: rate, pause, sent, learn, quota, lag, grants. */
export const ACQUIRE = lua(7, ACQUIRE_LUA);
/** KEYS: pause, sent. */
export const CONFIRM = lua(2, CONFIRM_LUA);
/** KEYS: pause. */
export const PAUSE = lua(1, PAUSE_LUA);
/** KEYS: rate. */
export const RELEASE = lua(1, RELEASE_LUA);
/** KEYS: learn. */
export const CUT = lua(1, CUT_LUA);
/** KEYS: quota, grants. */
export const OBSERVE = lua(2, OBSERVE_LUA);

/** Runs a script by SHA, loading it with EVAL when Redis does not know it (NOSCRIPT). */
export async function runScript(client: Redis | Cluster, script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, script.keys, ...keys, ...args);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return client.eval(script.source, script.keys, ...keys, ...args);
    throw err;
  }
}

/** Rejects with a timeout error when `promise` does not settle within `ms`; a late settlement is ignored. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redisLimiter: Redis did not answer within ${ms} ms`)), ms);
    timer.unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

const bad = (reply: unknown): Error => new Error(`redisLimiter: unexpected reply ${String(reply)}`);

function numbers(reply: unknown, n: number): number[] {
  if (!Array.isArray(reply) || reply.length < n) throw bad(reply);
  const out = reply.slice(0, n).map((v) => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN));
  return out;
}

/** A reply of `ACQUIRE`. */
export interface AcquireReply {
  readonly ok: boolean;
  /** Not granted and nothing reserved: the advertised window is spent; ask again after `waitMs`. */
  readonly retry: boolean;
  readonly waitMs: number;
  /** The TAT this request set ('' when nothing was reserved). */
  readonly tat: string;
  /** The shared pause left, ms (<= 0 when none). */
  readonly pauseLeftMs: number;
  /** The sliding log's window in force (`intervalMs` + margin), for CONFIRM. */
  readonly window: number;
  /** The advertised quota left after this grant, and its end in ms from now (-1 when none is known). */
  readonly quotaLeft: number;
  readonly quotaEndMs: number;
  readonly quotaCap: number;
  /** The reservation spacing in force (ms per unit), to give a reservation back. */
  readonly spacing: number;
}

/** Parses an `ACQUIRE` reply; throws on anything unexpected. */
export function parseAcquire(reply: unknown): AcquireReply {
  const [ok, waitMs, , pauseLeftMs, window, quotaLeft, quotaEndMs, quotaCap, spacing] = numbers(reply, 9) as [number, number, number, number, number, number, number, number, number];
  const tat = (reply as unknown[])[2];
  if (![waitMs, pauseLeftMs, window, quotaLeft, quotaEndMs, quotaCap, spacing].every(Number.isFinite)) throw bad(reply);
  return { ok: ok === 1, retry: ok === 2, waitMs, tat: typeof tat === 'string' ? tat : '', pauseLeftMs, window, quotaLeft, quotaEndMs, quotaCap, spacing };
}

/** Parses a `CONFIRM` reply: the pause left and the wait before the send may go (both ≤ 0: go). */
export function parseConfirm(reply: unknown): { pauseLeftMs: number; waitMs: number } {
  const [pauseLeftMs, waitMs] = numbers(reply, 2) as [number, number];
  if (!Number.isFinite(pauseLeftMs) || !Number.isFinite(waitMs)) throw bad(reply);
  return { pauseLeftMs, waitMs };
}

/** Parses a reply holding a number of ms. */
export function parseMs(reply: unknown): number {
  const n = Number(reply);
  if (typeof reply !== 'string' || !Number.isFinite(n)) throw bad(reply);
  return n;
}

/** Parses an `OBSERVE` reply: the quota left, its end in ms from now, the quota per window. */
export function parseObserve(reply: unknown): { left: number; endMs: number; cap: number } {
  const [left, endMs, cap] = numbers(reply, 3) as [number, number, number];
  if (![left, endMs, cap].every(Number.isFinite)) throw bad(reply);
  return { left, endMs, cap };
}
