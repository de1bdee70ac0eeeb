/**
 * Turns whatever a server sent back (JSON, HTML from a proxy, nothing, garbage, megabytes) into a
 * parsed value or a short description. Never throws.
 * @module
 */

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
}

/** Cuts a string to `MAX_MESSAGE_CHARS`, collapsing white space. */
export function clip(text: string, max = MAX_MESSAGE_CHARS): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function describeText(text: string): ReadBody {
  const head = text.slice(0, 4096);
  if (/^\s*</.test(head)) {
    const title = /<title[^>]*>([^<]{0,200})<\/title>/i.exec(head)?.[1] ?? /<h1[^>]*>([^<]{0,200})<\/h1>/i.exec(head)?.[1];
    return { description: `HTML page instead of an API response${title ? `: ${clip(title, 120)}` : ''}` };
  }
  const trimmed = head.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { description: `malformed JSON body: ${clip(head, 120)}` };
  return { description: `unexpected text body: ${clip(head, 120)}` };
}

/** Reads a response body of any type. */
export function readBody(data: unknown): ReadBody {
  if (data === undefined || data === null || data === '') return { description: 'empty body' };
  if (typeof data === 'string') {
    if (data.length > MAX_PARSE_BYTES) return { description: `body of ${data.length} characters, not parsed` };
    const t = data.trimStart();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return { json: JSON.parse(data) as unknown };
      } catch {
        return describeText(data);
      }
    }
    if (t === '') return { description: 'empty body' };
    return describeText(data);
  }
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.byteLength === 0) return { description: 'empty body' };
    if (bytes.byteLength > MAX_PARSE_BYTES) return { description: `body of ${bytes.byteLength} bytes, not parsed` };
    return readBody(new TextDecoder().decode(bytes));
  }
  if (typeof data === 'object') return { json: data };
  return { description: `unexpected body of type ${typeof data}` };
}
