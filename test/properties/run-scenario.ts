/**
 * Runs one {@link Scenario} for real: one executor (virtual clock and sleep, a real file journal), and per intent a
 * real Orderly simulator on 127.0.0.1 whose ledger counts what was applied. Faults are scripted per send (injected
 * as the send leaves, in `onAttempt`) and per verify lookup (injected as the lookup leaves), so a run depends on
 * its scenario, not on a seed. Then, as an application restarting would: time passes, the lookups heal, and
 * `reconcilePending` runs until nothing it can settle is left. What every caller, report and `outcomeOf` said is
 * returned for `violations()` to judge against the ledgers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import {
  createExecutor,
  fileJournal,
  type JournalErrorEvent,
  type OperationOutcome,
  profiles,
  type ReconcileReport,
  type RetainingJournal,
  type VerifyHook,
} from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { virtualTime, type VirtualTime } from '../helpers/time.js';
import { orderBody } from '../simulator/helpers.js';
import type { IntentScript, Scenario } from './scenario.js';

/** How long a `slow` fault holds its answer (real ms): longer than the timeouts below, so it times out. */
export const SLOW_MS = 400;
/** Per-send timeout (real ms; the executor clips it further to the deadline left). */
export const REQUEST_TIMEOUT_MS = 150;
/** Per-lookup timeout (real ms). */
export const LOOKUP_TIMEOUT_MS = 150;

/** How `absent` is decided by the verify hook. `proven`: DESIGN §6; `naive`: "not found" is taken as absent. */
export type AbsentRule = 'proven' | 'naive';

/** One intent as it ran. */
export interface IntentRun {
  readonly id: string;
  readonly script: IntentScript;
  readonly sim: Simulator;
  /** The reason the caller aborted with (when `abortAtMs` is set). */
  readonly abortReason: Error;
  /** Sends that left (onAttempt). */
  sends: number;
  /** Lookups made for it (the final reconcile's included). */
  lookups: number;
  /** How the caller's promise ended. */
  result: { readonly ok: true; readonly status: number } | { readonly ok: false; readonly error: unknown } | undefined;
  /** `outcomeOf` right after the caller got its result (or the error it threw). */
  after: OperationOutcome | Error | undefined;
  /** `outcomeOf` after the final reconcile passes. */
  final: OperationOutcome | Error | undefined;
}

/** A whole run. */
export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly intents: readonly IntentRun[];
  /** Every report of the reconcile passes (the one midway, if any, then the final ones). */
  readonly reports: readonly ReconcileReport[];
  /** onJournalError events. */
  readonly journalErrors: readonly JournalErrorEvent[];
  /** Entries still pending after the final passes (their absence could not be proven). */
  readonly pendingLeft: number;
}

const agent = new http.Agent({ keepAlive: false });
let runs = 0;

/** A file journal whose scripted calls fail: an intent's record, or its owner's (first) settle, nothing written. */
function scriptedJournal(inner: RetainingJournal, failing: ReadonlyMap<string, 'record' | 'settle'>): RetainingJournal {
  const settleFailed = new Set<string>();
  return {
    record: async (e) => {
      if (failing.get(e.operationId) === 'record') throw Object.assign(new Error('no space left on device (scripted)'), { code: 'ENOSPC' });
      return inner.record(e);
    },
    settle: async (id, outcome, details) => {
      if (failing.get(id) === 'settle' && !settleFailed.has(id)) {
        settleFailed.add(id);
        throw Object.assign(new Error('i/o error (scripted)'), { code: 'EIO' });
      }
      return inner.settle(id, outcome, details);
    },
    pending: () => inner.pending(),
    close: () => inner.close(),
    deliver: (id) => inner.deliver(id),
    lookup: (id) => inner.lookup(id),
    undelivered: () => inner.undelivered(),
  };
}

/** True when every send of `st` has reached the exchange and the lookups' lag has passed since the last one. */
function absentProven(st: IntentRun, vt: VirtualTime, lagMs: number): boolean {
  const posts = st.sim.arrivals.filter((a) => a.route === 'placeOrder');
  if (posts.length < st.sends) return false; // a send may still land
  const last = posts.reduce((m, a) => Math.max(m, a.at), Number.NEGATIVE_INFINITY);
  return vt.clock.now() >= last + lagMs;
}

function verifyHook(states: ReadonlyMap<string, IntentRun>, vt: VirtualTime, sc: Scenario, rule: AbsentRule): VerifyHook {
  return async (ctx) => {
    const st = states.get(ctx.operationId);
    if (st === undefined) return { outcome: 'unknown' };
    if (st.script.verifyMs > 0) await vt.sleep(st.script.verifyMs, ctx.signal);
    const fault = st.script.lookups[st.lookups++];
    const proven = rule === 'naive' || absentProven(st, vt, sc.lagMs); // judged before the lookup leaves
    if (fault) st.sim.inject({ route: 'getOrder', fault });
    const res = await axios.request({
      method: 'GET',
      url: st.sim.url + st.sim.routes.getOrder(ctx.operationId),
      signal: ctx.signal,
      timeout: LOOKUP_TIMEOUT_MS,
      httpAgent: agent,
      validateStatus: () => true,
    });
    const body = res.data as { success?: unknown; code?: unknown } | undefined;
    if (res.status === 200 && body?.success === true) return { outcome: 'applied', data: body };
    if (body?.success === false && Number(body.code) === -1006 && proven) return { outcome: 'absent' };
    return { outcome: 'unknown' };
  };
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
}

