import { BATCH_PARTIAL, failedItems, itemFields } from './batch.js';
import { type Dialect, isRecord, normalizeCode, str } from './types.js';

/**
 * Bybit v5: `{"retCode":0,"retMsg":"OK","result":{…},"retExtInfo":{},"time":…}`; an error is `retCode` ≠ 0, most
 * often on HTTP 200 (bybit-exchange/docs docs/v5/error.mdx "UTA" table; docs/v5/guide.mdx "retCode"). Batch
 * answers report each order in `retExtInfo.list[{code,msg}]` beside `result.list` (docs/v5/order/batch-place.mdx):
 * every order failed → the first failure's code; some placed → `BATCH_PARTIAL`, failed orders in `fields`.
 */
export const bybitDialect: Dialect = {
  name: 'bybit',
  readError(body) {
    if (!isRecord(body) || body.retCode === undefined) return undefined;
    const code = normalizeCode(body.retCode);
    if (code !== 0) return code === undefined ? undefined : { code, message: str(body.retMsg) };
    const { failed, total } = batch(body);
    if (failed.length === 0) return undefined;
    const first = failed[0]!;
    if (failed.length === total) return { code: first.code, message: first.message, fields: failed.length > 1 ? itemFields(failed) : undefined };
    return { code: BATCH_PARTIAL, message: 'Some orders of the batch were refused.', fields: itemFields(failed) };
  },
  isErrorBody(body) {
    if (!isRecord(body) || body.retCode === undefined) return false;
    if (normalizeCode(body.retCode) !== 0) return true;
    return batch(body).failed.length > 0;
  },
};

function batch(body: Record<string, unknown>): { failed: ReturnType<typeof failedItems>; total: number } {
  const ext = isRecord(body.retExtInfo) ? body.retExtInfo.list : undefined;
  if (!Array.isArray(ext)) return { failed: [], total: 0 };
  const result = isRecord(body.result) && Array.isArray(body.result.list) ? body.result.list : [];
  // retExtInfo.list carries no orderLinkId: name each failure by the order at the same position in result.list.
  const named = ext.map((e, i) => (isRecord(e) && isRecord(result[i]) ? { ...e, orderLinkId: result[i].orderLinkId } : e));
  return { failed: failedItems(named, 'code', 'msg', 'orderLinkId', 0), total: ext.length };
}
