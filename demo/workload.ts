/**
 * The workload: order intents, reads and a few 2FA withdrawals, built the same for every contender.
 * @module
 */
import type { DialectName, SimulatorRoutes } from '../src/testing/index.js';

/** One unit of work. `id` names it in the outcome table; for orders and withdrawals it is also in the body. */
export type Task =
  | { readonly kind: 'order'; readonly id: string; readonly url: string; readonly body: Record<string, unknown> }
  | { readonly kind: 'withdraw'; readonly id: string; readonly url: string; readonly body: Record<string, unknown> }
  | { readonly kind: 'read'; readonly id: string; readonly url: string };

/** The whole workload, in the order the workers take it. */
export interface Workload {
  readonly tasks: readonly Task[];
  readonly orders: number;
  readonly withdrawals: number;
  readonly reads: number;
}

/** A few withdrawals: each needs a fresh TOTP code, and the simulator refuses a code twice (see `otp.ts`). */
export const WITHDRAWALS = 3;

/**
 * The body field the simulator counts intents by (`SimulatorOptions.intentKey`). ALP orders carry
 * `client_order_id`. Orderly orders carry only an `order_tag`, as most bots send them: no client order id, so
 * the exchange cannot refuse a blind resend (resolute stamps its own operation id into `client_order_id`, which
 * is what its verify lookups use). Infinex and BatchData have no client order id: the demo sends its own `ref`.
 */
export function intentKeyOf(dialect: DialectName): 'client_order_id' | 'order_tag' | 'ref' {
  return dialect === 'alp' ? 'client_order_id' : dialect === 'orderly' ? 'order_tag' : 'ref';
}

/** A valid order body for `dialect` carrying `id` where the simulator (and the verify hook) will look for it. */
export function orderBody(dialect: DialectName, id: string, i: number): Record<string, unknown> {
  const buy = i % 2 === 0;
  const qty = (0.01 * (1 + (i % 5))).toFixed(2);
  const price = 65_000 + (i % 7) * 5;
  switch (dialect) {
    case 'infinex':
      return { pair: 'BTC_USDT', side: buy ? 'BUY' : 'SELL', type: 'LIMIT', amount: qty, price: String(price), ref: id };
    case 'batchdata':
      return { requests: [{ propertyAddress: { street: `${1 + i} Main St`, city: 'Phoenix', state: 'AZ', zip: '85001' } }], ref: id };
    case 'alp':
      return { pair: 'BTC_USDT', order_side: buy ? 'BUY' : 'SELL', order_type: 'LIMIT', wallet_type: 'SPOT', base_amount: qty, limit_price: String(price), client_order_id: id };
    case 'orderly':
      return { symbol: 'PERP_BTC_USDC', order_type: 'LIMIT', side: buy ? 'BUY' : 'SELL', order_price: price, order_quantity: Number(qty), order_tag: id };
    case 'binance':
    case 'bybit':
    case 'okx':
      throw new Error(`the demo does not speak ${dialect} yet`);
  }
}

/**
 * A withdrawal body. It always carries `ref`: for Infinex and BatchData that is the simulator's intent key; for
 * ALP and Orderly the simulator keys withdrawals by their canonical body, and `stats.ts` maps them back by `ref`.
 */
export function withdrawalBody(id: string, i: number): Record<string, unknown> {
  return { asset: 'USDC', network: 'ETH', address: '0x00000000000000000000000000000000000dEaD0', amount: `${25 * (i + 1)}.00`, ref: id };
}

/**
 * Builds the workload: `intents` orders, one read after every third order (two ticker reads for one order-list
 * read), and {@link WITHDRAWALS} withdrawals spread through the run (never more than there are orders).
 */
export function buildWorkload(dialect: DialectName, routes: SimulatorRoutes, intents: number): Workload {
  const withdrawals = Math.min(WITHDRAWALS, intents);
  const withdrawAt = new Map<number, number>();
  for (let w = 0; w < withdrawals; w++) withdrawAt.set(Math.floor(((w + 1) * intents) / (withdrawals + 1)), w);

  const tasks: Task[] = [];
  let reads = 0;
  for (let i = 0; i < intents; i++) {
    const id = `ord-${String(i + 1).padStart(4, '0')}`;
    tasks.push({ kind: 'order', id, url: routes.placeOrder, body: orderBody(dialect, id, i) });
    const w = withdrawAt.get(i);
    if (w !== undefined) {
      const wid = `wd-${w + 1}`;
      tasks.push({ kind: 'withdraw', id: wid, url: routes.withdraw, body: withdrawalBody(wid, w) });
    }
    if (i % 3 === 2) {
      const path = reads % 3 === 2 ? routes.listOrders : routes.ticker;
      reads++;
      // A read has no intent: its query names it, so the simulator draws its faults per read and attempt.
      tasks.push({ kind: 'read', id: `read-${reads}`, url: `${path}?req=read-${reads}` });
    }
  }
  return { tasks, orders: intents, withdrawals, reads };
}
