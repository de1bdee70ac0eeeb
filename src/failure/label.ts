/**
 * A failure's short label for reasons and messages.
 * @module
 */
import type { Failure } from './types.js';

/** `HTTP 503 SERVICE_UNAVAILABLE`, `HTTP 504`, `ECONNRESET`, `timeout`: status and API code, else the transport's. */
export function failureLabel(f: Failure): string {
  const parts: string[] = [];
  if (f.status !== undefined) parts.push(`HTTP ${f.status}`);
  if (f.code !== undefined) parts.push(String(f.code));
  if (parts.length === 0) parts.push(f.errorCode ?? f.kind);
  return parts.join(' ');
}
