import { alp } from './alp.js';
import { batchdata } from './batchdata.js';
import { generic } from './generic.js';
import { infinex } from './infinex.js';
import { orderly } from './orderly.js';

export type { OtpPlacement, Profile, ProfileRateLimit } from './types.js';

/** The built-in profiles, one per seed API plus `generic`. */
export const profiles = Object.freeze({ infinex, batchdata, alp, orderly, generic });
