/**
 * The attempt loop of one logical request. The first send goes out directly (the success path costs
 * next to nothing); once it has failed, p-retry drives the attempts, and `plan` decides each step.
 * @module
 */
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import pRetry, { AbortError } from 'p-retry';
import { waitToRetry } from './breaker.js';
import { concludeJournal, type RunResult } from './conclude.js';
import { journalCall } from './journal-call.js';
import { type Plan, plan } from './plan.js';
import { type Outcome, send } from './send.js';
import { eventBase, limitKey, newRun, remember, type Run, summary } from './state.js';
import { ensureOperationId, giveUp } from './terminal.js';
import { assignOperationId } from './operation.js';
import { enterLive } from './live.js';
import type { Settings } from './validate.js';
import { validateRequestOptions } from './validate.js';
import type { RequestObserver } from '../telemetry/types.js';

/** Carries a failed outcome through p-retry. */
class AttemptFailed extends Error {
  override readonly name = 'AttemptFailed';
  constructor(readonly outcome: Extract<Outcome, { ok: false }>) {
    super('attempt failed');
  }
}

function succeed(run: Run, response: AxiosResponse, reconciled: boolean): AxiosResponse {
  run.obs?.success(run, response.status, reconciled);
  run.inDoubt = false;
  run.earlierInDoubt = false;
  if (!reconciled && run.history.length > 0) remember(run, { action: 'success', status: response.status });
  if (run.journaled) run.conclusion = { outcome: reconciled ? 'applied' : 'succeeded', response };
  const limits = run.s.limits;
  if (limits?.main.onSuccess) limits.main.onSuccess(limitKey(run));
  if (run.s.events.onSuccess) run.s.events.onSuccess(Object.freeze({ ...eventBase(run), status: response.status, reconciled }));
  return response;
}

/** Records an unsafe request's intent before its first send; throws a JournalError (nothing sent) when it cannot. */
async function journalIntent(run: Run): Promise<void> {
  const j = run.s.journal;
  if (!j || run.safe) return;
  const operationId = ensureOperationId(run);
  const request = summary(run.config, run.method);
  const entry = { operationId, request, createdAt: run.startedAt, deadlineAt: run.deadlineAt, meta: { profile: run.s.profile.name } };
  const r = await journalCall({ s: run.s, operationId, request, signal: run.signal }, 'record', () => j.record(entry));
  if (!r.ok) throw 'aborted' in r ? r.aborted : r.error;
  run.journaled = true;
}

async function sendWithPlan(run: Run, step: Plan & { next: 'send' }): Promise<Outcome> {
  if (step.delayMs > 0) await waitToRetry(run, step.delayMs);
  return send(run);
}

/**
 * Runs one logical request to its end: a response, or a typed error. With a journal, an unsafe request's intent is
 * recorded first and its outcome settled before it is returned (see `conclude.ts`). Not an async function: the
 * success path hands back the attempt loop's own promise (a bad option still rejects, never throws).
 */
export function runRequest(s: Settings, http: AxiosInstance, config: AxiosRequestConfig, obs?: RequestObserver): Promise<AxiosResponse> {
  let run: Run;
  try {
    run = begin(s, http, config, obs);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!s.journal || run.safe) return attempts(run);
  return live(s, run);
}

/** Checks the request's options and starts its run, with its operation id (on the wire where the profile says). */
function begin(s: Settings, http: AxiosInstance, config: AxiosRequestConfig, obs: RequestObserver | undefined): Run {
  if (config.resolute !== undefined) validateRequestOptions(config.resolute);
  const run = newRun(s, http, config);
  if (obs) obs.begin(run);
  if (!run.safe && (s.profile.operationIdField || s.journal || config.resolute?.operationId)) {
    const assigned = assignOperationId(config, s.profile, config.resolute?.operationId, run.startedAt);
    run.operationId = assigned.operationId;
    run.config = assigned.config;
    run.dedupes = assigned.onWire && s.profile.dedupes !== undefined;
  } else if (config.resolute?.operationId) {
    run.operationId = config.resolute.operationId;
  }
  return run;
}

/** Running in this executor until its outcome is settled (or left in doubt): reconcilePending leaves it alone. */
async function live(s: Settings, run: Run): Promise<AxiosResponse> {
  const leave = enterLive(s, ensureOperationId(run));
  try {
    return await journaled(run);
  } finally {
    leave();
  }
}

/** An unsafe request with a journal: record the intent, run the attempts, settle the outcome before returning it. */
async function journaled(run: Run): Promise<AxiosResponse> {
  await journalIntent(run);
  let result: RunResult;
  try {
    result = { ok: true, value: await attempts(run) };
  } catch (error) {
    result = { ok: false, error };
  }
  await concludeJournal(run, result);
  if (result.ok) return result.value;
  throw result.error;
}

/** The attempt loop. */
async function attempts(run: Run): Promise<AxiosResponse> {
  const first = await send(run);
  if (first.ok) return succeed(run, first.response, false);

  let step = await plan(run, first);
  let surfaced: { error: unknown } | undefined;
  try {
    return await pRetry(
      async () => {
        // An error thrown here that is not AttemptFailed (an abort during a wait, a user hook such as onSuccess, an
        // interceptor) is surfaced as it is: p-retry must never take it for a failed send and send again.
        const surface = (error: unknown): never => {
          surfaced = { error };
          throw new AbortError('surfaced');
        };
        const done = (response: AxiosResponse, reconciled: boolean): AxiosResponse => {
          try {
            return succeed(run, response, reconciled);
          } catch (error) {
            return surface(error);
          }
        };
        if (step.next === 'return') return done(step.response, true);
        if (!step.consumesAttempt) run.freeSends++;
        let outcome: Outcome;
        try {
          outcome = await sendWithPlan(run, step);
        } catch (error) {
          return surface(error);
        }
        if (outcome.ok) return done(outcome.response, false);
        throw new AttemptFailed(outcome);
      },
      {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: 0,
        maxTimeout: 0,
        factor: 1,
        onFailedAttempt: async ({ error }) => {
          if (error instanceof AttemptFailed) step = await plan(run, error.outcome);
        },
        shouldConsumeRetry: () => step.next === 'return' || step.consumesAttempt,
      },
    );
  } catch (error) {
    if (!surfaced) throw error;
    if (run.signal?.aborted && surfaced.error === run.signal.reason) await giveUp(run, surfaced.error);
    throw surfaced.error;
  }
}
