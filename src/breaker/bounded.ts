/**
 * A time bound on one Redis command that a stalled process cannot trip by itself.
 * @module
 */

/**
 * Rejects when `promise` has not settled `ms` after the call. When the timer fires late (the event loop was
 * blocked), a reply that arrived meanwhile still wins: the rejection waits one I/O turn (`setImmediate` runs after
 * the poll phase that delivers socket data), so a busy process does not mistake its own stall for a hung Redis.
 */
export function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (done) return;
        done = true;
        reject(new Error(`redisBreaker: Redis did not answer within ${ms} ms`));
      });
    }, ms);
    timer.unref?.();
    promise.then(
      (v) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
