import { BATCH_PARTIAL, failedItems, itemFields } from './batch.js';
import { type Dialect, isRecord, normalizeCode, str } from './types.js';

/**
 * OKX v5: every answer is `{"code":"0","msg":"","data":[…]}`, an error one with `code` ≠ "0", often on HTTP 200
 * (www.okx.com/docs-v5/en/#error-code-rest-api-public: "0 | 200", "1 | 200 | Operation failed.", "2 | 200 | Bulk
 * operation partially succeeded."). Order answers carry a per-order `sCode`/`sMsg` in `data`: code "1" (every
 * order failed) is read as the first failed order's `sCode`, so the rules see the real reason (51008, 50011…);
 * code "2" (some orders placed) becomes `BATCH_PARTIAL`, with each failed order in `fields`.
 */
export const okxDialect: Dialect = {
  name: 'okx',
  readError(body) {
    if (!isRecord(body) || body.code === undefined) return undefined;
    const code = normalizeCode(body.code);
    if (code === undefined || code === 0) return undefined;
    const failed = failedItems(body.data, 'sCode', 'sMsg', 'clOrdId', '0');
    if (code === 2) return { code: BATCH_PARTIAL, message: str(body.msg) || 'Bulk operation partially succeeded.', fields: itemFields(failed) };
    const first = failed[0];
    if (code === 1 && first !== undefined) {
      return { code: first.code, message: first.message || str(body.msg), fields: failed.length > 1 ? itemFields(failed) : undefined };
    }
    return { code, message: str(body.msg) };
  },
  isErrorBody(body) {
    return isRecord(body) && body.code !== undefined && normalizeCode(body.code) !== 0;
  },
};
