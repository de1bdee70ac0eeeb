/**
 * With `@opentelemetry/api` missing (the module's import fails), a request on an executor with telemetry fails
 * before anything is sent, with an error naming the package; an executor without telemetry is unaffected.
 */
import axios, { type AxiosAdapter } from 'axios';
import { expect, test, vi } from 'vitest';
import { createExecutor, openTelemetry } from '../../src/index.js';

vi.mock('@opentelemetry/api', () => {
  throw Object.assign(new Error("Cannot find package '@opentelemetry/api'"), { code: 'ERR_MODULE_NOT_FOUND' });
});

test('requests fail before sending, naming the package to install', async () => {
  let sent = 0;
  const stub: AxiosAdapter = async (config) => (sent++, { data: {}, status: 200, statusText: 'OK', headers: {}, config, request: {} });
  const http = axios.create({ baseURL: 'http://stub.invalid', adapter: stub });
  const telemetry = openTelemetry(); // no throw here, and no unhandled rejection
  const ex = createExecutor({ http, telemetry });
  const err = (await ex.request({ url: '/x' }).catch((e: unknown) => e)) as Error;
  expect(err.message).toMatch(/telemetry needs the package "@opentelemetry\/api".*npm install @opentelemetry\/api/);
  expect(sent).toBe(0);
  await expect(createExecutor({ http }).request({ url: '/x' })).resolves.toMatchObject({ status: 200 });
  expect(sent).toBe(1);
});
