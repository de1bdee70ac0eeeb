/**
 * An axios instance on a scripted stub adapter (no I/O: for protocol tests that send thousands of requests), and
 * instant fake time. The adapter settles like axios's own adapters: a status outside 2xx rejects with an AxiosError
 * carrying the response; axios's default transforms still run (a JSON string body is parsed by axios first).
 */
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig, type InternalAxiosRequestConfig } from 'axios';
import type { Clock, Sleep } from '../../src/time.js';

/** One scripted answer: a response, or a transport error code (ECONNRESET, ECONNREFUSED...). */
export type Reply =
  | { readonly status: number; readonly data?: unknown; readonly headers?: unknown }
  | { readonly transport: string; readonly syscall?: string };

/** What the stub saw, and the instance. */
export interface StubHttp {
  readonly http: AxiosInstance;
  /** Every config the adapter received, in order. */
  readonly sent: InternalAxiosRequestConfig[];
}

/**
 * An instance whose adapter answers `script[i]` to the i-th send (the last entry repeats); a function entry is
 * called with the config.
 */
export function stubHttp(script: ReadonlyArray<Reply | ((config: InternalAxiosRequestConfig) => Reply)>, defaults: AxiosRequestConfig = {}): StubHttp {
  const sent: InternalAxiosRequestConfig[] = [];
  const http = axios.create({
    ...defaults,
    adapter: async (config) => {
      sent.push(config);
      const entry = script[Math.min(sent.length - 1, script.length - 1)]!;
      const reply = typeof entry === 'function' ? entry(config) : entry;
      if ('transport' in reply) {
        const cause = Object.assign(new Error(`${reply.syscall ?? 'read'} ${reply.transport}`), { code: reply.transport, syscall: reply.syscall ?? 'read' });
        throw AxiosError.from(cause, reply.transport, config, {});
      }
      const response = { data: reply.data, status: reply.status, statusText: '', headers: (reply.headers ?? {}) as never, config, request: {} };
      if (reply.status >= 200 && reply.status < 300) return response;
      throw new AxiosError(`Request failed with status code ${reply.status}`, reply.status < 500 ? 'ERR_BAD_REQUEST' : 'ERR_BAD_RESPONSE', config, {}, response);
    },
  });
  return { http, sent };
}

/**
 * Fake time that passes as soon as nothing else is ready: a sleep fires on the next `setImmediate` turn, moving the
 * clock forward by its length then, unless aborted first. So a hook raced against a deadline timer (`callHook`) wins
 * when it answers at once, and a run of retries and waits takes microseconds of real time.
 */
export function instantTime(start = Date.UTC(2026, 0, 1)): { clock: Clock; sleep: Sleep } {
  let now = start;
  const clock: Clock = { now: () => now };
  const sleep: Sleep = (ms, signal) => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearImmediate(timer);
        reject(signal?.reason);
      };
      const timer = setImmediate(() => {
        signal?.removeEventListener('abort', onAbort);
        if (ms > 0) now += ms;
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };
  return { clock, sleep };
}
