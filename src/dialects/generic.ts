import { type Dialect, fieldMap, isRecord, normalizeCode, str } from './types.js';

/**
 * A best-effort reader for unknown APIs: `{code,message}`, `{error:{code,message}}`, `{error:"..."}`,
 * `{errors:[{code,message}]}`, `{status:{code,message}}`, `{msg}`.
 */
export const genericDialect: Dialect = {
  name: 'generic',
  readError(body) {
    if (!isRecord(body)) return undefined;
    const inner = isRecord(body.error)
      ? body.error
      : Array.isArray(body.errors) && isRecord(body.errors[0])
        ? body.errors[0]
        : isRecord(body.status)
          ? body.status
          : body;
    const code = normalizeCode(inner.code ?? inner.error_code ?? inner.errorCode);
    const message = str(inner.message) ?? str(inner.msg) ?? str(body.error) ?? str(inner.text);
    if (code === undefined && message === undefined) return undefined;
    return { code, message, fields: fieldMap(inner.fields) };
  },
};
