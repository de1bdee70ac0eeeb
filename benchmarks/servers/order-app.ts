/**
 * An independent order server (express 5), not the project's simulator: `POST /orders` (a `clientId` optional,
 * refused with 409 when already used), `GET /orders/:clientId`, `GET /orders?since=<ms>`, and `GET /_ledger` for
 * the audit. Faults on `POST /orders` only (see order-faults.ts); a 429 opens a one-second window for the client's
 * key (`X-Api-Key`, else `anon`) and arrivals inside it are counted, not refused.
 */
import express, { type Request, type Response } from 'express';
import { OrderBook, type OrderArrival } from './order-book.js';
import { APPLIED_THEN_FAULT, drawFor, faultOf, type OrderFault } from './order-faults.js';

const RETRY_AFTER_S = 1;
const BAD_GATEWAY = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

function fail(res: Response, a: OrderArrival, status: number, code: string, message: string): void {
  a.status = status;
  res.status(status).json({ error: { code, message } });
}

/** The answer of a fault that does not apply the order. */
function refuse(book: OrderBook, res: Response, a: OrderArrival, fault: OrderFault): void {
  switch (fault) {
    case '429':
      book.announce(a.key, Date.now(), RETRY_AFTER_S * 1000);
      res.set('Retry-After', String(RETRY_AFTER_S));
      return fail(res, a, 429, 'RATE_LIMITED', 'too many requests');
    case '500':
      return fail(res, a, 500, 'INTERNAL', 'internal error');
    case '502':
      a.status = 502;
      res.status(502).type('html').send(BAD_GATEWAY);
      return;
    case 'overload':
      return fail(res, a, 503, 'OVERLOADED', 'server overloaded, try again later');
    case '504-before':
    case '504-after':
      return fail(res, a, 504, 'GATEWAY_TIMEOUT', 'upstream timed out');
    case 'reset-before':
    case 'reset-after':
      res.socket?.destroy();
  }
}

function text(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

/** The app, with a fresh book; `seed` fixes the faults. */
export function createOrderApp(seed: number): { app: express.Express; book: OrderBook } {
  const book = new OrderBook();
  const app = express();
  app.use(express.json());
  const arrive = (req: Request, route: OrderArrival['route']): OrderArrival => {
    const headers: Record<string, string> = {};
    const sent = req.get('x-bench-sent');
    if (sent !== undefined) headers['x-bench-sent'] = sent;
    return book.arrive(route, req.get('x-api-key') ?? 'anon', headers, Date.now());
  };

  app.post('/orders', (req, res) => {
    const a = arrive(req, 'place');
    const b: Record<string, unknown> = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    const clientId = text(b.clientId);
    const tag = text(b.tag);
    const symbol = text(b.symbol);
    const side = text(b.side);
    if (symbol === undefined || (side !== 'buy' && side !== 'sell') || typeof b.qty !== 'number' || typeof b.price !== 'number') {
      return fail(res, a, 400, 'VALIDATION', 'symbol, side (buy|sell), qty and price are required');
    }
    const intent = tag ?? clientId;
    if (intent !== undefined) a.intent = intent;
    const fault = faultOf(drawFor(seed, intent === undefined ? `arrival-${a.seq}` : `${intent}#${book.nthSend(intent)}`));
    if (fault !== undefined) a.fault = fault;
    if (fault !== undefined && !APPLIED_THEN_FAULT.has(fault)) return refuse(book, res, a, fault);
    if (clientId !== undefined && book.byClientId(clientId) !== undefined) return fail(res, a, 409, 'DUPLICATE_CLIENT_ID', 'clientId already used');
    const order = book.place(intent, {
      ...(clientId === undefined ? {} : { clientId }),
      ...(tag === undefined ? {} : { tag }),
      symbol,
      side,
      qty: b.qty,
      price: b.price,
      createdAt: Date.now(),
    });
    if (fault !== undefined) return refuse(book, res, a, fault);
    a.status = 201;
    res.status(201).json(order);
  });

  app.get('/orders/:clientId', (req, res) => {
    const a = arrive(req, 'lookup');
    const order = book.byClientId(req.params.clientId);
    if (order === undefined) return fail(res, a, 404, 'NOT_FOUND', 'no order with this clientId');
    a.status = 200;
    res.json(order);
  });

  app.get('/orders', (req, res) => {
    const a = arrive(req, 'list');
    const since = Number(req.query.since ?? 0);
    if (!Number.isFinite(since)) return fail(res, a, 400, 'VALIDATION', 'since must be a number of ms since the epoch');
    a.status = 200;
    res.json({ orders: book.since(since) });
  });

  app.get('/_ledger', (_req, res) => {
    res.json(book.ledger());
  });
  return { app, book };
}
