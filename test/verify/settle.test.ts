/** The settle rule's clock: time since a failure's first check, per failure and operation id. */
import { describe, expect, test } from 'vitest';
import { sinceFailure, sendFrom } from '../../src/verify/settle.js';
import { context, failure } from './context.js';

describe('sinceFailure', () => {
  test('0 at the first check, then the time since it', () => {
    const f = failure();
    expect(sinceFailure(context({ failure: f, check: 1, elapsedMs: 10 }), 1_000)).toBe(0);
    expect(sinceFailure(context({ failure: f, check: 2, elapsedMs: 400 }), 1_300)).toBe(300);
    expect(sinceFailure(context({ failure: f, check: 3, elapsedMs: 900 }), 1_800)).toBe(800);
  });

  test('a resend fails anew: its round starts at 0 again (a new failure object)', () => {
    const first = failure();
    sinceFailure(context({ failure: first, check: 1, elapsedMs: 0 }), 0);
    expect(sinceFailure(context({ failure: first, check: 2, elapsedMs: 0 }), 5_000)).toBe(5_000);
    const second = failure();
    expect(sinceFailure(context({ failure: second, check: 2, elapsedMs: 0 }), 6_000)).toBe(0); // never seen: no bound yet
    expect(sinceFailure(context({ failure: second, check: 3, elapsedMs: 0 }), 6_500)).toBe(500);
  });

  test('check 1 always restarts (start-up reconciliation shares one failure object and always asks check 1)', () => {
    const shared = failure();
    expect(sinceFailure(context({ failure: shared, check: 1, elapsedMs: 0, operationId: 'a' }), 0)).toBe(0);
    expect(sinceFailure(context({ failure: shared, check: 1, elapsedMs: 0, operationId: 'a' }), 60_000)).toBe(0);
  });

  test('operations sharing a failure object are timed apart', () => {
    const f = failure();
    sinceFailure(context({ failure: f, check: 1, elapsedMs: 0, operationId: 'a' }), 0);
    sinceFailure(context({ failure: f, check: 1, elapsedMs: 0, operationId: 'b' }), 700);
    expect(sinceFailure(context({ failure: f, check: 2, elapsedMs: 0, operationId: 'a' }), 1_000)).toBe(1_000);
    expect(sinceFailure(context({ failure: f, check: 2, elapsedMs: 0, operationId: 'b' }), 1_000)).toBe(300);
  });

  test('an executor that says sinceFailureMs is taken at its word', () => {
    const ctx = { ...context({ failure: failure(), check: 1, elapsedMs: 0 }), sinceFailureMs: 4_200 };
    expect(sinceFailure(ctx, 0)).toBe(4_200);
  });

  test('a clock that went back is no proof of time passed', () => {
    const f = failure();
    sinceFailure(context({ failure: f, check: 1, elapsedMs: 0 }), 10_000);
    expect(sinceFailure(context({ failure: f, check: 2, elapsedMs: 0 }), 9_000)).toBe(0);
  });
});

test('sendFrom: the request began elapsedMs ago, less the skew', () => {
  expect(sendFrom(context({ failure: failure(), check: 1, elapsedMs: 1_500 }), 10_000, 2_000)).toBe(6_500);
});
