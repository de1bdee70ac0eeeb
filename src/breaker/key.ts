/**
 * A limiter key as it may appear in events and errors: the key is the API's origin plus a hash of the
 * credential (never the credential itself), but a URL's userinfo (`https://user:pass@host`) is dropped too.
 * @module
 */

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

/** The key without URL userinfo. */
export function redactKey(key: string): string {
  return key.replace(USERINFO, '$1');
}

/** The origin part of a key (before the credential hash), without userinfo; the whole key when it has none. */
export function keyOrigin(key: string): string {
  const k = redactKey(key);
  const hash = k.indexOf('#');
  return hash < 0 ? k : k.slice(0, hash);
}
