/**
 * Operation ids on the wire: where the profile has a client id field (`client_order_id`), an unsafe
 * request's body carries the operation id so a verify hook can look it up.
 * @module
 */
import type { AxiosRequestConfig } from 'axios';
import { newOperationId } from '../operation-id.js';
import type { Profile } from '../profiles/types.js';
import { isPlainObject } from '../plain.js';

function bodyFieldOf(data: unknown, field: string): string | undefined {
  if (isPlainObject(data)) {
    const v = data[field];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  }
  if (typeof data === 'string' && data.includes(field)) {
    try {
      const parsed = JSON.parse(data) as unknown;
      return isPlainObject(parsed) ? bodyFieldOf(parsed, field) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The request's operation id, the config to send (a copy carrying the id in the profile's field when absent), and
 * whether the body sent carries that id (`onWire`). The caller's id (option or body field) is kept as it is; a
 * generated one goes through `profile.formatOperationId`.
 */
export function assignOperationId(
  config: AxiosRequestConfig,
  profile: Profile,
  explicit: string | undefined,
  now: number,
): { operationId: string; config: AxiosRequestConfig; onWire: boolean } {
  const url = config.url ?? '';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const field = profile.operationIdField && (!profile.operationIdUrl || profile.operationIdUrl.test(path)) ? profile.operationIdField : undefined;
  const inBody = field ? bodyFieldOf(config.data, field) : undefined;
  const operationId = explicit ?? inBody ?? (profile.formatOperationId ? profile.formatOperationId(newOperationId(now)) : newOperationId(now));
  if (field && inBody === undefined && isPlainObject(config.data)) {
    return { operationId, config: { ...config, data: { ...config.data, [field]: operationId } }, onWire: true };
  }
  return { operationId, config, onWire: inBody !== undefined && inBody === operationId };
}
