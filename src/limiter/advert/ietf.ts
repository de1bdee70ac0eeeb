/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers-11, Structured Fields per RFC 9651, parsed
 * with the `structured-headers` package): `RateLimit: "default";r=50;t=30` (List of service-limit Items: `r`
 * units left, `t` seconds of the effective window) and `RateLimit-Policy: "default";q=100;w=10` (List of
 * quota-policy Items: `q` quota, `w` window seconds, `qu` unit). express-rate-limit's `standardHeaders:
 * 'draft-8'` sends exactly this form; its `draft-7` form is the older Dictionary
 * `RateLimit: limit=100, remaining=3, reset=1` with `RateLimit-Policy: 100;w=1`.
 * @module
 */
import { parseDictionary, parseList, Token, type BareItem, type Parameters } from 'structured-headers';
import { advert, count, type Advert } from './types.js';

interface Policy {
  readonly name: string | undefined;
  readonly q: number;
  readonly windowMs: number | undefined;
}

const seconds = (v: BareItem | undefined): number | undefined => {
  const n = count(v);
  return n === undefined ? undefined : n * 1000;
};

/** An item's name: a String (draft-11) or a Token (older servers), compared as text. */
const nameOf = (v: BareItem): string | undefined => (typeof v === 'string' ? v : v instanceof Token ? v.toString() : undefined);

/** Only request-counted quotas pace requests (`qu` absent or `"requests"`). */
const countsRequests = (p: Parameters): boolean => {
  const qu = p.get('qu');
  return qu === undefined || qu === 'requests';
};

let policyText: string | undefined;
let policyList: readonly Policy[] = [];

/** `RateLimit-Policy` as a list of policies (malformed items skipped). The last value parsed is memoized. */
export function parsePolicies(text: string): readonly Policy[] {
  if (text === policyText) return policyList;
  const out: Policy[] = [];
  try {
    for (const member of parseList(text)) {
      const [value, params] = member;
      if (Array.isArray(value) || !countsRequests(params)) continue;
      const q = count(params.get('q') ?? value); // draft-6/7 put the quota in the item itself: `100;w=1`
      if (q === undefined) continue;
      const w = seconds(params.get('w'));
      out.push({ name: nameOf(value as BareItem), q, windowMs: w !== undefined && w > 0 ? w : undefined });
    }
  } catch {
    // malformed: ignored
  }
  policyText = text;
  policyList = out;
  return out;
}

/** The most pressing of several adverts: the one allowing the lowest rate until its end. */
export function tightest(a: Advert | undefined, b: Advert | undefined): Advert | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.remaining * (b.resetMs + 1) <= b.remaining * (a.resetMs + 1) ? a : b;
}

function fromList(text: string, policies: readonly Policy[]): Advert | undefined {
  let best: Advert | undefined;
  for (const [value, params] of parseList(text)) {
    if (Array.isArray(value)) continue;
    const name = nameOf(value as BareItem);
    const policy = policies.find((p) => p.name === name) ?? (policies.length === 1 ? policies[0] : undefined);
    const r = count(params.get('r'));
    const t = seconds(params.get('t'));
    best = tightest(best, advert(r, policy?.q, t, true, policy?.windowMs));
  }
  return best;
}

function fromDictionary(text: string, policies: readonly Policy[]): Advert | undefined {
  const d = parseDictionary(text);
  const item = (k: string): BareItem | undefined => {
    const m = d.get(k);
    return m === undefined || Array.isArray(m[0]) ? undefined : (m[0] as BareItem);
  };
  const policy = policies[0];
  return advert(count(item('remaining')), count(item('limit')) ?? policy?.q, seconds(item('reset')), true, policy?.windowMs);
}

/**
 * The advert of a `RateLimit` field (either form) with its `RateLimit-Policy`, or `undefined` when the field
 * is malformed or says nothing usable.
 */
export function parseRateLimitField(field: string, policyField: string | undefined): Advert | undefined {
  const policies = policyField === undefined ? [] : parsePolicies(policyField);
  try {
    return /(^|[\s,])remaining=/.test(field) ? fromDictionary(field, policies) : fromList(field, policies);
  } catch {
    return undefined;
  }
}
