/**
 * `npm start`: the same order workload through resolute and through axios-retry, each against its own
 * fault-injecting exchange simulator on 127.0.0.1, then what the exchange really applied, side by side.
 *
 * `main(argv, io)` returns the exit code (tests call it); run directly, it sets `process.exitCode`.
 * @module
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs, USAGE, type DemoOptions } from './args.js';
import { axiosRetryContender, resoluteContender } from './contenders.js';
import type { Output } from './progress.js';
import { runContender } from './run.js';
import { CONCURRENCY, FAULT_MIX, FAULT_ROUTES, RATE_LIMIT, SLOW_MS, TIMEOUT_MS } from './scenario.js';
import type { ContenderMetrics } from './stats.js';
import { explain, plural, renderTable } from './table.js';
import type { Workload } from './workload.js';

/** Where `main` writes. */
export interface DemoIO {
  readonly stdout: Output;
  readonly stderr: Output;
}

/** The `--json` document. */
export interface DemoReport {
  readonly config: {
    readonly dialect: string;
    readonly seed: number;
    readonly orderIntents: number;
    readonly withdrawals: number;
    readonly reads: number;
    readonly concurrency: number;
    readonly rateLimit: { readonly limit: number; readonly intervalMs: number };
    readonly faults: Readonly<Record<string, number>>;
    readonly faultRoutes: readonly string[];
    readonly slowMs: number;
    readonly timeoutMs: number;
  };
  readonly contenders: { readonly resolute: ContenderMetrics; readonly 'axios-retry': ContenderMetrics };
  /** False when resolute itself duplicated or lost an intent (exit code 1). */
  readonly ok: boolean;
}

const faultShare = (): number => Object.values(FAULT_MIX).reduce((a, b) => a + (b ?? 0), 0);

function title(o: DemoOptions, w: Workload): string {
  return (
    `resolute demo: ${plural(w.orders, 'order intent')}, ${plural(w.reads, 'read')}, ` +
    `${plural(w.withdrawals, '2FA withdrawal')} on a simulated ${o.dialect} exchange\n(seed ${o.seed}, ${Math.round(faultShare() * 100)} % faults on orders and reads, ` +
    `limit ${RATE_LIMIT.limit} requests/s, ${CONCURRENCY} in flight, timeout ${TIMEOUT_MS} ms)\n`
  );
}

function report(o: DemoOptions, w: Workload, resolute: ContenderMetrics, other: ContenderMetrics): DemoReport {
  return {
    config: {
      dialect: o.dialect,
      seed: o.seed,
      orderIntents: w.orders,
      withdrawals: w.withdrawals,
      reads: w.reads,
      concurrency: CONCURRENCY,
      rateLimit: { limit: RATE_LIMIT.limit, intervalMs: RATE_LIMIT.intervalMs },
      faults: { ...FAULT_MIX } as Record<string, number>,
      faultRoutes: [...FAULT_ROUTES],
      slowMs: SLOW_MS,
      timeoutMs: TIMEOUT_MS,
    },
    contenders: { resolute, 'axios-retry': other },
    ok: resolute.duplicates === 0 && resolute.lost === 0,
  };
}

/** Runs the demo with `argv` (flags only). Resolves to the exit code: 0 done, 1 resolute defect, 2 bad flags. */
export async function main(argv: readonly string[], io: DemoIO): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr.write(`resolute demo: ${parsed.message}\n`);
    return 2;
  }
  const o = parsed.options;
  const progress = o.json ? undefined : io.stderr;

  const first = await runContender(resoluteContender, o, progress, (w) => {
    if (!o.json) io.stdout.write(title(o, w));
  });
  const second = await runContender(axiosRetryContender, o, progress);
  const doc = report(o, first.workload, first.metrics, second.metrics);

  if (o.json) {
    io.stdout.write(`${JSON.stringify(doc)}\n`);
  } else {
    io.stdout.write(`\n${renderTable([first.metrics, second.metrics])}\n\n`);
    for (const line of explain(first.metrics, second.metrics, first.workload.withdrawals)) io.stdout.write(`${line}\n`);
  }
  if (!doc.ok) {
    io.stderr.write(
      `resolute demo: DEFECT: resolute reported ${first.metrics.duplicates} duplicate(s) and ${first.metrics.lost} lost intent(s)\n`,
    );
    return 1;
  }
  return 0;
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`resolute demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
