import { genericDialect } from '../dialects/generic.js';
import type { Profile } from './types.js';

/** Any JSON API: a best-effort error reader and the default ladder alone. */
export const generic: Profile = Object.freeze<Profile>({
  name: 'generic',
  dialect: genericDialect,
  adaptive: true,
  otp: { bodyField: 'code2FA' },
  rules: [],
});
