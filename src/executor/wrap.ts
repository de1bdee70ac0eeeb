/**
 * `executor.wrap(instance)`: an object shaped like the axios instance whose every call goes through the
 * executor, one `instance.request` per attempt (so the instance's interceptors run on every attempt).
 * @module
 */
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';

type Send = (config: AxiosRequestConfig) => Promise<AxiosResponse>;

/** Builds the wrapper around `instance`, sending through `send`. */
export function wrapInstance(instance: AxiosInstance, send: Send): AxiosInstance {
  const request = (configOrUrl: string | AxiosRequestConfig, config?: AxiosRequestConfig): Promise<AxiosResponse> =>
    send(typeof configOrUrl === 'string' ? { ...config, url: configOrUrl } : configOrUrl);
  const wrapped = ((a: string | AxiosRequestConfig, b?: AxiosRequestConfig) => request(a, b)) as unknown as Record<string, unknown>;
  wrapped.request = (config: AxiosRequestConfig) => send(config);
  for (const method of ['get', 'delete', 'head', 'options'] as const) {
    wrapped[method] = (url: string, config?: AxiosRequestConfig) => send({ ...config, method, url });
  }
  for (const method of ['post', 'put', 'patch'] as const) {
    wrapped[method] = (url: string, data?: unknown, config?: AxiosRequestConfig) => send({ ...config, method, url, data });
    wrapped[`${method}Form`] = (url: string, data?: unknown, config?: AxiosRequestConfig) =>
      send({ ...config, method, url, data, headers: { ...(config?.headers as object), 'Content-Type': 'multipart/form-data' } } as AxiosRequestConfig);
  }
  wrapped.getUri = (config?: AxiosRequestConfig) => instance.getUri(config);
  Object.defineProperty(wrapped, 'defaults', { get: () => instance.defaults, set: (v) => { instance.defaults = v; }, enumerable: true });
  Object.defineProperty(wrapped, 'interceptors', { get: () => instance.interceptors, enumerable: true });
  return wrapped as unknown as AxiosInstance;
}
