/**
 * Does a list answer cover the moment of the send? Pure. A list proves an order absent only when nothing that
 * could hold it was cut away: no further page, and either fewer items than the most one answer holds, or a full
 * answer whose kept end reaches past the moment (a newest-first answer cut at 100 that still holds an item older
 * than the send dropped only older ones).
 * @module
 */

/** What is known about one list answer. */
export interface ListShape {
  /** Items in the answer. */
  readonly count: number;
  /** The most items one answer holds (the API's cap, or the page size asked for); `undefined` when not known. */
  readonly limit?: number | undefined;
  /** The API says more pages follow (a cursor, a total above what was returned). */
  readonly more?: boolean | undefined;
  /** The API says the answer is (true) or is not (false) the whole result; `undefined` when it says nothing. */
  readonly complete?: boolean | undefined;
  /** Creation times of the items (ms), when they can be read. */
  readonly times?: readonly (number | undefined)[] | undefined;
  /** Which end of the result a cut answer keeps: `newest` (older items dropped) or `oldest`; `undefined`: unknown. */
  readonly keeps?: 'newest' | 'oldest' | undefined;
  /** The earliest moment the send can have happened (skew included), ms. */
  readonly from: number;
  /** The latest moment the order can have become visible (the lookup's time), ms. */
  readonly until: number;
}

/** The verdict on a list answer. */
export type Coverage = { readonly covers: true } | { readonly covers: false; readonly why: string };

const yes: Coverage = Object.freeze({ covers: true });
const no = (why: string): Coverage => Object.freeze({ covers: false, why });

/** Whether the answer covers the send: see the module notes. */
export function listCovers(s: ListShape): Coverage {
  if (s.more === true) return no('more pages follow');
  if (s.complete === false) return no('the API says the answer is partial');
  if (s.complete === true) return yes;
  if (s.limit === undefined) return no('the list has no known limit, so a cut cannot be ruled out');
  if (s.count < s.limit) return yes;
  const times = (s.times ?? []).filter((t): t is number => typeof t === 'number' && Number.isFinite(t));
  const older = times.some((t) => t < s.from);
  const newer = times.some((t) => t > s.until);
  const full = `a full answer (${s.count} of at most ${s.limit})`;
  if (s.keeps === 'newest') return older ? yes : no(`${full} holds nothing older than the send: older items may have been cut`);
  if (s.keeps === 'oldest') return newer ? yes : no(`${full} holds nothing newer than the lookup: newer items may have been cut`);
  return older && newer ? yes : no(`${full} of unknown order does not reach past the send on both ends`);
}
