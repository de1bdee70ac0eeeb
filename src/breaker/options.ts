/**
 * The circuit's thresholds: options with their defaults beside them, and their validation.
 * @module
 */

/**
 * When a circuit opens and how it probes. The window is the last `windowCalls` calls, of which none is older
 * than `windowMs` (a count window that forgets with time): at 200 requests/s it spans half a second, at one
 * request per second ten seconds.
 *
 * @example
 * ```ts
 * createExecutor({ breaker: { failureRatio: 0.5, minimumCalls: 20, windowCalls: 100, windowMs: 10_000, minimumSpanMs: 250, openMs: 5_000, halfOpenProbes: 1 } });
 * ```
 */
export interface BreakerOptions {
  /** Share of failed calls in the window that opens the circuit, in (0, 1]. @default 0.5 */
  readonly failureRatio?: number;
  /** Fewest calls in the window before it may open (2 failures out of 2 do not). @default 20 */
  readonly minimumCalls?: number;
  /** Most calls the window holds (the last ones), ≥ `minimumCalls`. @default 100 */
  readonly windowCalls?: number;
  /** Oldest call the window holds, in ms. @default 10_000 */
  readonly windowMs?: number;
  /**
   * How long failures must keep coming (from the window's oldest failure to the newest) before the circuit may
   * open, in ms: a burst that lands in one instant (every request in flight timing out together while this
   * process stalled) is one event, not an outage. @default 250
   */
  readonly minimumSpanMs?: number;
  /** How long the circuit stays open before a probe may go, in ms (also how long a probe round may take). @default 5_000 */
  readonly openMs?: number;
  /** Probes let through when half-open; all must succeed to close it, one failure opens it again. @default 1 */
  readonly halfOpenProbes?: number;
}

/** Validated thresholds. */
export interface BreakerSettings {
  readonly failureRatio: number;
  readonly minimumCalls: number;
  readonly windowCalls: number;
  readonly windowMs: number;
  readonly minimumSpanMs: number;
  readonly openMs: number;
  readonly halfOpenProbes: number;
}

/** The defaults of `BreakerOptions`. */
export const BREAKER_DEFAULTS: BreakerSettings = Object.freeze({
  failureRatio: 0.5,
  minimumCalls: 20,
  windowCalls: 100,
  windowMs: 10_000,
  minimumSpanMs: 250,
  openMs: 5_000,
  halfOpenProbes: 1,
});

/** Throws the TypeError for one bad option (the caller names the owner and the option's path). */
export type Invalid = (option: string, rule: string, value: unknown) => never;

const KNOWN = Object.keys(BREAKER_DEFAULTS);

function whole(fail: Invalid, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(name, `a whole number ≥ ${min}`, v);
  return v;
}

function span(fail: Invalid, v: unknown, windowMs: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail('minimumSpanMs', 'a finite number ≥ 0', v);
  if (v >= windowMs) fail('minimumSpanMs', `< windowMs (${windowMs}), or the circuit could never open`, v);
  return v;
}

function positive(fail: Invalid, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(name, 'a finite number > 0', v);
  return v;
}

/**
 * Validates the thresholds and fills in defaults. `extra` names further options the caller accepts (e.g.
 * `redisBreaker`'s `client`); any other key is refused, so a misspelt option never goes unnoticed.
 */
export function resolveBreakerOptions(o: BreakerOptions, fail: Invalid, extra: readonly string[] = []): BreakerSettings {
  for (const k of Object.keys(o)) {
    if (!KNOWN.includes(k) && !extra.includes(k)) fail(k, `left out: it is not an option (known: ${[...KNOWN, ...extra].join(', ')})`, (o as Record<string, unknown>)[k]);
  }
  const d = BREAKER_DEFAULTS;
  const failureRatio = o.failureRatio ?? d.failureRatio;
  if (typeof failureRatio !== 'number' || !(failureRatio > 0 && failureRatio <= 1)) fail('failureRatio', 'a number in (0, 1]', failureRatio);
  const minimumCalls = whole(fail, 'minimumCalls', o.minimumCalls ?? d.minimumCalls, 1);
  const windowCalls = whole(fail, 'windowCalls', o.windowCalls ?? Math.max(d.windowCalls, minimumCalls), 1);
  if (windowCalls < minimumCalls) fail('windowCalls', `≥ minimumCalls (${minimumCalls}), or the circuit could never open`, windowCalls);
  return {
    failureRatio,
    minimumCalls,
    windowCalls,
    windowMs: positive(fail, 'windowMs', o.windowMs ?? d.windowMs),
    minimumSpanMs: span(fail, o.minimumSpanMs ?? d.minimumSpanMs, o.windowMs ?? d.windowMs),
    openMs: positive(fail, 'openMs', o.openMs ?? d.openMs),
    halfOpenProbes: whole(fail, 'halfOpenProbes', o.halfOpenProbes ?? d.halfOpenProbes, 1),
  };
}
