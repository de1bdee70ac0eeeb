/**
 * The independent order server's fault mix, per arrival of `POST /orders`: 4 % 429 with `Retry-After: 1`, 12 %
 * 5xx or overload (not applied), 10 % 504 or connection reset (half after applying the order, half before), the
 * rest applied. A fault is drawn from the seed, the intent and which send of that intent this is, not from the
 * arrival order, so every contender meets the same fault on the n-th send of the same order.
 */
import { createHash } from 'node:crypto';

/** A fault the server can inject into one order send. */
export type OrderFault = '429' | '500' | '502' | 'overload' | '504-after' | '504-before' | 'reset-after' | 'reset-before';

/** Probabilities per send, in the order they are laid out on [0, 1). */
export const ORDER_FAULTS: ReadonlyArray<readonly [OrderFault, number]> = [
  ['429', 0.04],
  ['500', 0.04],
  ['502', 0.04],
  ['overload', 0.04],
  ['504-after', 0.025],
  ['reset-after', 0.025],
  ['504-before', 0.025],
  ['reset-before', 0.025],
];

/** Faults answered after the order was applied. */
export const APPLIED_THEN_FAULT: ReadonlySet<OrderFault> = new Set<OrderFault>(['504-after', 'reset-after']);

/** Faults after which the client cannot know whether the order was applied. */
export const AMBIGUOUS_FAULTS: ReadonlySet<OrderFault> = new Set<OrderFault>(['504-after', 'reset-after', '504-before', 'reset-before']);

/** A uniform draw in [0, 1) from `seed` and `key` (SHA-256, first 48 bits). */
export function drawFor(seed: number, key: string): number {
  const digest = createHash('sha256').update(`${seed}:${key}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The fault of draw `u`, or undefined (applied normally). */
export function faultOf(u: number): OrderFault | undefined {
  let acc = 0;
  for (const [fault, p] of ORDER_FAULTS) {
    acc += p;
    if (u < acc) return fault;
  }
  return undefined;
}

/** The first tag (`<label>-<n>`) whose sends meet `faults` in order (`undefined`: that send is clean), under `seed`. */
export function tagMeeting(seed: number, faults: readonly (OrderFault | undefined)[], label = faults.map((f) => f ?? 'clean').join('+')): string {
  for (let i = 0; ; i++) {
    const tag = `${label}-${i}`;
    if (faults.every((f, n) => faultOf(drawFor(seed, `${tag}#${n}`)) === f)) return tag;
  }
}
