/**
 * Runs the workload through one contender against its own fresh simulator, then measures it. Always closes the
 * contender's sockets and the simulator, whatever happens.
 * @module
 */
import type { IntentOutcome } from '../src/testing/index.js';
import type { DemoOptions } from './args.js';
import type { ContenderFactory } from './contenders.js';
import { startProgress, type Output } from './progress.js';
import { CONCURRENCY, startScenario } from './scenario.js';
import { measure, type ContenderMetrics } from './stats.js';
import { buildWorkload, type Workload } from './workload.js';

/** One contender's run: its metrics and the workload it ran. */
export interface ContenderRun {
  readonly metrics: ContenderMetrics;
  readonly workload: Workload;
}

/** Runs `factory`'s contender; `progress` undefined: silent. `onStart` sees the workload before the first task. */
export async function runContender(
  factory: ContenderFactory,
  opts: DemoOptions,
  progress: Output | undefined,
  onStart?: (workload: Workload) => void,
): Promise<ContenderRun> {
  const sim = await startScenario(opts.dialect, opts.seed);
  let close: (() => void) | undefined;
  try {
    const workload = buildWorkload(opts.dialect, sim.routes, opts.intents);
    const contender = factory(sim);
    close = () => contender.close();
    onStart?.(workload);
    const bar = startProgress(progress, contender.name, workload.tasks.length);
    const outcomes = new Map<string, IntentOutcome>();
    let readsOk = 0;
    let next = 0;
    const t0 = performance.now();
    const worker = async (): Promise<void> => {
      for (let task = workload.tasks[next++]; task !== undefined; task = workload.tasks[next++]) {
        const outcome = await contender.perform(task);
        if (task.kind === 'read') readsOk += outcome === 'succeeded' ? 1 : 0;
        else outcomes.set(task.id, outcome);
        bar.tick(outcome);
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      bar.done();
    }
    const wallMs = Math.round(performance.now() - t0);
    const metrics = measure(contender.name, sim, workload.tasks, { outcomes, readsOk, counters: contender.counters, wallMs });
    return { metrics, workload };
  } finally {
    close?.();
    await sim.close();
  }
}
