/**
 * Bounded copies of values nobody vouches for (server bodies, request bodies kept in errors and journals):
 * whatever their depth, size, type or traps, the copy is plain JSON data (null, booleans, finite numbers, strings,
 * arrays, plain objects), at most `maxDepth` levels deep and about `maxChars` characters once serialized, with
 * every cut marked `[cut: …]`. Never throws; recursion never goes deeper than `maxDepth`.
 * @module
 */

/** The key under which an object's cut is marked: `{ a: 1, '…': '[cut: 41 more keys]' }`. */
export const CUT_KEY = '…';

/** How a copy is bounded and what it hides. */
export interface BoundedOptions {
  /** Levels of nesting kept; deeper values become a `[cut: …]` marker. @default 16 */
  readonly maxDepth?: number;
  /** Serialized characters kept, roughly; the rest is cut and marked. @default 4096 */
  readonly maxChars?: number;
  /** Keys whose value is replaced by `hidden` (secrets). */
  readonly hide?: (key: string) => boolean;
  /** The replacement of a hidden value. @default '[redacted]' */
  readonly hidden?: string;
  /**
   * A string leaf's replacement (e.g. a JSON string parsed and copied with `walk`), or `undefined` to keep the
   * string (cut to the budget).
   */
  readonly onString?: (s: string, depth: number, walk: (value: unknown, depth: number) => unknown) => unknown;
}

/** `Object.defineProperty` for keys such as `__proto__`, which plain assignment would turn into a prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const OMIT = Symbol('omit');

/** One copy in progress: the budget left and the options. */
export class Bounded {
  /** Characters left in the budget. */
  left: number;
  readonly #o: BoundedOptions;
  readonly #maxDepth: number;

  constructor(o: BoundedOptions = {}) {
    this.#o = o;
    this.#maxDepth = o.maxDepth ?? 16;
    this.left = o.maxChars ?? 4096;
  }

  /** A string cut to what is left of the budget, marked when cut. */
  cut(s: string): string {
    if (s.length + 2 <= this.left) {
      this.left -= s.length + 2;
      return s;
    }
    const keep = Math.max(0, this.left - 2);
    this.left -= keep + 32;
    return `${s.slice(0, keep)}…[cut: ${s.length} characters in all]`;
  }

  /** The bounded copy of `x` at `depth` (0 = the top). `undefined` for what JSON would omit (functions, symbols). */
  copy(x: unknown, depth = 0): unknown {
    const v = this.#value(x, depth);
    return v === OMIT ? undefined : v;
  }

  #value(x: unknown, depth: number): unknown {
    switch (typeof x) {
      case 'string':
        return this.#string(x, depth);
      case 'number':
        this.left -= 8;
        return Number.isFinite(x) ? x : null;
      case 'boolean':
        this.left -= 5;
        return x;
      case 'bigint':
        return this.cut(String(x));
      case 'undefined':
      case 'function':
      case 'symbol':
        return OMIT;
      default:
        if (x === null) {
          this.left -= 4;
          return null;
        }
        if (depth >= this.#maxDepth) return this.cut(`[cut: nested deeper than ${this.#maxDepth} levels]`);
        try {
          return this.#object(x as object, depth);
        } catch {
          return this.cut('[unreadable value]');
        }
    }
  }

