/**
 * What the journal keeps of an outcome, to report it later: the response's status and body (secret fields
 * redacted, capped), or the error's name (and message, for resolute's own errors: built from redacted parts).
 * @module
 */
import { ResoluteError } from '../errors.js';
import type { OutcomeDetails } from '../journal/types.js';
import { redactData } from '../redact-body.js';

/** Longest body kept, as JSON characters; a longer one is kept as the start of its JSON, marked `cut`. */
export const MAX_KEPT_BODY = 4_096;
const MAX_KEPT_MESSAGE = 1_000;

function keptBody(data: unknown): { data?: unknown; cut?: true } {
  if (data === undefined) return {};
  let json: string | undefined;
  let redacted: unknown;
  try {
    redacted = redactData(data);
    json = JSON.stringify(redacted);
  } catch {
    return { data: '[a body that cannot be serialized]', cut: true };
  }
  if (json === undefined) return {};
  return json.length <= MAX_KEPT_BODY ? { data: redacted } : { data: json.slice(0, MAX_KEPT_BODY), cut: true };
}

/**
 * The details of a response outcome: its status and body (`reconciled` when verification found it applied and
 * the body is what the verify hook returned).
 *
 * @example
 * ```ts
 * responseDetails(200, { id: 7 }, false); // { response: { status: 200, data: { id: 7 } } }
 * ```
 */
export function responseDetails(status: number, data: unknown, reconciled: boolean): OutcomeDetails {
  return { response: { status, ...keptBody(data), ...(reconciled ? { reconciled: true } : {}) } };
}

/**
 * The details of a failure: the error's name, and its message when it is one of resolute's (the message of any
 * other error, such as an abort reason or a hook's throw, could hold anything and is not kept).
 *
 * @example
 * ```ts
 * errorDetails(new PermanentError('...', details)); // { error: { name: 'PermanentError', message: '...' } }
 * ```
 */
export function errorDetails(error: unknown): OutcomeDetails {
  if (error instanceof ResoluteError) {
    const m = error.message;
    return { error: { name: error.name, message: m.length > MAX_KEPT_MESSAGE ? `${m.slice(0, MAX_KEPT_MESSAGE)}… [cut]` : m } };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { error: { name } };
}
