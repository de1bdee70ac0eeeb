/**
 * Fault scenarios for the property tests: per intent, the fault each send and each verify lookup meets, the
 * journal call that fails, a slow prepare or verify hook, an abort at a chosen moment, a short deadline; per run, the
 * lookups' visibility lag and whether the intents run one after another or all at once. Plain data, so a shrunk
 * counterexample can be pasted into `regressions.test.ts` as it is printed.
 */
import fc from 'fast-check';
import type { FaultName } from '../../src/testing/index.js';

/**
 * Faults on an order send (Orderly has no 2FA, so no 511), and `refuse`: that send's body lacks its `symbol`, so
 * the exchange refuses it for good (400 −1005, a PermanentError), as it would an order over the balance.
 */
export const SEND_FAULTS = [
  'refuse',
  '500',
  '503',
  'overload',
  '429',
  '429-no-retry-after',
  '502-html',
  '504-after',
  '504-before',
  'reset-before',
  'reset-after',
  'slow',
  'malformed',
  'empty',
  'timeout-after',
  'timeout-before',
] as const satisfies ReadonlyArray<FaultName | 'refuse'>;

/** Faults on a verify lookup (`GET /v1/client/order/{id}`); `slow` outlasts the lookup's timeout. */
export const LOOKUP_FAULTS = ['500', '503', '429', '502-html', '504-before', 'reset-before', 'slow', 'malformed', 'empty'] as const satisfies readonly FaultName[];

/** What one intent (one order, one operation id) meets. `null`: that send or lookup goes through cleanly. */
export interface IntentScript {
  /** The fault of send 1, 2, …; sends past the end meet none. */
  readonly sends: ReadonlyArray<(typeof SEND_FAULTS)[number] | null>;
  /** The fault of this intent's verify lookup 1, 2, … (the final reconcile's lookups included); past the end: none. */
  readonly lookups: ReadonlyArray<(typeof LOOKUP_FAULTS)[number] | null>;
  /** A journal call of this intent that fails: the record (nothing may be sent), or the owner's settle. */
  readonly journal: 'record' | 'settle' | null;
  /** The caller aborts this long (virtual ms) after the request starts; `null`: never. */
  readonly abortAtMs: number | null;
  /** Virtual ms the prepare hook takes before each send. */
  readonly prepareMs: number;
  /** Virtual ms the verify hook takes before each lookup. */
  readonly verifyMs: number;
  /** `config.resolute.deadlineMs`. */
  readonly deadlineMs: number;
  /** `config.resolute.maxAttempts`. */
  readonly maxAttempts: number;
}

/** One property run: an executor, a file journal, one simulator per intent. */
export interface Scenario {
  /** Visibility lag of lookups (virtual ms): an applied order answers "not found" this long. */
  readonly lagMs: number;
  /** The executor's `verifyChecks`. */
  readonly verifyChecks: number;
  /** Run the intents all at once (one executor, one journal, one limiter) rather than one after another. */
  readonly concurrent: boolean;
  /** `reconcilePending` in the same process this long (virtual ms) after the start, while intents run; `null`: never. */
  readonly reconcileAtMs: number | null;
  readonly intents: readonly IntentScript[];
}

const sendFault = fc.option(fc.constantFrom(...SEND_FAULTS), { nil: null, freq: 2 }); // nil half the time
const lookupFault = fc.option(fc.constantFrom(...LOOKUP_FAULTS), { nil: null, freq: 2 });

/** `fallback` most of the time (`weight` to 1), `arb` else; shrinks towards `fallback`. */
function mostly<T, U>(fallback: T, weight: number, arb: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  return fc.oneof({ withCrossShrink: true }, { weight, arbitrary: fc.constant(fallback) }, { weight: 1, arbitrary: arb });
}

/** An intent's script; shrinks towards no faults, no abort, no slowness, a long deadline. */
export const intentScript: fc.Arbitrary<IntentScript> = fc.record({
  sends: fc.array(sendFault, { maxLength: 5 }),
  lookups: fc.array(lookupFault, { maxLength: 6 }),
  journal: mostly(null, 8, fc.constantFrom('record' as const, 'settle' as const)),
  abortAtMs: mostly(null, 4, fc.integer({ min: 0, max: 3_000 })),
  prepareMs: mostly(0, 4, fc.integer({ min: 1, max: 2_000 })),
  verifyMs: mostly(0, 4, fc.integer({ min: 1, max: 2_000 })),
  deadlineMs: fc.constantFrom(30_000, 300, 1_500, 5_000),
  maxAttempts: fc.integer({ min: 1, max: 4 }).map((n) => 5 - n), // shrinks towards 4
});

/** A run's scenario. */
export const scenario: fc.Arbitrary<Scenario> = fc.record({
  lagMs: fc.constantFrom(0, 200, 1_000, 5_000),
  verifyChecks: fc.integer({ min: 1, max: 5 }).map((n) => 6 - n), // shrinks towards 5
  concurrent: fc.boolean(),
  reconcileAtMs: mostly(null, 2, fc.integer({ min: 0, max: 2_000 })),
  intents: fc.array(intentScript, { minLength: 1, maxLength: 3 }),
});

/** A script with no fault at all (for hand-written regressions). */
export const CLEAN: IntentScript = Object.freeze({ sends: [], lookups: [], journal: null, abortAtMs: null, prepareMs: 0, verifyMs: 0, deadlineMs: 30_000, maxAttempts: 4 });
