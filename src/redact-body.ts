/**
 * Request bodies and query parameters as kept in errors, hook contexts, events and the journal: parsed (JSON,
 * form-encoded), secret fields replaced, at most a few KiB, cuts marked. Never throws.
 * @module
 */
import { Bounded } from './bounded.js';
import { isSecretField, REDACTED } from './redact.js';

/** Bodies kept in errors, events and the journal are cut at about this many characters. @default 4096 */
export const MAX_KEPT_CHARS = 4096;
/** A JSON string body longer than this is not parsed (so not kept): it cannot be redacted field by field. */
const MAX_PARSE_CHARS = 1 << 20;
/** A form string is parsed up to this length: what follows could never fit the budget anyway. */
const MAX_FORM_CHARS = 64 * 1024;
/** Nested JSON strings (a JSON body inside a field) are parsed up to this length. */
const MAX_NESTED_PARSE_CHARS = 64 * 1024;

/** How a body is read. */
export interface RedactOptions {
  /** The body is `application/x-www-form-urlencoded` (from its Content-Type). */
  readonly form?: boolean;
  /** The budget, in serialized characters. @default MAX_KEPT_CHARS */
  readonly maxChars?: number;
}

function looksJson(s: string): boolean {
  const t = s.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

/**
 * A request body (or `params`) with secret fields replaced, bounded. Objects are copied field by field; a JSON
 * string is parsed, redacted and serialized again; a form string or `URLSearchParams` is parsed as a form (not
 * pattern-matched); binary bodies and streams are described by kind and size. A JSON string that cannot be parsed
 * is not kept (it cannot be redacted field by field); other text is kept, cut to the budget.
 */
export function redactData(data: unknown, opts: RedactOptions = {}): unknown {
  const b: Bounded = new Bounded({
    maxChars: opts.maxChars ?? MAX_KEPT_CHARS,
    hide: isSecretField,
    hidden: REDACTED,
    onString: (s, depth, walk) => {
      if (depth > 0) {
        if (s.length > MAX_NESTED_PARSE_CHARS || !looksJson(s)) return undefined;
        const parsed = tryParse(s);
        return parsed === NOT_JSON ? undefined : stringify(walk(parsed, depth + 1));
      }
      if (looksJson(s)) {
        if (s.length > MAX_PARSE_CHARS) return `[JSON body of ${s.length} characters, not kept]`;
        const parsed = tryParse(s);
        if (parsed === NOT_JSON) return `[malformed JSON body of ${s.length} characters, not kept]`;
        return stringify(walk(parsed, depth + 1));
      }
      if (opts.form === true || s.includes('=')) return b.form(new URLSearchParams(s.length > MAX_FORM_CHARS ? s.slice(0, MAX_FORM_CHARS) : s));
      return undefined;
    },
  });
  return b.copy(data);
}

const NOT_JSON = Symbol('not JSON');

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function stringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '[unreadable value]';
  }
}
