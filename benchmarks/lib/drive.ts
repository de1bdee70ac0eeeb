/**
 * Drives order intents through one contender, a fixed number in flight, and times each from its start until the
 * caller knew its outcome (a response, a rejection the library classified, or an in-doubt error).
 */
import { performance } from 'node:perf_hooks';

/** The caller's final word on one intent (the simulator's `IntentOutcome`). */
export type Outcome = 'succeeded' | 'failed' | 'indeterminate';

/** One intent as the caller saw it. */
export interface IntentRecord {
  readonly id: string;
  readonly outcome: Outcome;
  /** From the intent's start until its promise settled. */
  readonly ms: number;
}

/** A whole run: every intent, and when the run started and ended (`Date.now()`, for the server's windows). */
export interface DriveResult {
  readonly intents: readonly IntentRecord[];
  readonly startedAt: number;
  readonly endedAt: number;
  readonly wallMs: number;
}

/**
 * Runs `count` intents (ids `${prefix}-0`…) through `send`, `concurrency` at a time; a rejection becomes
 * `judge(error)`.
 */
export async function drive(
  count: number,
  concurrency: number,
  prefix: string,
  send: (id: string) => Promise<unknown>,
  judge: (error: unknown) => Outcome,
): Promise<DriveResult> {
  const intents: IntentRecord[] = [];
  let next = 0;
  const startedAt = Date.now();
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const id = `${prefix}-${i}`;
      const start = performance.now();
      let outcome: Outcome;
      try {
        await send(id);
        outcome = 'succeeded';
      } catch (e) {
        outcome = judge(e);
      }
      intents.push({ id, outcome, ms: performance.now() - start });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { intents, startedAt, endedAt: Date.now(), wallMs: performance.now() - t0 };
}

/** The outcomes by intent id, for a ledger audit. */
export function outcomes(run: DriveResult): Map<string, Outcome> {
  return new Map(run.intents.map((i) => [i.id, i.outcome]));
}
