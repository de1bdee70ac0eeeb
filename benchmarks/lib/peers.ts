/**
 * The peers, each given its documented configuration for retrying POSTs, with one shared attempt count and a
 * comparable first delay (≈ 100 ms, doubling). Every builder takes a fresh axios instance and returns a
 * `send(config)`; a rejection is what the caller sees.
 */
import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import pRetry from 'p-retry';
import * as rax from 'retry-axios';

/** Total sends of one logical request, the first included (4 retries). */
export const ATTEMPTS = 5;
/** The first retry's delay scale in ms; every contender doubles it per retry. */
export const BASE_DELAY_MS = 100;

/** Sends one request; resolves with the response or rejects as the library would. */
export type Send = (config: AxiosRequestConfig) => Promise<unknown>;

/** A peer: its name, its configuration in one line (for the notes), and how to build it around an instance. */
export interface Peer {
  readonly name: string;
  readonly config: string;
  readonly build: (http: AxiosInstance) => Send;
}

/** raw axios: no retries at all. */
export const rawAxios: Peer = {
  name: 'raw axios',
  config: 'no retries',
  build: (http) => (c) => http.request(c),
};

/**
 * axios-retry 4: its README's recipe for non-idempotent requests, a `retryCondition` accepting network errors
 * and 5xx/429 for any method; `exponentialDelay` (which honours Retry-After); `shouldResetTimeout` so each
 * retry gets the full timeout.
 */
export const axiosRetryPeer: Peer = {
  name: 'axios-retry',
  config: `retries ${ATTEMPTS - 1}, retryCondition isNetworkError || isRetryableError (any method; 5xx, 429, network errors except timeouts), retryDelay exponentialDelay(n, e, ${BASE_DELAY_MS / 2}) → ${BASE_DELAY_MS}, ${BASE_DELAY_MS * 2}, … ms +0–20 % (max with Retry-After), shouldResetTimeout true`,
  build(http) {
    axiosRetry(http, {
      retries: ATTEMPTS - 1,
      retryCondition: (e) => axiosRetry.isNetworkError(e) || axiosRetry.isRetryableError(e),
      retryDelay: (n, e) => axiosRetry.exponentialDelay(n, e, BASE_DELAY_MS / 2),
      shouldResetTimeout: true,
    });
    return (c) => http.request(c);
  },
};

/** retry-axios 4: POST added to `httpMethodsToRetry`, its default retryable statuses spelled out, exponential backoff. */
export const retryAxiosPeer: Peer = {
  name: 'retry-axios',
  config: `retry ${ATTEMPTS - 1}, httpMethodsToRetry GET HEAD OPTIONS PUT DELETE POST, statusCodesToRetry [100–199, 429, 500–599] (and every error without a response), backoffType exponential, retryDelay ${BASE_DELAY_MS * 2} → ${BASE_DELAY_MS}, ${BASE_DELAY_MS * 3}, ${BASE_DELAY_MS * 7}, ${BASE_DELAY_MS * 15} ms, checkRetryAfter true`,
  build(http) {
    http.defaults.raxConfig = {
      retry: ATTEMPTS - 1,
      retryDelay: BASE_DELAY_MS * 2,
      backoffType: 'exponential',
      httpMethodsToRetry: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'POST'],
      statusCodesToRetry: [
        [100, 199],
        [429, 429],
        [500, 599],
      ],
      checkRetryAfter: true,
    };
    rax.attach(http);
    return (c) => http.request(c);
  },
};

/** p-retry 7 around axios: retries whatever axios throws. */
export const pRetryPeer: Peer = {
  name: 'p-retry around axios',
  config: `pRetry(() => axios.request(c), { retries: ${ATTEMPTS - 1}, minTimeout: ${BASE_DELAY_MS}, factor: 2 }): any rejection is retried, ${BASE_DELAY_MS}, ${BASE_DELAY_MS * 2}, … ms`,
  build: (http) => (c) => pRetry(() => http.request(c), { retries: ATTEMPTS - 1, minTimeout: BASE_DELAY_MS, factor: 2 }),
};

/** cockatiel 3 around axios: `retry(handleAll, …)` with its default (decorrelated-jitter) exponential backoff. */
export const cockatielPeer: Peer = {
  name: 'cockatiel around axios',
  config: `retry(handleAll, { maxAttempts: ${ATTEMPTS - 1} (retries), backoff: new ExponentialBackoff({ initialDelay: ${BASE_DELAY_MS} }) }): any rejection is retried, decorrelated jitter`,
  build(http) {
    const policy = retry(handleAll, { maxAttempts: ATTEMPTS - 1, backoff: new ExponentialBackoff({ initialDelay: BASE_DELAY_MS }) });
    return (c) => policy.execute(() => http.request(c));
  },
};
