import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { totp } from '../../src/otp/totp.js';
import type { Sleep } from '../../src/time.js';

/** RFC 6238 appendix B seed for SHA1, as base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** A fake clock whose sleep advances it at once and records every wait. */
function instantTime(start: number) {
  let now = start;
  const waits: number[] = [];
  const sleep: Sleep = (ms, signal) => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    waits.push(ms);
    now += ms;
    return Promise.resolve();
  };
  return { clock: { now: () => now }, sleep, waits };
}

/** A fake clock whose sleeps stay pending until `release()`: for asserting on what happens during a wait. */
function heldTime(start: number) {
  let now = start;
  const held: { ms: number; resolve: () => void }[] = [];
  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const entry = { ms, resolve };
      held.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          held.splice(held.indexOf(entry), 1);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  return {
    clock: { now: () => now },
    sleep,
    held,
    /** Advances the clock by the oldest held sleep and resolves it. */
    release(): void {
      const next = held.shift();
      if (!next) throw new Error('no sleep is held');
      now += next.ms;
      next.resolve();
    },
  };
}

const codeAt = (ms: number, secret = RFC_SECRET): string => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: ms });

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('totp', () => {
  it('matches the RFC 6238 test vectors (T = 59 s)', async () => {
    const t = instantTime(59_000);
    expect(await totp({ secret: RFC_SECRET, ...t })()).toBe('287082');
    expect(await totp({ secret: RFC_SECRET, digits: 8, ...t, clock: { now: () => 59_000 } })()).toBe('94287082');
    const sha256 = Secret.fromLatin1('12345678901234567890123456789012').base32;
    const sha512 = Secret.fromLatin1('1234567890123456789012345678901234567890123456789012345678901234').base32;
    const at59 = { now: () => 59_000 };
    expect(await totp({ secret: sha256, digits: 8, algorithm: 'SHA256', clock: at59 })()).toBe('46119246');
    expect(await totp({ secret: sha512, digits: 8, algorithm: 'SHA512', clock: at59 })()).toBe('90693936');
    // RFC 6238 at T = 1111111109 s
    expect(await totp({ secret: RFC_SECRET, digits: 8, clock: { now: () => 1_111_111_109_000 } })()).toBe('07081804');
  });

  it('works on the real clock and sleep by default', async () => {
    const code = await totp({ secret: RFC_SECRET })();
    expect(code).toMatch(/^\d{6}$/);
  });

  it('never hands out a code twice: a second call in the same period waits for the next one', async () => {
    const t = instantTime(59_000);
    const otp = totp({ secret: RFC_SECRET, ...t });
    expect(await otp()).toBe('287082');
    expect(t.waits).toEqual([]);
    const second = await otp();
    expect(t.waits).toEqual([1_000]); // from 59 s to the start of the step at 60 s
    expect(t.clock.now()).toBe(60_000);
    expect(second).toBe(codeAt(60_000));
    expect(second).not.toBe('287082');
  });

  it('does not wait when the period has already moved on', async () => {
    const t = instantTime(10_000);
    const otp = totp({ secret: RFC_SECRET, period: 10, ...t });
    const first = await otp();
    (t.clock as { now: () => number }).now = () => 25_000;
    expect(await otp()).not.toBe(first);
    expect(t.waits).toEqual([]);
  });

  it('gives concurrent callers distinct codes, one period apart, in call order', async () => {
    const t = instantTime(59_000);
    const otp = totp({ secret: RFC_SECRET, ...t });
    const codes = await Promise.all([otp(), otp(), otp(), otp()]);
    expect(new Set(codes).size).toBe(4);
    expect(codes).toEqual([codeAt(59_000), codeAt(60_000), codeAt(90_000), codeAt(120_000)]);
    expect(t.waits).toEqual([1_000, 30_000, 30_000]);
  });

  it('an abort during the wait rejects at once with the reason and does not block the next caller', async () => {
    const t = heldTime(59_000);
    const otp = totp({ secret: RFC_SECRET, ...t });
    expect(await otp()).toBe('287082');

    const ac = new AbortController();
    const waiting = otp({ signal: ac.signal });
    const behind = otp();
    await flush();
    expect(t.held.map((h) => h.ms)).toEqual([1_000]); // the aborting caller is waiting; the next one is queued

    const reason = new Error('user gave up');
    ac.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(t.clock.now()).toBe(59_000); // at once: no time passed

    await flush();
    expect(t.held.map((h) => h.ms)).toEqual([1_000]); // the next caller now waits for the fresh period itself
    t.release();
    expect(await behind).toBe(codeAt(60_000));
  });

  it('a caller aborted while queued rejects at once, without waiting for the caller ahead of it', async () => {
    const t = heldTime(59_000);
    const otp = totp({ secret: RFC_SECRET, ...t });
    await otp();
    const ahead = otp(); // waits for the next period
    const ac = new AbortController();
    const queued = otp({ signal: ac.signal });
    const last = otp();
    await flush();
    ac.abort(new DOMException('gone', 'AbortError'));
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect(t.held).toHaveLength(1); // `ahead` is still waiting

    t.release();
    expect(await ahead).toBe(codeAt(60_000));
    await flush();
    t.release();
    expect(await last).toBe(codeAt(90_000));
  });

  it('rejects with the reason of an already aborted signal without using up a code', async () => {
    const t = instantTime(59_000);
    const otp = totp({ secret: RFC_SECRET, ...t });
    const reason = new Error('already');
    await expect(otp({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(await otp()).toBe('287082');
    expect(t.waits).toEqual([]);
  });

  it('skewSteps shifts the time step, and the wait follows the shifted steps', async () => {
    const t = instantTime(59_000);
    const ahead = totp({ secret: RFC_SECRET, skewSteps: 1, ...t });
    expect(await ahead()).toBe(codeAt(60_000)); // the code of the next step
    expect(await ahead()).toBe(codeAt(90_000));
    expect(t.waits).toEqual([1_000]);
    const behind = totp({ secret: RFC_SECRET, skewSteps: -1, clock: { now: () => 59_000 } });
    expect(await behind()).toBe(codeAt(29_000));
  });

  it('rejects a bad secret with a TypeError that never contains the secret', () => {
    for (const secret of ['not base32! 1890', 'A', '', '   ', 'JBSWY3DPEHPK3PX1']) {
      let err: unknown;
      try {
        totp({ secret });
      } catch (e) {
        err = e;
      }
      expect(err, secret).toBeInstanceOf(TypeError);
      const msg = (err as TypeError).message;
      expect(msg).toContain('`secret`');
      expect(msg).toContain(`length ${secret.length}`);
      if (secret.trim() !== '') expect(msg).not.toContain(secret.trim());
      expect(msg).not.toContain('!'); // not even the offending character (otpauth's own message quotes it)
      expect(msg).not.toMatch(/invalid character/i);
      expect((err as TypeError).cause).toBeUndefined();
    }
    expect(() => totp({ secret: 42 as never })).toThrow(/`secret`.*number/);
  });

  it('validates digits, period, algorithm, skewSteps, clock and sleep', () => {
    const secret = RFC_SECRET;
    expect(() => totp({ secret, digits: 5 })).toThrow(/`digits`.*5/);
    expect(() => totp({ secret, digits: 11 })).toThrow(/`digits`.*11/);
    expect(() => totp({ secret, digits: 6.5 })).toThrow(TypeError);
    expect(() => totp({ secret, period: 0 })).toThrow(/`period`.*0/);
    expect(() => totp({ secret, period: 1.5 })).toThrow(/`period`.*1\.5/);
    expect(() => totp({ secret, algorithm: 'MD5' as never })).toThrow(/`algorithm`.*"MD5"/);
    expect(() => totp({ secret, skewSteps: 0.5 })).toThrow(/`skewSteps`.*0\.5/);
    expect(() => totp({ secret, clock: {} as never })).toThrow(/`clock`/);
    expect(() => totp({ secret, sleep: 3 as never })).toThrow(/`sleep`.*3/);
    expect(totp({ secret, digits: 10, period: 60, algorithm: 'sha256' as never })).toBeTypeOf('function');
  });
});
