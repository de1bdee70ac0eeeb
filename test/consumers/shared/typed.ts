// The typed part of the TypeScript fixtures (compiled as CommonJS, as ESM and through a bundler): the consumer's
// own AxiosInstance goes to createExecutor and executor.wrap(), and resolute's axios augmentations (the request's
// `resolute` options, the response's `reconciled`) apply to the consumer's axios types.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { createExecutor, isResoluteError, lookups, profiles, ResoluteError, type ExecutorOptions, type Verdict } from 'resolute';
import type { Simulator } from 'resolute/testing';
import { order } from './checks.cjs';

export async function typedChecks(sim: Simulator): Promise<void> {
  const http: AxiosInstance = axios.create({ baseURL: sim.url, timeout: 5_000 });
  const options: ExecutorOptions = { http, profile: profiles.orderly, verify: lookups.orderly(), verifyDelayMs: 20 };
  const executor = createExecutor(options);
  const api: AxiosInstance = executor.wrap(http);
  sim.inject({ route: 'placeOrder', fault: 'reset-after' });
  const res: AxiosResponse = await api.post(sim.routes.placeOrder, order(59_999), { resolute: { weight: 1 } });
  const checks: number | undefined = res.reconciled?.checks;
  const verdict: Verdict = executor.classify({ response: { status: 503, data: {}, headers: {} } }, { method: 'GET' });
  const notError: boolean = isResoluteError(new Error('x')) || new Error('x') instanceof ResoluteError;
  if (res.status !== 200 || checks === undefined || verdict.action !== 'retry' || notError) {
    throw new Error(`typed checks: status ${res.status}, reconciled checks ${checks}, verdict ${verdict.action}`);
  }
}
