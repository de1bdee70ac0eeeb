/** What the journal keeps of an outcome: redacted, capped, serializable whatever the body. */
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors.js';
import { errorDetails, MAX_KEPT_BODY, responseDetails } from '../../src/executor/outcome-details.js';

describe('responseDetails', () => {
  it('keeps status and body, secret fields redacted; marks a reconciled response', () => {
    expect(responseDetails(200, { id: 7, apiKey: 'SENTINEL', nested: { signature: 'S' } }, false)).toEqual({
      response: { status: 200, data: { id: 7, apiKey: '[redacted]', nested: { signature: '[redacted]' } } },
    });
    expect(responseDetails(200, undefined, true)).toEqual({ response: { status: 200, reconciled: true } });
  });

  it('keeps the start of a large body as a string, marked cut', () => {
    const d = responseDetails(200, { rows: 'x'.repeat(10_000) }, false);
    expect(d.response?.cut).toBe(true);
    expect(typeof d.response?.data).toBe('string');
    expect((d.response?.data as string).length).toBe(MAX_KEPT_BODY);
  });

  it('never throws on a body JSON cannot write (BigInt, cycles)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const body of [{ n: 1n }, cyclic]) {
      const d = responseDetails(200, body, false);
      expect(d.response?.status).toBe(200);
      expect(() => JSON.stringify(d)).not.toThrow();
    }
  });
});

describe('errorDetails', () => {
  it("keeps a resolute error's name and message, only the name of any other thrown value", () => {
    const e = new PermanentError('POST /o failed: 400', { operationId: 'o', request: { method: 'POST', url: '/o' }, attempts: [], failure: { kind: 'http', sent: true, status: 400, message: 'no' } });
    expect(errorDetails(e)).toEqual({ error: { name: 'PermanentError', message: 'POST /o failed: 400' } });
    expect(errorDetails(new TypeError('my hook leaked SENTINEL'))).toEqual({ error: { name: 'TypeError' } });
    expect(errorDetails('a string reason')).toEqual({ error: { name: 'string' } });
  });
});
