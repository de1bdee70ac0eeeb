/**
 * Backoff delays. Pure: randomness is a parameter.
 * @module
 */

/** How delays between retries grow. */
export interface BackoffOptions {
  /** The first delay's scale. @default 250 */
  readonly baseDelayMs: number;
  /** No delay is longer. @default 15_000 */
  readonly maxDelayMs: number;
  /** `full`: uniform in [0, base·2ⁿ⁻¹]; `decorrelated`: uniform in [base, 3·previous]; `none`: base·2ⁿ⁻¹. @default 'full' */
  readonly jitter: 'full' | 'decorrelated' | 'none';
}

/**
 * The delay before retry number `n` (1 for the first retry). `previousMs` is the last delay (for decorrelated
 * jitter); `random` returns a number in [0, 1).
 */
export function backoffDelay(n: number, previousMs: number, opts: BackoffOptions, random: () => number): number {
  const exp = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, n - 1));
  switch (opts.jitter) {
    case 'none':
      return exp;
    case 'decorrelated': {
      const hi = Math.max(opts.baseDelayMs, previousMs * 3);
      return Math.min(opts.maxDelayMs, opts.baseDelayMs + random() * (hi - opts.baseDelayMs));
    }
    default:
      return random() * exp;
  }
}
