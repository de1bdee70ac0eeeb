import { type Dialect, isRecord, normalizeCode, str } from './types.js';

/** BatchData: `{"status":{"code":401,"text":"Unauthorized","message":"Invalid token."}}`. */
export const batchdataDialect: Dialect = {
  name: 'batchdata',
  readError(body) {
    if (!isRecord(body) || !isRecord(body.status)) return undefined;
    const s = body.status;
    return { code: normalizeCode(s.code), message: str(s.message) ?? str(s.text) };
  },
  isErrorBody(body) {
    if (!isRecord(body) || !isRecord(body.status)) return false;
    const code = normalizeCode(body.status.code);
    return typeof code === 'number' && code >= 400;
  },
};
