import { infinexDialect } from '../dialects/infinex.js';
import type { Profile } from './types.js';

/**
 * Infinex exchange, API v2. 500: retry with delay. 504: outcome unknown, verify after some time.
 * 511 `REQUIRE_2FA`: repeat the identical request with `code2FA` in the JSON body. `INVALID_2FA`
 * (documented 403, sent as 401): the code was refused. No client order id: `lookups.infinex()` finds an order
 * in the order history by the fields sent.
 */
export const infinex: Profile = Object.freeze<Profile>({
  name: 'infinex',
  dialect: infinexDialect,
  otp: { bodyField: 'code2FA' },
  adaptive: true,
  rules: [
    { code: 'REQUIRE_2FA', action: 'otp', reason: '2FA is required: repeat the identical request with a 2FA code attached' },
    { code: 'INVALID_2FA', status: [401, 403], action: 'otp', reason: 'the 2FA code was refused' },
    { status: 504, safe: false, action: 'verify', reason: 'execution status unknown: verify, preferably after some time has passed' },
    { status: 500, action: 'retry', reason: 'internal error on the Infinex backend: try again with some delay' },
  ],
});