/**
 * The Orderly profile told that the exchange refuses a used `client_order_id` with 409 −1007: true of the simulator,
 * whose orders stay open, so an id is never freed (the real Orderly frees it when the order fills).
 */
export const DEDUPING_ORDERLY = Object.freeze({ ...profiles.orderly, dedupes: { status: 409, code: -1007 } });

/** Runs `sc`; `rule` picks the verify hook's notion of `absent`, `dedupes` the profile that resends on deduplication. */
export async function runScenario(sc: Scenario, rule: AbsentRule = 'proven', opts: { readonly dedupes?: boolean } = {}): Promise<ScenarioRun> {
  const vt = virtualTime();
  const dir = mkdtempSync(join(tmpdir(), 'resolute-prop-'));
  const failing = new Map<string, 'record' | 'settle'>();
  const inner = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
  const journal = scriptedJournal(inner, failing);
  const states = new Map<string, IntentRun>();
  const journalErrors: JournalErrorEvent[] = [];
  const prefix = `p${++runs}`;
  const ex = createExecutor({
    http: axios.create({ timeout: REQUEST_TIMEOUT_MS, httpAgent: agent }),
    profile: opts.dedupes ? DEDUPING_ORDERLY : profiles.orderly,
    journal,
    verify: verifyHook(states, vt, sc, rule),
    verifyChecks: sc.verifyChecks,
    verifyDelayMs: 50,
    clock: vt.clock,
    sleep: vt.sleep,
    random: () => 0.5,
    prepare: async (config, ctx) => {
      const st = states.get(ctx.operationId);
      if (st === undefined) return config;
      if (st.script.prepareMs > 0) await vt.sleep(st.script.prepareMs, ctx.signal);
      // The send about to leave is number st.sends + 1 (onAttempt counts it right before it leaves).
      if (st.script.sends[st.sends] !== 'refuse') return config;
      const { symbol: _dropped, ...rest } = config.data as Record<string, unknown>;
      return { ...config, data: rest };
    },
    onAttempt: (e) => {
      const st = states.get(e.operationId);
      if (st === undefined) return;
      const fault = st.script.sends[st.sends++];
      if (fault && fault !== 'refuse') st.sim.inject({ route: 'placeOrder', fault });
    },
    onJournalError: (e) => journalErrors.push(e),
  });

  const runIntent = async (st: IntentRun): Promise<void> => {
    const ctl = new AbortController();
    const timer = new AbortController();
    if (st.script.abortAtMs !== null) vt.sleep(st.script.abortAtMs, timer.signal).then(() => ctl.abort(st.abortReason), () => undefined);
    try {
      const res = await ex.request({
        method: 'POST',
        url: `${st.sim.url}/v1/order`,
        data: orderBody('orderly', st.id),
        signal: ctl.signal,
        resolute: { operationId: st.id, deadlineMs: st.script.deadlineMs, maxAttempts: st.script.maxAttempts },
      });
      st.result = { ok: true, status: res.status };
    } catch (error) {
      st.result = { ok: false, error };
    } finally {
      timer.abort();
    }
    st.after = await ex.outcomeOf(st.id).catch((e: Error) => e);
  };

  const all: IntentRun[] = [];
  try {
    for (const [i, script] of sc.intents.entries()) {
      const id = `${prefix}-${i}`;
      const sim = await startSimulator({ dialect: 'orderly', lists: { lagMs: sc.lagMs }, slowMs: SLOW_MS, now: vt.clock.now });
      const st: IntentRun = { id, script, sim, abortReason: new Error(`caller aborted ${id}`), sends: 0, lookups: 0, result: undefined, after: undefined, final: undefined };
      if (script.journal !== null) failing.set(id, script.journal);
      states.set(id, st);
      all.push(st);
    }
    const reports: ReconcileReport[] = [];
    const intents = sc.concurrent
      ? Promise.all(all.map(runIntent))
      : (async () => {
          for (const st of all) await runIntent(st);
        })();
    // A reconcile in this very process while it is sending (it must leave the live operations alone).
    const midway = sc.reconcileAtMs === null ? undefined : vt.sleep(sc.reconcileAtMs).then(() => ex.reconcilePending({ settleMs: 1_000 }));
    await vt.drive(Promise.all([intents, midway?.then((r) => void reports.push(...r))]));

    // Every send that left reaches its exchange (bounded: one aborted before its bytes left never will).
    await until(() => all.every((st) => st.sim.arrivals.filter((a) => a.route === 'placeOrder').length >= st.sends), 2_000);
    vt.advance(10 * 60_000); // past every deadline, settleMs and lag
    // Fairness (as in the model): the lookups heal once their scripted faults are used up, so verify answers.
    const passes = Math.max(...sc.intents.map((i) => i.lookups.length)) + 2;
    for (let pass = 0; pass < passes; pass++) {
      reports.push(...(await vt.drive(ex.reconcilePending({ settleMs: 1_000 }))));
      if ((await inner.pending()).length === 0) break;
    }
    for (const st of all) st.final = await ex.outcomeOf(st.id).catch((e: Error) => e);
    const pendingLeft = (await inner.pending()).length;
    return { scenario: sc, intents: all, reports, journalErrors, pendingLeft };
  } finally {
    await Promise.allSettled(all.map((st) => st.sim.close()));
    await journal.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
