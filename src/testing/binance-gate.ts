/**
 * Binance's door: IP bans (418), the request-weight limit (429 −1003) and the used-weight header on every answer.
 * @module
 */
import { IpBans, WeightMeter, weightHeaderName } from './binance-limits.js';
import type { DialectSpec } from './dialects/index.js';
import type { ResolvedBinance } from './options.js';
import { retryAfterSeconds } from './rate-limit.js';
import { errorReply, type Reply } from './replies.js';

/** What the gate decided for one arrival. */
export interface Admission {
  /** Headers for the answer, whatever it is (`x-mbx-used-weight-1m`). */
  headers: Record<string, string>;
  /** A refusal (418 or 429), or `undefined` to go on. */
  refusal?: Reply;
}

const UNIT: Record<string, string> = { s: 'SECOND', m: 'MINUTE', h: 'HOUR', d: 'DAY' };

/** Ban and weight bookkeeping of one Binance simulator. */
export class BinanceGate {
  readonly #spec: DialectSpec;
  readonly #opts: ResolvedBinance;
  readonly #meter: WeightMeter;
  readonly #bans: IpBans;
  readonly #header: string;

  constructor(spec: DialectSpec, opts: ResolvedBinance) {
    this.#spec = spec;
    this.#opts = opts;
    this.#meter = new WeightMeter(opts.weightLimit, opts.weightWindowMs);
    this.#bans = new IpBans(opts.banMs, opts.banAfter);
    this.#header = weightHeaderName(opts.weightWindowMs);
  }

  /**
   * Admits one request of `weight` from `ip` at `now`. `ignoredWait`: it arrived inside a Retry-After window the
   * server had sent this IP (a 429 not honoured), which counts towards a ban.
   */
  admit(ip: string, weight: number, now: number, ignoredWait: boolean): Admission {
    const banned = this.#bans.bannedUntil(ip, now) ?? (ignoredWait ? this.#bans.violate(ip, now) : undefined);
    if (banned !== undefined) {
      const headers = { [this.#header]: String(this.#meter.used(ip, now)) };
      const message = `Way too much request weight used; IP banned until ${banned}. Please use WebSocket Streams for live updates to avoid bans.`;
      return { headers, refusal: errorReply(this.#spec, 'ipBanned', { message }, retryAfterSeconds(banned - now)) };
    }
    const use = this.#meter.add(ip, weight, now);
    const headers = { [this.#header]: String(use.used) };
    if (!use.over) return { headers };
    const [, num = '1', letter = 'm'] = /(\d+)([smhd])$/.exec(this.#header) ?? [];
    const message =
      `Too much request weight used; current limit is ${this.#opts.weightLimit} request weight per ${num} ${UNIT[letter] ?? 'MINUTE'}. ` +
      'Please use WebSocket Streams for live updates to avoid polling the API.';
    return { headers, refusal: errorReply(this.#spec, 'rateLimited', { message }, retryAfterSeconds(use.resetInMs)) };
  }

  /** The used-weight header for `ip` at `now` (for answers produced before admission). */
  header(ip: string, now: number): Record<string, string> {
    return { [this.#header]: String(this.#meter.used(ip, now)) };
  }
}
