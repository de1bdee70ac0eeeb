import { batchdataDialect } from '../dialects/batchdata.js';
import type { Profile } from './types.js';

/**
 * BatchData property-data API. 429 over 3,000 requests/min per token (no Retry-After documented:
 * exponential backoff). 502/503/504 listed; 410 means the endpoint is gone. A skip-trace request is billable, has no
 * client id and cannot be looked up afterwards: a 502/504 on one is surfaced as in doubt (give a `verify` hook of
 * your own, e.g. from your BatchData usage records), never resent blindly.
 */
export const batchdata: Profile = Object.freeze<Profile>({
  name: 'batchdata',
  dialect: batchdataDialect,
  adaptive: false,
  rateLimits: [{ limit: 3_000, intervalMs: 60_000, source: 'BatchData: 3,000 requests per minute per token' }],
  rules: [
    { status: 410, action: 'fail', reason: 'the endpoint is deprecated and no longer available' },
    { status: 500, action: 'retry', reason: 'server error; contact BatchData support if it keeps happening' },
  ],
});
