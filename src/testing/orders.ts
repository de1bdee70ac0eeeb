/**
 * The simulated exchange's orders: every order applied, and what lists and lookups can see of them at a given
 * moment (an order becomes visible `lagMs` after it was applied, as on exchanges whose read side trails the
 * matching engine).
 * @module
 */

/** One applied order. Simulated orders stay open: they never fill or cancel. */
export interface StoredOrder {
  /** The exchange's order id (1, 2, …; shared with withdrawals). */
  id: number;
  /** The ledger intent. */
  intent: string;
  /** The client order id sent, if any. */
  clientOrderId: string | undefined;
  /** When it was applied (simulator clock). */
  at: number;
  /** The request body, without `code2FA` and signing parameters. */
  body: Record<string, unknown>;
  /** How lookups and lists show it (the dialect's documented order object). */
  view: Record<string, unknown>;
}

/** The orders of one simulator. */
export class OrderBook {
  readonly #orders: StoredOrder[] = [];
  readonly #lagMs: number;

  /** `lagMs`: how long after being applied an order becomes visible to lists and lookups. */
  constructor(lagMs: number) {
    this.#lagMs = lagMs;
  }

  /** Stores an applied order. */
  add(order: StoredOrder): void {
    this.#orders.push(order);
  }

  /** Whether an open order carries `clientOrderId` (the true state, lag or not: what a matching engine checks). */
  hasOpen(clientOrderId: string): boolean {
    return this.#orders.some((o) => o.clientOrderId === clientOrderId);
  }

  /** The orders lists and lookups see at `now`, oldest first. */
  visible(now: number): StoredOrder[] {
    return this.#orders.filter((o) => now >= o.at + this.#lagMs);
  }
}
