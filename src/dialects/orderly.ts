import { type Dialect, isRecord, normalizeCode, str } from './types.js';

/** Orderly Network / WOO X: `{"success":false,"code":-1005,"message":"..."}`; `code` may arrive as `"-1011"`. */
export const orderlyDialect: Dialect = {
  name: 'orderly',
  readError(body) {
    if (!isRecord(body) || (body.success !== false && body.code === undefined)) return undefined;
    return { code: normalizeCode(body.code), message: str(body.message) };
  },
  isErrorBody(body) {
    return isRecord(body) && body.success === false;
  },
};
