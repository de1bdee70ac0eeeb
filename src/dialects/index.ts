export type { Dialect, ErrorBody } from './types.js';
export { infinexDialect } from './infinex.js';
export { batchdataDialect } from './batchdata.js';
export { alpDialect } from './alp.js';
export { orderlyDialect } from './orderly.js';
export { genericDialect } from './generic.js';
