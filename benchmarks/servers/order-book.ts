/**
 * The independent order server's state: the orders it holds, every arrival (for the audit), the Retry-After
 * windows it announced per client key, and the ledger it hands out at `GET /_ledger`.
 */
import { union, type Interval } from '../lib/windows.js';
import type { OrderFault } from './order-faults.js';

/** One placed order. */
export interface Order {
  readonly id: number;
  readonly clientId?: string;
  readonly tag?: string;
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly price: number;
  readonly createdAt: number;
}

/** One request the server received. */
export interface OrderArrival {
  readonly seq: number;
  /** `Date.now()` when the request reached the route. */
  readonly at: number;
  readonly route: 'place' | 'lookup' | 'list' | 'other';
  readonly key: string;
  /** Arrived while a window announced to its key was open. */
  readonly insideWindow: boolean;
  /** Lower-case request headers the benchmark reads (`x-bench-sent`). */
  readonly headers: Record<string, string>;
  intent?: string;
  fault?: OrderFault;
  status?: number;
}

/** One announced window: `key` told at `from` to wait until `until`. */
export interface AnnouncedWindow extends Interval {
  readonly key: string;
}

/** What `GET /_ledger` answers. */
export interface OrderLedger {
  readonly arrivals: readonly OrderArrival[];
  /** Orders applied per intent (the order's `tag`, else its `clientId`). */
  readonly applied: Readonly<Record<string, number>>;
  /** Intents applied more than once. */
  readonly duplicates: readonly string[];
  /** Arrivals inside a window announced to their key. */
  readonly insideWindows: number;
  readonly windows: readonly AnnouncedWindow[];
  /** The union of every key's windows. */
  readonly union: readonly Interval[];
}

/** The server's state. */
export class OrderBook {
  readonly #orders: Order[] = [];
  readonly #byClientId = new Map<string, Order>();
  readonly #applied = new Map<string, number>();
  readonly #sends = new Map<string, number>();
  readonly #arrivals: OrderArrival[] = [];
  readonly #windows: AnnouncedWindow[] = [];
  readonly #until = new Map<string, number>();

  /** Records an arrival and says whether its key was inside a window. */
  arrive(route: OrderArrival['route'], key: string, headers: Record<string, string>, now: number): OrderArrival {
    const a: OrderArrival = { seq: this.#arrivals.length + 1, at: now, route, key, headers, insideWindow: now < (this.#until.get(key) ?? 0) };
    this.#arrivals.push(a);
    return a;
  }

  /** Which send of `intent` this is (0 for the first). */
  nthSend(intent: string): number {
    const n = this.#sends.get(intent) ?? 0;
    this.#sends.set(intent, n + 1);
    return n;
  }

  /** Announces a window to `key` from `now` for `ms`. */
  announce(key: string, now: number, ms: number): void {
    this.#windows.push({ key, from: now, until: now + ms });
    this.#until.set(key, Math.max(this.#until.get(key) ?? 0, now + ms));
  }

  /** The order with this client id. */
  byClientId(clientId: string): Order | undefined {
    return this.#byClientId.get(clientId);
  }

  /** Places `order` under `intent`. */
  place(intent: string | undefined, order: Omit<Order, 'id'>): Order {
    const placed: Order = { ...order, id: this.#orders.length + 1 };
    this.#orders.push(placed);
    if (placed.clientId !== undefined) this.#byClientId.set(placed.clientId, placed);
    if (intent !== undefined) this.#applied.set(intent, (this.#applied.get(intent) ?? 0) + 1);
    return placed;
  }

  /** Orders created at or after `since`. */
  since(since: number): Order[] {
    return this.#orders.filter((o) => o.createdAt >= since);
  }

  /** The ledger. */
  ledger(): OrderLedger {
    return {
      arrivals: this.#arrivals,
      applied: Object.fromEntries(this.#applied),
      duplicates: [...this.#applied].filter(([, n]) => n > 1).map(([i]) => i),
      insideWindows: this.#arrivals.filter((a) => a.insideWindow).length,
      windows: this.#windows,
      union: union(this.#windows),
    };
  }
}
