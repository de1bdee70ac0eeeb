/** Counting arrivals in sliding windows (rate-limit assertions). */

/** The largest count of timestamps inside any half-open window [t, t + windowMs). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const s = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[j]! <= s[i]! - windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
