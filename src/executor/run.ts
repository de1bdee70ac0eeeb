/**
 * The attempt loop of one logical request. The first send goes out directly (the success path costs
 * next to nothing); once it has failed, p-retry drives the attempts, and `plan` decides each step.
 * @module
 */
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import pRetry, { AbortError } from 'p-retry';
import { type Plan, plan } from './plan.js';
import { type Outcome, send } from './send.js';
import { eventBase, limitKey, newRun, remember, type Run, summary } from './state.js';
import { ensureOperationId, giveUp } from './terminal.js';
import { assignOperationId } from './operation.js';
import type { Settings } from './validate.js';
import { validateRequestOptions } from './validate.js';

/** Carries a failed outcome through p-retry. */
class AttemptFailed extends Error {
  override readonly name = 'AttemptFailed';
  constructor(readonly outcome: Extract<Outcome, { ok: false }>) {
    super('attempt failed');
  }
}

async function succeed(run: Run, response: AxiosResponse, reconciled: boolean): Promise<AxiosResponse> {
  if (!reconciled) {
    run.inDoubt = false;
    if (run.history.length > 0) remember(run, { action: 'success', status: response.status });
    if (run.journaled && run.operationId) await run.s.journal?.settle(run.operationId, 'succeeded');
  }
  const limits = run.s.limits;
  if (limits?.main.onSuccess) limits.main.onSuccess(limitKey(run));
  if (run.s.events.onSuccess) run.s.events.onSuccess(Object.freeze({ ...eventBase(run), status: response.status, reconciled }));
  return response;
}

/** Records an unsafe request's intent before its first send. */
async function journalIntent(run: Run): Promise<void> {
  const j = run.s.journal;
  if (!j || run.safe) return;
  const operationId = ensureOperationId(run);
  await j.record({ operationId, request: summary(run.config, run.method), createdAt: run.startedAt, meta: { profile: run.s.profile.name } });
  run.journaled = true;
}

async function sendWithPlan(run: Run, step: Plan & { next: 'send' }): Promise<Outcome> {
  if (step.delayMs > 0) await run.s.sleep(step.delayMs, run.signal);
  return send(run);
}

/** Runs one logical request to its end: a response, or a typed error. */
export async function runRequest(s: Settings, http: AxiosInstance, config: AxiosRequestConfig): Promise<AxiosResponse> {
  if (config.resolute !== undefined) validateRequestOptions(config.resolute);
  const run = newRun(s, http, config);
  if (!run.safe && (s.profile.operationIdField || s.journal || config.resolute?.operationId)) {
    const assigned = assignOperationId(config, s.profile, config.resolute?.operationId, run.startedAt);
    run.operationId = assigned.operationId;
    run.config = assigned.config;
  } else if (config.resolute?.operationId) {
    run.operationId = config.resolute.operationId;
  }
  await journalIntent(run);
  const first = await send(run);
  if (first.ok) return succeed(run, first.response, false);

  let step = await plan(run, first);
  let surfaced: { error: unknown } | undefined;
  try {
    return await pRetry(
      async () => {
        if (step.next === 'return') return succeed(run, step.response, true);
        if (!step.consumesAttempt) run.freeSends++;
        let outcome: Outcome;
        try {
          outcome = await sendWithPlan(run, step);
        } catch (error) {
          // An abort during a wait, a user hook or an interceptor: surface it as it is.
          surfaced = { error };
          throw new AbortError('surfaced');
        }
        if (outcome.ok) return succeed(run, outcome.response, false);
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
