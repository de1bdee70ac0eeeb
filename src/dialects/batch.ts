import { isRecord, normalizeCode, str } from './types.js';

/**
 * One order of a batch answer that failed: its code, message and a name for it (its client id, else its index).
 * Shared by the dialects whose batch answers report per-order results (OKX `sCode`, Bybit `retExtInfo.list`).
 */
export interface BatchItemError {
  readonly code: string | number;
  readonly message: string;
  readonly name: string;
}

/** The code of a batch answer some of whose orders were placed: resending the batch would place them twice. */
export const BATCH_PARTIAL = 'BATCH_PARTIAL';

/** The failed items of a per-order result list: `code` ≠ the success code, named by `idField` or position. */
export function failedItems(list: unknown, codeField: string, msgField: string, idField: string, ok: string | number): BatchItemError[] {
  if (!Array.isArray(list)) return [];
  const out: BatchItemError[] = [];
  list.forEach((item, i) => {
    if (!isRecord(item)) return;
    const code = normalizeCode(item[codeField]);
    if (code === undefined || String(code) === String(ok)) return;
    const id = str(item[idField]);
    out.push({ code, message: str(item[msgField]) ?? '', name: id !== undefined && id !== '' ? id : `#${i}` });
  });
  return out;
}

/** A `{ name: "code message" }` map of failed items (the failure's `fields`). */
export function itemFields(items: readonly BatchItemError[]): Record<string, string> | undefined {
  if (items.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const it of items.slice(0, 50)) out[it.name] = `${it.code} ${it.message}`.trim();
  return out;
}
