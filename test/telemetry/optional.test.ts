/**
 * `@opentelemetry/api` is an optional peer: without the telemetry option it is never loaded (checked in a fresh
 * process), and a bad telemetry option is a TypeError naming it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createExecutor, openTelemetry } from '../../src/index.js';
import { loadApi } from '../../src/telemetry/load-api.js';

describe('loaded only when asked for', () => {
  test('importing resolute and sending a request loads no @opentelemetry module; openTelemetry() then loads the API', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'loaded-modules.ts')], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    const { without, withTelemetry } = JSON.parse(out) as { without: string[]; withTelemetry: string[] };
    expect(without).toEqual([]);
    expect(withTelemetry.some((p) => /[\\/]@opentelemetry[\\/]api[\\/]/.test(p))).toBe(true);
  });

  test('when the API cannot be loaded, the error names the package to install and keeps the cause', async () => {
    const cause = Object.assign(new Error("Cannot find package '@opentelemetry/api'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const err = (await loadApi(() => Promise.reject(cause)).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/needs the package "@opentelemetry\/api".*npm install @opentelemetry\/api/);
    expect(err.cause).toBe(cause);
    await expect(loadApi(() => Promise.resolve({}))).rejects.toThrow(/has no trace, metrics and context APIs/);
    await expect(loadApi(() => Promise.resolve({ default: { trace: {}, metrics: {}, context: {} } }))).resolves.toMatchObject({ trace: {} });
  });
});

describe('bad options', () => {
  test.each([
    [{ tracerProvider: {} }, /option "openTelemetry.tracerProvider" must be a TracerProvider \(with getTracer\), got an object/],
    [{ meterProvider: 5 }, /option "openTelemetry.meterProvider" must be a MeterProvider \(with getMeter\), got 5/],
    [{ routes: '/v1/order' }, /option "openTelemetry.routes" must be an array of path templates, got "\/v1\/order"/],
    [{ routes: ['/ok', 'v1/order'] }, /option "openTelemetry.routes\[1\]" must be a path template starting with "\/", got "v1\/order"/],
  ])('openTelemetry(%o) → TypeError naming the option', (opts, message) => {
    expect(() => openTelemetry(opts as never)).toThrow(TypeError);
    expect(() => openTelemetry(opts as never)).toThrow(message);
  });

  test('openTelemetry(non-object) and createExecutor({ telemetry: not a telemetry }) → TypeError', () => {
    expect(() => openTelemetry('x' as never)).toThrow(/option "openTelemetry\(options\)" must be an object, got "x"/);
    expect(() => createExecutor({ telemetry: {} as never })).toThrow(TypeError);
    expect(() => createExecutor({ telemetry: {} as never })).toThrow(/option "telemetry" must be telemetry made by openTelemetry/);
  });
});