  #string(s: string, depth: number): unknown {
    const on = this.#o.onString;
    if (on !== undefined) {
      const r = on(s, depth, (v, d) => this.copy(v, d));
      if (r !== undefined) return r;
    }
    return this.cut(s);
  }

  #object(x: object, depth: number): unknown {
    if (ArrayBuffer.isView(x)) return this.cut(`[binary, ${x.byteLength} bytes]`);
    if (x instanceof ArrayBuffer) return this.cut(`[binary, ${x.byteLength} bytes]`);
    if (typeof Blob !== 'undefined' && x instanceof Blob) return this.cut(`[binary, ${x.size} bytes]`);
    if (x instanceof Date) return this.cut(Number.isNaN(x.getTime()) ? 'Invalid Date' : x.toISOString());
    if (x instanceof Map || x instanceof Set) return this.cut(`[${x instanceof Map ? 'Map' : 'Set'} of ${x.size}]`);
    if (typeof (x as { pipe?: unknown }).pipe === 'function') return this.cut('[stream]');
    if (x instanceof URLSearchParams) return this.form(x);
    if (typeof FormData !== 'undefined' && x instanceof FormData) return this.#entries(x.entries(), depth);
    if (Array.isArray(x)) return this.#array(x, depth);
    const toJSON = (x as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return this.#value(toJSON.call(x) as unknown, depth + 1);
    return this.#record(x as Record<string, unknown>, depth);
  }

  #array(x: readonly unknown[], depth: number): unknown[] {
    const out: unknown[] = [];
    this.left -= 2;
    for (let i = 0; i < x.length; i++) {
      if (this.left <= 0) {
        out.push(`[cut: ${x.length - i} more items]`);
        break;
      }
      const v = this.#value(x[i], depth + 1);
      out.push(v === OMIT ? null : v);
      this.left -= 1;
    }
    return out;
  }

  #record(x: Record<string, unknown>, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(x);
    this.left -= 2;
    for (let i = 0; i < keys.length; i++) {
      if (this.left <= 0) {
        setOwn(out, CUT_KEY, `[cut: ${keys.length - i} more keys]`);
        break;
      }
      const k = keys[i]!;
      const key = k.length > 200 ? `${k.slice(0, 199)}…` : k;
      this.left -= key.length + 4;
      let v: unknown;
      if (this.#o.hide?.(k)) v = this.#o.hidden ?? '[redacted]';
      else {
        try {
          v = this.#value(x[k], depth + 1);
        } catch {
          v = '[unreadable value]';
        }
      }
      if (v !== OMIT) setOwn(out, key, v);
    }
    return out;
  }

  #entries(entries: Iterable<[string, unknown]>, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      if (this.left <= 0) {
        setOwn(out, CUT_KEY, '[cut: more fields]');
        break;
      }
      this.left -= k.length + 4;
      setOwn(out, k, this.#o.hide?.(k) ? (this.#o.hidden ?? '[redacted]') : typeof v === 'string' ? this.#value(v, depth + 1) : this.cut('[file]'));
    }
    return out;
  }

  /** Form fields as a query string, hidden values replaced, cut to the budget and marked. */
  form(params: URLSearchParams): string {
    const parts: string[] = [];
    let used = 0;
    let more = false;
    for (const [k, v] of params) {
      if (used > this.left) {
        more = true;
        break;
      }
      const pair = this.#o.hide?.(k) ? `${formEncode(k)}=${this.#o.hidden ?? '[redacted]'}` : `${formEncode(k)}=${formEncode(v)}`;
      parts.push(pair);
      used += pair.length + 1;
    }
    const s = parts.join('&');
    if (!more && s.length + 2 <= this.left) {
      this.left -= s.length + 2;
      return s;
    }
    const keep = Math.max(0, this.left - 2);
    this.left -= keep + 24;
    return `${s.slice(0, keep)}…[cut: more fields]`;
  }
}

/** Form encoding of one name or value, for display (never throws, even on lone surrogates). */
function formEncode(s: string): string {
  try {
    return encodeURIComponent(s).replace(/%20/g, '+');
  } catch {
    return new URLSearchParams([['', s]]).toString().slice(1); // lone surrogates become U+FFFD
  }
}

/** A bounded copy of `x` (see {@link Bounded}). Never throws. */
export function boundedCopy(x: unknown, o: BoundedOptions = {}): unknown {
  return new Bounded(o).copy(x);
}

/** `x` as JSON text of about `maxChars` characters at most, depth-limited, cut marked. Never throws. */
export function boundedJson(x: unknown, maxChars = 300, maxDepth = 8): string {
  try {
    return JSON.stringify(boundedCopy(x, { maxChars, maxDepth })) ?? String(typeof x);
  } catch {
    return '[unreadable value]';
  }
}
