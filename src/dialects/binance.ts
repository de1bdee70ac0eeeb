import { type Dialect, isRecord, normalizeCode, str } from './types.js';

/**
 * Binance spot: `{"code":-1121,"msg":"Invalid symbol."}` on a 4XX/5XX (binance/binance-spot-api-docs, rest-api.md
 * "Error Codes"; errors.md). Success answers never carry an error: a 2xx is success.
 */
export const binanceDialect: Dialect = {
  name: 'binance',
  readError(body) {
    if (!isRecord(body)) return undefined;
    const code = normalizeCode(body.code);
    const message = str(body.msg) ?? str(body.message);
    if (code === undefined && message === undefined) return undefined;
    return { code, message };
  },
};
