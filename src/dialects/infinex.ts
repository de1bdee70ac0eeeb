import { type Dialect, isRecord, normalizeCode, str } from './types.js';

/** Infinex API v2: `{"error":{"code":"INTERNAL_SERVER_ERROR","msg":"..."}}`. `msg` is display-only. */
export const infinexDialect: Dialect = {
  name: 'infinex',
  readError(body) {
    if (!isRecord(body) || !isRecord(body.error)) return undefined;
    return { code: normalizeCode(body.error.code), message: str(body.error.msg) ?? str(body.error.message) };
  },
};
