/**
 * Attaching a 2FA code to a resubmitted request: the same bytes as the first send plus the code.
 * @module
 */
import type { AxiosRequestConfig } from 'axios';
import type { OtpPlacement } from '../profiles/types.js';
import { isPlainObject } from '../plain.js';

/**
 * A new body with `field: code` appended. A plain object gets a new key (JSON.stringify keeps key order,
 * so the serialized body is the first send's plus the code); a JSON string gets the member spliced in before
 * its closing brace; a form-encoded string or URLSearchParams gets `&field=code`. Returns `undefined` when the
 * body cannot carry a field (binary, a JSON array, a stream).
 */
export function withBodyField(data: unknown, field: string, code: string): unknown {
  if (data === undefined || data === null || data === '') return { [field]: code };
  if (isPlainObject(data)) return { ...data, [field]: code };
  if (data instanceof URLSearchParams) {
    const copy = new URLSearchParams(data);
    copy.append(field, code);
    return copy;
  }
  if (typeof data === 'string') {
    const t = data.trimEnd();
    if (t.trimStart().startsWith('{') && t.endsWith('}')) {
      const body = t.slice(0, -1);
      const empty = /^\s*\{\s*$/.test(body);
      return `${body}${empty ? '' : ','}${JSON.stringify(field)}:${JSON.stringify(code)}}`;
    }
    if (/^[^{[\s][^\s]*=/.test(t)) return `${t}&${encodeURIComponent(field)}=${encodeURIComponent(code)}`;
  }
  return undefined;
}

/** A copy of `config` carrying the code where `placement` says; `undefined` when the body cannot carry it. */
export function attachOtp(config: AxiosRequestConfig, placement: OtpPlacement, code: string): AxiosRequestConfig | undefined {
  if ('header' in placement) {
    const headers = { ...(config.headers as Record<string, unknown> | undefined), [placement.header]: code };
    return { ...config, headers } as AxiosRequestConfig;
  }
  const data = withBodyField(config.data, placement.bodyField, code);
  return data === undefined ? undefined : { ...config, data };
}
