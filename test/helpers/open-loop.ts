/**
 * An open-loop load at a steady rate that never catches up: when the process stalls past one or more slots,
 * those slots are skipped (as a ticker's missed ticks are), so a stall never turns into a burst of requests
 * that no steady client would send. Stops at `untilMs` (epoch ms) or once `stop()` says so. Returns the start
 * time of every request it made.
 */
export async function openLoop(everyMs: number, untilMs: number, fire: (i: number, at: number) => void, stop: () => boolean = () => false): Promise<number[]> {
  const started: number[] = [];
  const t0 = Date.now();
  for (let slot = 0; ; slot++) {
    let due = t0 + slot * everyMs;
    if (due >= untilMs) break;
    const now = Date.now();
    if (now - due >= everyMs) {
      slot = Math.floor((now - t0) / everyMs); // skip the slots missed while stalled
      due = t0 + slot * everyMs;
      if (due >= untilMs) break;
    }
    if (due - Date.now() >= 1) await new Promise((r) => setTimeout(r, due - Date.now()));
    if (stop()) break;
    const at = Date.now();
    started.push(at);
    fire(started.length - 1, at);
  }
  return started;
}
