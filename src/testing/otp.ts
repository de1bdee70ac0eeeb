/**
 * The withdrawal 2FA check: TOTP (SHA1, 6 digits, 30 s, window ±1) where a code is accepted only once.
 * @module
 */
import { Secret, TOTP } from 'otpauth';

/** The answer of {@link TotpVerifier.check}. */
export type TotpCheck = 'ok' | 'invalid' | 'reused';

const PERIOD_S = 30;

/** Checks TOTP codes against one secret and remembers the ones already used. */
export class TotpVerifier {
  readonly #secret: Secret;
  readonly #used = new Map<string, number>();

  /** Throws a `TypeError` when `base32Secret` is not valid base32. */
  constructor(base32Secret: string) {
    if (!/^[A-Z2-7]+=*$/i.test(base32Secret.replace(/\s+/g, ''))) {
      throw new TypeError('otpSecret must be a base32 string');
    }
    this.#secret = Secret.fromBase32(base32Secret.replace(/\s+/g, '').toUpperCase());
  }

  /** Checks `code` at time `now`; a valid code is consumed (the same code for the same time step fails next time). */
  check(code: unknown, now: number): TotpCheck {
    const token = typeof code === 'number' ? String(code).padStart(6, '0') : typeof code === 'string' ? code.trim() : '';
    if (!/^\d{6}$/.test(token)) return 'invalid';
    const delta = TOTP.validate({
      token,
      secret: this.#secret,
      algorithm: 'SHA1',
      digits: 6,
      period: PERIOD_S,
      timestamp: now,
      window: 1,
    });
    if (delta === null) return 'invalid';
    const step = Math.floor(now / 1000 / PERIOD_S) + delta;
    const key = `${step}:${token}`;
    if (this.#used.has(key)) return 'reused';
    this.#used.set(key, step);
    for (const [k, s] of this.#used) if (s < step - 3) this.#used.delete(k);
    return 'ok';
  }
}
