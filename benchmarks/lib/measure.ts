/**
 * Side-by-side timing helpers for `npm run bench`. Medians over batches, never a single run:
 * the machine is shared and noisy.
 */
import { performance } from 'node:perf_hooks';

/** A bar chart a scenario asks for: drawn as SVG into benchmarks/results/ (see lib/svg.ts). */
export interface ChartSpec {
  /** File name inside benchmarks/results/, e.g. `chaos-outcomes.svg`. */
  readonly file: string;
  readonly title: string;
  /** One group of bars per category (usually a contender). */
  readonly categories: readonly string[];
  /** One bar per series in every group; `values[i]` belongs to `categories[i]`. */
  readonly series: ReadonlyArray<{ readonly name: string; readonly values: readonly number[] }>;
  /** The axis label, e.g. `intents (of 2,000)` or `µs per call`. */
  readonly unit: string;
  /** Decimals of the value labels (default 0). */
  readonly digits?: number;
  /** A dashed reference line (e.g. a target), drawn across the plot. */
  readonly reference?: { readonly value: number; readonly label: string };
}

/** One benchmark scenario's result, printed as a table and written to benchmarks/results/. */
export interface BenchResult {
  readonly name: string;
  readonly title: string;
  readonly rows: ReadonlyArray<Record<string, string | number>>;
  readonly notes?: readonly string[];
  /** Charts to draw from this result (SVG files in benchmarks/results/). */
  readonly charts?: readonly ChartSpec[];
  /** Targets this result meets or misses, printed under its table. */
  readonly verdicts?: readonly Verdict[];
}

/** The median of a list of numbers (NaN for an empty list). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx]!;
}

/**
 * Runs every contender in interleaved batches, each batch starting one contender later than the one before
 * (A B C, B C A, C A B, ...), so drift on a shared machine, and the garbage one contender leaves for the next,
 * hit all alike. Returns each contender's per-call time in microseconds, one sample per batch, in batch order.
 */
export async function interleavedSamples(
  contenders: ReadonlyArray<{ name: string; fn: () => Promise<unknown> }>,
  opts: { batches?: number; perBatch?: number; warmup?: number } = {},
): Promise<Map<string, number[]>> {
  const batches = opts.batches ?? 15;
  const perBatch = opts.perBatch ?? 2_000;
  const warmup = opts.warmup ?? 2_000;
  for (const c of contenders) for (let i = 0; i < warmup; i++) await c.fn();
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let b = 0; b < batches; b++) {
    for (let j = 0; j < contenders.length; j++) {
      const c = contenders[(b + j) % contenders.length]!;
      const t0 = performance.now();
      for (let i = 0; i < perBatch; i++) await c.fn();
      samples.get(c.name)!.push(((performance.now() - t0) * 1000) / perBatch);
    }
  }
  return samples;
}

/** {@link interleavedSamples}, reduced to each contender's median per-call time in microseconds. */
export async function interleaved(
  contenders: ReadonlyArray<{ name: string; fn: () => Promise<unknown> }>,
  opts: { batches?: number; perBatch?: number; warmup?: number } = {},
): Promise<Map<string, number>> {
  const samples = await interleavedSamples(contenders, opts);
  return new Map([...samples].map(([k, v]) => [k, median(v)]));
}

/**
 * What `fn` adds to `base`, per call in microseconds: short blocks of each, back to back (base then fn, then fn
 * then base, alternating), the median over pairs of the difference. Neighbouring blocks meet the same machine,
 * so drift and noise between pairs cancel.
 */
export async function pairedAdded(fn: () => Promise<unknown>, base: () => Promise<unknown>, opts: { pairs?: number; perBlock?: number } = {}): Promise<number> {
  const pairs = opts.pairs ?? 41;
  const perBlock = opts.perBlock ?? 250;
  const block = async (f: () => Promise<unknown>): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < perBlock; i++) await f();
    return ((performance.now() - t0) * 1000) / perBlock;
  };
  const diffs: number[] = [];
  for (let p = 0; p < pairs; p++) {
    if (p % 2 === 0) {
      const b = await block(base);
      diffs.push((await block(fn)) - b);
    } else {
      const a = await block(fn);
      diffs.push(a - (await block(base)));
    }
  }
  return median(diffs);
}

/** Formats a number with a fixed count of decimals. */
export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

/** A target a result is judged against (e.g. an issue's "Done when" line), with each check it is made of. */
export interface Verdict {
  /** What is targeted, in one line. */
  readonly target: string;
  readonly pass: boolean;
  readonly checks: ReadonlyArray<{ readonly check: string; readonly pass: boolean }>;
}
