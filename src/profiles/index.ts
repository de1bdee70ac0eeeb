import { alp } from './alp.js';
import { batchdata } from './batchdata.js';
import { binance } from './binance.js';
import { bybit } from './bybit.js';
import { generic } from './generic.js';
import { infinex } from './infinex.js';
import { okx } from './okx.js';
import { orderly } from './orderly.js';

export type { OtpPlacement, Profile, ProfileRateLimit, ProfileRequestWeight, ProfileUsedWeight } from './types.js';

/** The built-in profiles: one per seed API, the exchanges bots use most (Binance, Bybit, OKX), and `generic`. */
export const profiles = Object.freeze({ infinex, batchdata, alp, orderly, binance, bybit, okx, generic });
