/**
 * Error and success bodies per dialect, as each API documents them (seeds in /work/shared/seeds, references cited
 * per file). Where an API documents no code for a situation, the dialect's body shape is used with the nearest
 * documented code; every such choice is marked `undocumented` in its file.
 * @module
 */
import type { DialectName } from '../types.js';
import { alp } from './alp.js';
import { batchdata } from './batchdata.js';
import { binance } from './binance.js';
import { bybit } from './bybit.js';
import { infinex } from './infinex.js';
import { okx } from './okx.js';
import { orderly } from './orderly.js';
import type { DialectSpec } from './types.js';

export type { DialectSpec, ErrorDetail, ErrorKind, ErrorReply } from './types.js';

/** The dialect specs by name. */
export const DIALECTS: Readonly<Record<DialectName, DialectSpec>> = { infinex, batchdata, alp, orderly, binance, bybit, okx };

/** Every dialect name, in a fixed order. */
export const DIALECT_NAMES: readonly DialectName[] = ['infinex', 'batchdata', 'alp', 'orderly', 'binance', 'bybit', 'okx'];

/** Whether `name` is a {@link DialectName}. */
export function isDialectName(name: unknown): name is DialectName {
  return typeof name === 'string' && Object.hasOwn(DIALECTS, name);
}

/** The nginx-style page sent by the `502-html` fault. */
export const NGINX_502_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * The `malformed` fault's body: the dialect's own 500 body, serialized and cut in half, so it is recognisably the
 * API's JSON but cannot be parsed (e.g. Infinex `{"error":{"code":"INTERNAL_`).
 */
export function malformedBody(spec: DialectSpec): string {
  const full = JSON.stringify(spec.error('internal').body);
  return full.slice(0, Math.floor(full.length / 2));
}
