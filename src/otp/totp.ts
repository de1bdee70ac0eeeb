/**
 * A TOTP (RFC 6238) one-time-password provider that never hands out the same code twice.
 * @module
 */
import { Secret, TOTP } from 'otpauth';
import { sleep as defaultSleep, systemClock, type Clock, type Sleep } from '../time.js';
import { showValue } from '../show.js';

/** The HMAC algorithms {@link totp} accepts. */
export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** Options of {@link totp}. */
export interface TotpOptions {
  /** The shared secret, base32 (RFC 4648; case and spaces ignored, padding optional). Never echoed in errors. */
  readonly secret: string;
  /**
   * Code length, 6 to 10.
   * @default 6
   */
  readonly digits?: number | undefined;
  /**
   * Time-step length in seconds (a positive integer).
   * @default 30
   */
  readonly period?: number | undefined;
  /**
   * The HMAC algorithm (case-insensitive).
   * @default 'SHA1'
   */
  readonly algorithm?: TotpAlgorithm | undefined;
  /**
   * An integer shift of the time-step counter, for a known clock offset from the verifying server:
   * `+1` uses the code of the next step (our clock is about one period behind), `-1` the previous one
   * (ours is ahead). The wait before a fresh code follows the shifted steps.
   * @default 0
   */
  readonly skewSteps?: number | undefined;
  /**
   * The time source.
   * @default systemClock
   */
  readonly clock?: Clock | undefined;
  /**
   * The abortable sleep used to wait for the next period.
   * @default sleep (from `time.ts`, on setTimeout)
   */
  readonly sleep?: Sleep | undefined;
}

/**
 * Returns a fresh one-time code; rejects with `ctx.signal.reason` when the signal aborts while it waits.
 * Compatible with the executor's OTP provider type.
 */
export type TotpProvider = (ctx?: { readonly signal?: AbortSignal | undefined }) => Promise<string>;

const ALGORITHMS: ReadonlySet<string> = new Set<TotpAlgorithm>(['SHA1', 'SHA256', 'SHA512']);

/** Parses the secret without ever putting it (or a piece of it) in an error message. */
function parseSecret(secret: unknown): Secret {
  if (typeof secret !== 'string') {
    throw new TypeError(`totp: option \`secret\` must be a base32 string, got ${secret === null ? 'null' : typeof secret}`);
  }
  let parsed: Secret | undefined;
  try {
    parsed = Secret.fromBase32(secret);
  } catch {
    parsed = undefined; // otpauth's message quotes the offending character: do not pass it on
  }
  if (parsed === undefined || parsed.bytes.length === 0) {
    throw new TypeError(`totp: option \`secret\` is not valid base32 (length ${secret.length})`);
  }
  return parsed;
}

/** Waits for `turn` (which never rejects) unless `signal` aborts first. */
function waitTurn(turn: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return turn;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void turn.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/**
 * A TOTP provider (RFC 6238, on otpauth's `TOTP`) that never hands out the same code twice: it remembers the
 * last time step it used and, when asked again within that step, waits (abortably) for the next period to
 * begin and returns that code. Concurrent calls are served one at a time, in call order, so each gets a
 * distinct code; a caller whose signal aborts rejects at once with `signal.reason` and does not hold up the
 * callers behind it.
 *
 * Codes are unique per provider: two providers (or processes) with the same secret do not coordinate.
 * If the clock steps backwards, the provider waits until a step after the last one used.
 *
 * @throws TypeError when an option is invalid: `secret` not base32 or empty (the message gives only its length,
 *   never its value), `digits` outside 6–10, `period` not a positive integer, `algorithm` not SHA1/SHA256/SHA512,
 *   `skewSteps` not an integer, `clock`/`sleep` of the wrong shape.
 *
 * @example
 * ```ts
 * const otp = totp({ secret: process.env.EXCHANGE_TOTP_SECRET! });
 * const code = await otp({ signal: AbortSignal.timeout(40_000) }); // '287082'
 * ```
 */
export function totp(opts: TotpOptions): TotpProvider {
  if (typeof opts !== 'object' || opts === null) {
    throw new TypeError(`totp: options must be an object, got ${opts === null ? 'null' : typeof opts}`);
  }
  const secret = parseSecret(opts.secret);
  const digits = opts.digits ?? 6;
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) {
    throw new TypeError(`totp: option \`digits\` must be an integer from 6 to 10, got ${showValue(digits)}`);
  }
  const period = opts.period ?? 30;
  if (!Number.isSafeInteger(period) || period <= 0) {
    throw new TypeError(`totp: option \`period\` must be a positive integer (seconds), got ${showValue(period)}`);
  }
  const rawAlgorithm: unknown = opts.algorithm ?? 'SHA1';
  const algorithm = typeof rawAlgorithm === 'string' ? rawAlgorithm.toUpperCase() : '';
  if (!ALGORITHMS.has(algorithm)) {
    throw new TypeError(`totp: option \`algorithm\` must be SHA1, SHA256 or SHA512, got ${showValue(rawAlgorithm)}`);
  }
  const skewSteps = opts.skewSteps ?? 0;
  if (!Number.isSafeInteger(skewSteps)) {
    throw new TypeError(`totp: option \`skewSteps\` must be an integer, got ${showValue(skewSteps)}`);
  }
  const clock = opts.clock ?? systemClock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
    throw new TypeError(`totp: option \`clock\` must be an object with a now() method, got ${showValue(clock)}`);
  }
  const sleep = opts.sleep ?? defaultSleep;
  if (typeof sleep !== 'function') {
    throw new TypeError(`totp: option \`sleep\` must be a function, got ${showValue(sleep)}`);
  }

  const generator = new TOTP({ secret, digits, period, algorithm });
  const periodMs = period * 1_000;
  let lastStep = Number.NEGATIVE_INFINITY;
  /** Resolves when every caller so far has finished (or aborted): the queue's tail. Never rejects. */
  let tail: Promise<void> = Promise.resolve();

  const next = async (signal: AbortSignal | undefined): Promise<string> => {
    for (;;) {
      signal?.throwIfAborted();
      const now = clock.now();
      const step = Math.floor(now / periodMs) + skewSteps;
      if (step > lastStep) {
        lastStep = step;
        return generator.generate({ timestamp: step * periodMs });
      }
      // This step's code is spent: sleep until the step after the last one used begins, then look again.
      const nextStepAt = (lastStep + 1 - skewSteps) * periodMs;
      await sleep(Math.max(1, nextStepAt - now), signal);
    }
  };

  return async (ctx) => {
    const signal = ctx?.signal;
    if (signal?.aborted) throw signal.reason;
    const turn = tail;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    // The next caller waits for our predecessor and for us; if we abort early, only for our predecessor.
    tail = turn.then(() => finished);
    try {
      await waitTurn(turn, signal);
      return await next(signal);
    } finally {
      finish();
    }
  };
}
