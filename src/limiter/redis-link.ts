/**
 * How `redisLimiter` talks to Redis without ever hanging or crashing a caller: commands are not sent while
 * the client is reconnecting or closed (one probe at a time while it connects, so its offline queue never
 * holds more than one of ours), every command is bounded by `commandTimeoutMs`, and after a failure Redis is
 * left alone for `recheckMs`.
 * @module
 */
import type { Cluster, Redis } from 'ioredis';
import type { Clock } from '../time.js';
import { runScript, withTimeout, type LuaScript } from './redis-scripts.js';

/** The connection state of one limiter. */
export class RedisLink {
  private downUntil = 0;
  private probing = false;
  /** The command probing a connecting client: callers may wait for it rather than go around Redis. */
  probe: Promise<unknown> | undefined = undefined;
  /** Called after every command that Redis answered (to replay what it missed). */
  onAnswer: (() => void) | undefined = undefined;

  constructor(
    private readonly client: Redis | Cluster,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly recheckMs: number,
    private readonly onError: ((error: unknown) => void) | undefined,
  ) {}

  /** True while Redis is not known good: a command failed within `recheckMs`, or the client is not `ready`. */
  get degraded(): boolean {
    return this.clock.now() < this.downUntil || this.client.status !== 'ready';
  }

  /** True when a failure was recorded less than `recheckMs` before `now`. */
  isDown(now: number): boolean {
    return now < this.downUntil;
  }

  /**
   * Worth sending to: `ready`; or still connecting (`wait` is lazyConnect, where sending connects), one probe
   * at a time.
   */
  usable(now: number): boolean {
    if (now < this.downUntil) return false;
    const st = this.client.status;
    return st === 'ready' || (!this.probing && (st === 'wait' || st === 'connecting' || st === 'connect'));
  }

  /** Records a failure: Redis is left alone for `recheckMs`. */
  fail(err: unknown): void {
    this.downUntil = this.clock.now() + this.recheckMs;
    this.onError?.(err);
  }

  /** Runs a script, bounded by the command timeout. */
  async call(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const probing = this.client.status !== 'ready';
    if (probing) this.probing = true;
    const p = withTimeout(runScript(this.client, script, keys, args), this.timeoutMs);
    if (probing) this.probe = p.catch(() => undefined);
    try {
      const reply = await p;
      this.onAnswer?.();
      return reply;
    } finally {
      if (probing) {
        this.probing = false;
        this.probe = undefined;
      }
    }
  }
}
