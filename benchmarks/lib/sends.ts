/**
 * Which sends were impolite: a request interceptor stamps `x-bench-sent` (epoch ms with sub-ms precision) on every
 * send (retries included: every contender sends each attempt through the instance), and a response interceptor
 * notes when the client heard each 429 with `Retry-After`. A send is inside a Retry-After window when it left after the client had
 * heard of the window and before the server's window ended; a request already on the wire when the 429 went out,
 * or sent before its answer arrived, is not.
 */
import { isAxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { union, type Interval } from './windows.js';

/** The request header carrying the client's send time. */
export const SENT_HEADER = 'x-bench-sent';

/**
 * Epoch ms with sub-ms precision: a send and a 429 heard within the same millisecond must still be ordered (with
 * `Date.now()`, a send that left just before the 429 was read counted as sent after it).
 */
const preciseNow = (): number => performance.timeOrigin + performance.now();

/** The windows the client heard of: from when it read the 429 until that plus its `Retry-After` (seconds). */
export interface SendLog {
  readonly heard: Interval[];
}

function note(log: SendLog, res: AxiosResponse | undefined): void {
  if (res?.status !== 429) return;
  const seconds = Number(res.headers['retry-after']);
  if (!(seconds > 0)) return;
  const now = preciseNow();
  log.heard.push({ from: now, until: now + seconds * 1000 });
}

/**
 * Stamps every request `http` sends with its send time and notes every 429 it hears; install before the
 * contender's own interceptors, so this one sees every answer first.
 */
export function stampSends(http: AxiosInstance): SendLog {
  const log: SendLog = { heard: [] };
  http.interceptors.request.use((config) => {
    config.headers.set(SENT_HEADER, String(preciseNow()));
    return config;
  });
  http.interceptors.response.use(
    (res) => {
      note(log, res);
      return res;
    },
    (error: unknown) => {
      if (isAxiosError(error)) note(log, error.response);
      throw error;
    },
  );
  return log;
}

/** What a server recorded of one arrival: its headers (lower-case names). */
export interface StampedArrival {
  readonly headers: Readonly<Record<string, string>>;
}

/** Whether `t` lies in one of the disjoint, sorted `intervals`. */
function within(intervals: readonly Interval[], t: number): boolean {
  return intervals.some((w) => t >= w.from && t < w.until);
}

/**
 * The arrivals sent (by their stamp) inside both a window the server announced and one the client had heard of.
 * Arrivals without a stamp are left out.
 */
export function sentInside<A extends StampedArrival>(arrivals: readonly A[], server: readonly Interval[], log: SendLog): A[] {
  const announced = union(server);
  const heard = union(log.heard);
  return arrivals.filter((a) => {
    const sent = Number(a.headers[SENT_HEADER]);
    return Number.isFinite(sent) && within(announced, sent) && within(heard, sent);
  });
}
