/**
 * The crash-point soak (issue 11, deliverable 6). Per journal (a `fileJournal`, a `redisJournal` on a real
 * redis-server with appendonly), run after run: fork a worker (`worker.ts`) that reports what the previous
 * processes left and places orders against the simulator running HERE (so its ledger survives every kill), SIGKILL
 * it at a random moment (while it starts, while it reconciles, while it sends; with Redis, a second process
 * reconciling beside it is killed too), and start the next. At the end a last process reconciles what is left.
 * Every line the processes printed is judged against the ledger (`verdict.ts`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type FaultName } from '../../src/testing/index.js';
import { mulberry32 } from '../../src/testing/prng.js';
import { startRedis, stopRedis, type RedisServer } from '../../test/helpers/redis-server.js';
import { type Line, parse } from './lines.js';
import { judge, Knowledge, type Verdict } from './verdict.js';
import type { WorkerConfig } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The command that starts a worker: the worker bundled once with esbuild (tsup's own, so no new dependency) into
 * node_modules/.cache, where its packages resolve: it is ready in ~0.5 s instead of ~2 s through tsx, so a run
 * spends its time sending and being killed. Falls back to tsx when esbuild cannot be loaded.
 */
async function workerCommand(): Promise<{ args: string[]; cleanup: () => void }> {
  try {
    const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup/package.json'))('esbuild') as { build(options: Record<string, unknown>): Promise<unknown> };
    const dir = join(ROOT, 'node_modules', '.cache', 'resolute-soak');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `worker-${process.pid}.mjs`);
    await esbuild.build({ entryPoints: [WORKER], bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', outfile, logLevel: 'warning' });
    return { args: [outfile], cleanup: () => rmSync(outfile, { force: true }) };
  } catch {
    return { args: ['--import', 'tsx', WORKER], cleanup: () => undefined };
  }
}

/** Faults on orders and on lookups: about a third of the requests meet one, most of them leaving an order in doubt. */
export const SOAK_FAULTS: Partial<Record<FaultName, number>> = {
  '504-after': 0.08,
  'reset-after': 0.05,
  'timeout-after': 0.03,
  slow: 0.04,
  '504-before': 0.04,
  'reset-before': 0.04,
  '500': 0.02,
  '503': 0.03,
};

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** Runs (each one a SIGKILLed worker) per journal. */
  readonly runs: number;
  readonly journals: ReadonlyArray<'file' | 'redis'>;
  /** Concurrent callers in each worker. @default 4 */
  readonly callers?: number;
  /** Each order's deadline (ms). @default 2_000 */
  readonly deadlineMs?: number;
  /** reconcilePending's settleMs. @default 1_000 */
  readonly settleMs?: number;
  /** Kills land up to this long (ms) after the worker is ready. @default 1_500 */
  readonly killWithinMs?: number;
  /** @default 1 */
  readonly seed?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** The result for one journal. */
export interface JournalSoak {
  readonly journal: 'file' | 'redis';
  readonly runs: number;
  /** SIGKILLs of workers, by what they were doing: starting (before the journal was open), reconciling, sending. */
  readonly kills: { startup: number; reconcile: number; sending: number };
  /** SIGKILLs of the second process reconciling beside the worker (Redis). */
  readonly reconcilerKills: number;
  /** Workers that exited on their own before the kill (unexpected). */
  readonly unkilled: number;
  /** Journals refused at open (must be 0: a dead process's lock is taken over). */
  readonly refused: number;
  readonly refusals: readonly string[];
  readonly verdict: Verdict;
  /** Entries the final process still could not settle. */
  readonly pendingLeft: number;
  readonly wallMs: number;
}

interface Child {
  readonly lines: Line[];
  readonly closed: Promise<number | null>;
  kill(): void;
  /** Resolves when a line of `kind` arrives (or the process closes). */
  seen(kind: Line['kind']): Promise<boolean>;
  stderr(): string;
}

function fork(command: readonly string[], cfg: WorkerConfig, k: Knowledge): Child {
  const child = spawn(process.execPath, command, {
    cwd: ROOT,
    env: { ...process.env, SOAK_WORKER: JSON.stringify(cfg) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  const waiters: Array<{ kind: Line['kind']; resolve: (v: boolean) => void }> = [];
  let rest = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop() ?? '';
    for (const text of parts) {
      const l = parse(text);
      if (l === undefined) continue;
      lines.push(l);
      k.hear(l);
      for (const w of waiters.filter((x) => x.kind === l.kind)) w.resolve(true);
    }
  });
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4_000)));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  void closed.then(() => waiters.forEach((w) => w.resolve(false)));
  return {
    lines,
    closed,
    kill: () => void child.kill('SIGKILL'),
    seen: (kind) => (lines.some((l) => l.kind === kind) ? Promise.resolve(true) : new Promise((resolve) => waiters.push({ kind, resolve }))),
    stderr: () => err,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Kills `c` at a random moment: 15 % of the time while it starts, else within `withinMs` after it is ready. */
async function killAtRandom(c: Child, rnd: () => number, withinMs: number): Promise<'startup' | 'reconcile' | 'sending' | 'exited'> {
  if (rnd() < 0.15) await sleep(Math.floor(rnd() * 600));
  else if (await c.seen('ready')) await sleep(Math.floor(rnd() * withinMs));
  const has = (kind: Line['kind']): boolean => c.lines.some((l) => l.kind === kind);
  const phase = !has('ready') ? 'startup' : !has('reconciled') ? 'reconcile' : 'sending';
  const code = await Promise.race([c.closed.then(() => 'exited' as const), Promise.resolve('alive' as const)]);
  if (code === 'exited') return 'exited';
  c.kill();
  await c.closed;
  return phase;
}

async function soakOne(kind: 'file' | 'redis', o: SoakOptions, command: readonly string[]): Promise<JournalSoak> {
  const started = Date.now();
  const seed = o.seed ?? 1;
  const rnd = mulberry32(seed * 7919 + (kind === 'file' ? 1 : 2));
  const dir = mkdtempSync(join(tmpdir(), `resolute-soak-${kind}-`));
  const sim = await startSimulator({ dialect: 'orderly', faults: SOAK_FAULTS, faultRoutes: ['placeOrder', 'getOrder'], slowMs: 1_500, seed });
  let redis: RedisServer | undefined;
  const k = new Knowledge();
  const kills = { startup: 0, reconcile: 0, sending: 0 };
  let reconcilerKills = 0;
  let unkilled = 0;
  try {
    if (kind === 'redis') redis = await startRedis({ args: ['--appendonly', 'yes'] });
    const journal: WorkerConfig['journal'] = redis ? { kind: 'redis', url: redis.url, key: '{resolute:soak}' } : { kind: 'file', path: join(dir, 'orders.journal') };
    const openIdsFile = join(dir, 'open-ids.json');
    const base = { url: sim.url, journal, callers: o.callers ?? 4, deadlineMs: o.deadlineMs ?? 2_000, settleMs: o.settleMs ?? 1_000, openIdsFile };
    const within = o.killWithinMs ?? 1_500;
    for (let run = 0; run < o.runs; run++) {
      writeFileSync(openIdsFile, JSON.stringify(k.open()));
      const worker = fork(command, { ...base, mode: 'worker', tag: `${kind[0]}${run}` }, k);
      const beside = kind === 'redis' && rnd() < 0.5 ? fork(command, { ...base, mode: 'reconciler', tag: `${kind[0]}${run}r` }, k) : undefined;
      const [phase, other] = await Promise.all([killAtRandom(worker, rnd, within), beside ? killAtRandom(beside, rnd, within) : undefined]);
      if (phase === 'exited') {
        unkilled++;
        if (!worker.lines.some((l) => l.kind === 'refused')) o.log?.(`run ${run}: the worker exited on its own: ${worker.stderr().slice(-800)}`);
      } else kills[phase]++;
      if (other !== undefined && other !== 'exited') reconcilerKills++;
      if ((run + 1) % 25 === 0) o.log?.(`${kind}: ${run + 1}/${o.runs} runs, ${k.intents.size} intents, ${sim.ledger.effects.length} effects`);
    }
    // The storm is over: no more faults; every deadline plus settleMs passes; one last process reconciles.
    sim.setFaults({});
    await sleep(base.deadlineMs + base.settleMs + 500);
    writeFileSync(openIdsFile, JSON.stringify(k.open()));
    const last = fork(command, { ...base, mode: 'final', tag: 'final' }, k);
    const code = await Promise.race([last.closed, sleep(120_000).then(() => 'timeout' as const)]);
    if (code !== 0) throw new Error(`the final reconcile process ended with ${String(code)}: ${last.stderr()}`);
    const done = last.lines.find((l): l is Extract<Line, { kind: 'done' }> => l.kind === 'done');
    return {
      journal: kind,
      runs: o.runs,
      kills,
      reconcilerKills,
      unkilled,
      refused: k.refused,
      refusals: k.refusals,
      verdict: judge(k, (id) => sim.ledger.count(id), sim.ledger.effects.map((e) => e.intent)),
      pendingLeft: done?.pending ?? -1,
      wallMs: Date.now() - started,
    };
  } finally {
    await sim.close();
    await stopRedis(redis);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the soak for each journal in turn. */
export async function runSoak(o: SoakOptions): Promise<JournalSoak[]> {
  const out: JournalSoak[] = [];
  const command = await workerCommand();
  try {
    for (const kind of o.journals) out.push(await soakOne(kind, o, command.args));
  } finally {
    command.cleanup();
  }
  return out;
}
