/**
 * The journaled operations an executor is running now, from before their intent is recorded until their outcome is
 * settled (or left in doubt): `reconcilePending` on the same executor leaves them alone, since their owner is alive
 * and will settle them itself. Per executor (keyed by its settings), counted per id (a caller may run one id twice).
 * @module
 */
import type { Settings } from './validate.js';

const running = new WeakMap<Settings, Map<string, number>>();

/** Marks `operationId` running in the executor of `s`; returns the function that ends the mark (call it once). */
export function enterLive(s: Settings, operationId: string): () => void {
  let ids = running.get(s);
  if (ids === undefined) running.set(s, (ids = new Map()));
  const live = ids;
  live.set(operationId, (live.get(operationId) ?? 0) + 1);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    const n = (live.get(operationId) ?? 1) - 1;
    if (n > 0) live.set(operationId, n);
    else live.delete(operationId);
  };
}

/** True while the executor of `s` is running `operationId`. */
export function isLive(s: Settings, operationId: string): boolean {
  return running.get(s)?.has(operationId) === true;
}
