/** nock set-up shared by protocol tests: no real network, ever. */
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The base URL every nock test uses. */
export const BASE = 'http://api.test';

/** Blocks real connections for the file and cleans interceptors after each test. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());
}

/** Counts the requests a nock scope answered. */
export function counter(): { n: number; hit: () => void } {
  const c = { n: 0, hit: () => void c.n++ };
  return c;
}
