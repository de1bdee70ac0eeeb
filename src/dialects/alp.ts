import { type Dialect, fieldMap, isRecord, normalizeCode, str } from './types.js';

/** ALP.COM API v3: `{"code":"SLUG","message":"...","fields":{...}}` (`fields` only with VALIDATION_ERROR). */
export const alpDialect: Dialect = {
  name: 'alp',
  readError(body) {
    if (!isRecord(body) || typeof body.code !== 'string') return undefined;
    return { code: normalizeCode(body.code), message: str(body.message), fields: fieldMap(body.fields) };
  },
};
