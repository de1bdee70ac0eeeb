/**
 * Table tests of a profile's documented codes, as in seeds.test.ts: each row is sent as the API's error body with
 * its HTTP status, classified for a request that is not safe to repeat (POST) and one that is (GET).
 */
import { expect, test } from 'vitest';
import { classify, type Action, type Profile } from '../../src/index.js';
import { failureFromResponse } from '../../src/failure/normalize.js';
import { classifyFailure } from '../../src/policy/classify.js';

/** One documented code. */
export interface Row {
  readonly status: number;
  readonly code?: string | number;
  /** Action for an unsafe POST; `safe` overrides it for a GET when they differ. */
  readonly unsafe: Action;
  readonly safe?: Action;
  readonly why: string;
  /** The body, when not the profile's plain error body for `code`. */
  readonly body?: unknown;
  /** The code the failure must carry, when it is not `code` (per-order codes, BATCH_PARTIAL). */
  readonly reads?: string | number;
}

/** An axios-like error with a response. */
export function response(status: number, data: unknown, headers: Record<string, string> = {}) {
  if (status >= 200 && status < 300) return { status, data, headers };
  return { response: { status, data, headers }, isAxiosError: true, message: `Request failed with status code ${status}` };
}

const asCode = (c: string | number): string | number => (typeof c === 'string' && /^-?\d+$/.test(c) ? Number(c) : c);

/** One test per row. */
export function check(profile: Profile, rows: readonly Row[], body: (r: Row) => unknown): void {
  for (const row of rows) {
    test(`${row.status} ${row.code ?? ''} → POST ${row.unsafe}, GET ${row.safe ?? row.unsafe} (${row.why})`, () => {
      const err = response(row.status, row.body ?? body(row));
      const post = classify(err, { method: 'POST', url: '/order' }, { profile });
      const get = classify(err, { method: 'GET', url: '/order' }, { profile });
      expect(post.action).toBe(row.unsafe);
      expect(get.action).toBe(row.safe ?? row.unsafe);
      expect(post.failure.status).toBe(row.status);
      const code = row.reads ?? row.code;
      if (code !== undefined) expect(post.failure.code).toBe(asCode(code));
      expect(post.reason.length).toBeGreaterThan(10);
    });
  }
}

/** The verdict for a resend (after verify said `absent`) of an unsafe request. */
export function classifyResent(profile: Profile, status: number, data: unknown): ReturnType<typeof classifyFailure> {
  const failure = failureFromResponse(status, {}, data, profile.dialect, { now: Date.now() });
  return classifyFailure(failure, { method: 'POST', url: '/order', safe: false, resent: true, otpSent: false, repeats: 0 }, profile.rules);
}
