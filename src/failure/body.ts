/**
 * Turns whatever a server sent back (JSON, HTML from a proxy, nothing, garbage, binary, megabytes) into a
 * parsed value or a short description. Never throws.
 * @module
 */
import type { BodyIssue } from './types.js';

/** Bodies longer than this are not parsed: described by size only. @default 1 MiB */
export const MAX_PARSE_BYTES = 1 << 20;
/** Messages are cut to this many characters. */
export const MAX_MESSAGE_CHARS = 300;

/** A response body, read. */
export interface ReadBody {
  /** The parsed JSON value (object, array...) when the body was JSON. */
  readonly json?: unknown;
  /** What the body was, when it was not JSON: used as the failure message. */
  readonly description?: string;
  /** Why the body is not JSON, when it is not. */
  readonly issue?: BodyIssue;
}

/** C0/C1 control characters and bidirectional overrides: never put in a message (they garble logs and terminals). */
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Cuts a string to `max` characters, collapsing white space and replacing control characters. Never throws. */
export function clip(text: string, max = MAX_MESSAGE_CHARS): string {
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const t = head.replace(CONTROL, '\uFFFD').replace(/\s+/g, ' ').trim();
  return t.length > max || head.length < text.length ? `${t.slice(0, max - 1)}…` : t;
}

function described(issue: BodyIssue, description: string): ReadBody {
  return { issue, description };
}

function describeText(text: string): ReadBody {
  const head = text.slice(0, 4096);
  if (/^\s*</.test(head)) {
    const title = /<title[^>]*>([^<]{0,200})<\/title>/i.exec(head)?.[1] ?? /<h1[^>]*>([^<]{0,200})<\/h1>/i.exec(head)?.[1];
    return described('html', `HTML page instead of an API response${title ? `: ${clip(title, 120)}` : ''}`);
  }
  const trimmed = head.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return described('malformed', `malformed JSON body: ${clip(head, 120)}`);
  return described('text', `unexpected text body: ${clip(head, 120)}`);
}

function readText(data: string): ReadBody {
  if (data.length > MAX_PARSE_BYTES) return described('too-large', `body of ${data.length} characters, not parsed`);
  const t = data.trimStart();
  if (t === '') return described('empty', 'empty body');
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return { json: JSON.parse(data) as unknown };
    } catch {
      return describeText(data);
    }
  }
  return describeText(data);
}

function readBytes(bytes: Uint8Array): ReadBody {
  if (bytes.byteLength === 0) return described('empty', 'empty body');
  if (bytes.byteLength > MAX_PARSE_BYTES) return described('too-large', `body of ${bytes.byteLength} bytes, not parsed`);
  try {
    return readText(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    const text = new TextDecoder().decode(bytes.subarray(0, 4096));
    if (/^\s*[{[<]/.test(text)) return readText(new TextDecoder().decode(bytes)); // text with a stray byte
    return described('binary', `binary body of ${bytes.byteLength} bytes (not UTF-8 text)`);
  }
}

/** Reads a response body of any type. Never throws: a body that cannot be read is described as `unreadable`. */
export function readBody(data: unknown): ReadBody {
  try {
    if (data === undefined || data === null || data === '') return described('empty', 'empty body');
    if (typeof data === 'string') return readText(data);
    if (data instanceof ArrayBuffer) return readBytes(new Uint8Array(data));
    if (ArrayBuffer.isView(data)) return readBytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (typeof data === 'object') {
      if (typeof (data as { pipe?: unknown }).pipe === 'function') return described('unreadable', 'a stream body (responseType "stream"), not read');
      return { json: data };
    }
    return described('text', `unexpected body of type ${typeof data}`);
  } catch {
    return described('unreadable', 'a body that could not be read');
  }
}
