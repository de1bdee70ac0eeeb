/**
 * The HTTP server: records every arrival, applies rate limits, signatures and faults, and answers in the dialect.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BinanceGate } from './binance-gate.js';
import { binanceWeight } from './binance-limits.js';
import { DIALECTS, type DialectSpec, type ErrorKind } from './dialects/index.js';
import { Exchange } from './exchange.js';
import { EFFECT_THEN_FAULT, normalizeFaultRates, pickFault, ScriptQueue } from './faults.js';
import { SimLedger } from './ledger.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { RequestDraws } from './fault-draw.js';
import { mulberry32 } from './prng.js';
import { KeyedTokenBuckets, RetryAfterWindows, retryAfterSeconds } from './rate-limit.js';
import { errorReply, faultReply, type Reply } from './replies.js';
import { clientIp, defaultIntentKey, intentOfRequest, parseBody } from './request.js';
import { routeTable, type RouteTable } from './routes.js';
import { checkSignature } from './signing/index.js';
import { TimerSet } from './timers.js';
import type { Arrival, FaultName, RouteName, Simulator, SimulatorOptions } from './types.js';

/** The API key rate limits and Retry-After windows are kept per (Binance: per IP, see {@link Engine}). */
export function apiKeyOf(headers: Record<string, string>): string {
  for (const name of ['authorization', 'x-api-key', 'x-mbx-apikey', 'orderly-key']) {
    const value = headers[name];
    if (value !== undefined && value !== '') return value;
  }
  return 'anon';
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Starts a simulator on 127.0.0.1. Rejects with a `TypeError`/`RangeError` for invalid options. */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const config = resolveOptions(opts);
  const engine = new Engine(config);
  const server = createServer((req, res) => engine.onRequest(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dialect: config.dialect,
    routes: engine.routes.paths,
    signing: config.credentials,
    ledger: engine.ledger,
    arrivals: engine.arrivals,
    inject: (script) => engine.scripts.add(script),
    setFaults: (faults) => engine.setFaults(faults),
    close() {
      closing ??= new Promise<void>((resolve) => {
        engine.shutdown();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The request pipeline of one simulator. */
class Engine {
  readonly arrivals: Arrival[] = [];
  readonly #windows = new RetryAfterWindows();
  readonly ledger = new SimLedger(this.arrivals, this.#windows.given);
  readonly scripts = new ScriptQueue();
  readonly routes: RouteTable;
  readonly #config: ResolvedOptions;
  readonly #spec: DialectSpec;
  readonly #exchange: Exchange;
  readonly #rng: () => number;
  readonly #requestDraws: RequestDraws | undefined;
  readonly #buckets: KeyedTokenBuckets | undefined;
  readonly #gate: BinanceGate | undefined;
  readonly #timers = new TimerSet();
  #closed = false;

  constructor(config: ResolvedOptions) {
    this.#config = config;
    this.#spec = DIALECTS[config.dialect];
    this.routes = routeTable(config.dialect);
    this.#exchange = new Exchange(this.#spec, this.ledger, config.totp, config.lists);
    this.#rng = mulberry32(config.seed);
    this.#requestDraws = config.faultDraw === 'request' ? new RequestDraws(config.seed) : undefined;
    this.#buckets = config.rateLimit && new KeyedTokenBuckets(config.rateLimit.limit, config.rateLimit.intervalMs);
    this.#gate = config.dialect === 'binance' ? new BinanceGate(this.#spec, config.binance) : undefined;
  }

  /** Replaces the random fault rates; throws a `RangeError` (leaving the old rates) for invalid ones. */
  setFaults(faults: Partial<Record<FaultName, number>>): void {
    this.#config.rates = normalizeFaultRates(faults);
  }

  shutdown(): void {
    this.#closed = true;
    this.#timers.clearAll();
  }

  onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined);
    req.on('end', () => {
      if (this.#closed) return;
      let arrival: Arrival | undefined;
      try {
        const raw = Buffer.concat(chunks);
        arrival = this.#record(req, raw);
        this.#process(req, res, arrival, raw);
      } catch (error) {
        // A simulator bug must not look like an injected fault: answer the dialect's 500 and say so on stderr.
        process.stderr.write(`resolute simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        this.#send(req, res, arrival, errorReply(this.#spec, 'internal'));
      }
    });
  }

  /** Rate limits, Retry-After windows and bans are kept per API key; Binance's per IP, as documented. */
  #limitKey(arrival: Arrival): string {
    return this.#config.dialect === 'binance' ? arrival.ip : arrival.apiKey;
  }

  #record(req: IncomingMessage, raw: Buffer): Arrival {
    const now = this.#config.now();
    const headers = flattenHeaders(req);
    const arrival: Arrival = {
      seq: this.arrivals.length + 1,
      at: now,
      method: (req.method ?? 'GET').toUpperCase(),
      path: req.url ?? '/',
      route: 'unknown',
      apiKey: apiKeyOf(headers),
      ip: clientIp(headers, req.socket.remoteAddress),
      rawBody: raw.toString('utf8'),
      headers,
      insideRetryAfter: false,
      applied: false,
    };
    arrival.insideRetryAfter = this.#windows.isInside(this.#limitKey(arrival), now);
    this.arrivals.push(arrival);
    return arrival;
  }

  #process(req: IncomingMessage, res: ServerResponse, arrival: Arrival, raw: Buffer): void {
    const target = arrival.path.startsWith('/') ? arrival.path : `/${arrival.path}`;
    const url = new URL(`http://127.0.0.1${target}`);
    const match = this.routes.match(arrival.method, url);
    const route: RouteName | 'unknown' = match.kind === 'route' ? match.route : 'unknown';
    arrival.route = route;
    const dialect = this.#config.dialect;

    // Parse mutating bodies and derive the intent.
    let body: Record<string, unknown> = {};
    let bodyError: ErrorKind | undefined;
    if (route === 'placeOrder' || route === 'withdraw') {
      const parsed = parseBody(dialect, arrival.rawBody, url.searchParams);
      if (parsed.ok) {
        body = parsed.body;
        arrival.intent = intentOfRequest(dialect, arrival.method, route, body, this.#config.intentKey);
      } else {
        bodyError = parsed.error;
      }
    }

    // faultDraw 'arrival' (the default): one draw per arrival on a fault route, whatever happens next: the fault
    // sequence depends only on the seed and the arrival sequence.
    const faultRoute = route !== 'unknown' && this.#config.faultRoutes.has(route);
    let draw = faultRoute && this.#requestDraws === undefined ? this.#rng() : undefined;

    let headers: Record<string, string> = {};
    const finish = (reply: Reply, extraMs = 0): void =>
      this.#finish(req, res, arrival, reply.kind === 'reset' ? reply : { ...reply, headers: { ...reply.headers, ...headers } }, extraMs);

    if (this.#gate !== undefined) {
      const admission = this.#gate.admit(arrival.ip, binanceWeight(route, url.searchParams), arrival.at, arrival.insideRetryAfter);
      headers = admission.headers;
      if (admission.refusal !== undefined) return finish(admission.refusal);
    }
    if (this.#buckets !== undefined && this.#config.rateLimit !== undefined) {
      const taken = this.#buckets.take(this.#limitKey(arrival), arrival.at);
      if (!taken.ok) {
        const retryAfterSec = this.#config.rateLimit.retryAfter ? retryAfterSeconds(taken.retryAfterMs) : undefined;
        return finish(errorReply(this.#spec, 'rateLimited', undefined, retryAfterSec));
      }
    }
    // faultDraw 'request': per request and attempt, past the rate limit (whose 429s depend on timing).
    if (faultRoute && this.#requestDraws !== undefined) draw = this.#requestDraws.next(arrival);
    if (match.kind === 'not-found') return finish(errorReply(this.#spec, 'routeNotFound'));
    if (match.kind === 'method-not-allowed') return finish(errorReply(this.#spec, 'methodNotAllowed'));

    if (this.#config.signer !== undefined) {
      const check = checkSignature(this.#config.signer, {
        method: arrival.method,
        route: match.route,
        target,
        headers: arrival.headers,
        raw,
        now: arrival.at,
      });
      if (check !== undefined) arrival.signature = check.verdict;
      if (check !== undefined && check.verdict !== 'ok') return finish(errorReply(this.#spec, check.kind, check.detail));
    }
    if (bodyError !== undefined) return finish(errorReply(this.#spec, bodyError));

    const scripted = this.scripts.take(match.route);
    const fault = scripted?.fault ?? (draw === undefined ? undefined : pickFault(this.#config.rates, draw));
    if (fault !== undefined) arrival.fault = fault;
    const faulty = fault === undefined ? undefined : faultReply(this.#spec, fault, scripted?.retryAfterSec, this.#config.binance.timeoutStatus);
    if (fault !== undefined && !EFFECT_THEN_FAULT.has(fault)) return finish(faulty!);

    // The API's own client order id field (whatever the ledger counts intents by).
    const idField = match.route === 'placeOrder' ? defaultIntentKey(dialect, 'placeOrder') : undefined;
    const clientId = idField === undefined ? undefined : body[idField];
    const result = this.#exchange.handle({
      route: match.route,
      body: withoutSigningParams(dialect, body),
      query: url.searchParams,
      ...(match.lookupId === undefined ? {} : { lookupId: match.lookupId }),
      ...(match.lookupBy === undefined ? {} : { lookupBy: match.lookupBy }),
      ...(arrival.intent === undefined ? {} : { intent: arrival.intent }),
      ...(typeof clientId === 'string' && clientId !== '' ? { clientOrderId: clientId } : {}),
      seq: arrival.seq,
      now: arrival.at,
    });
    if (result.applied) arrival.applied = true;
    if (fault === 'slow') return finish({ kind: 'json', status: result.status, body: result.body }, this.#config.slowMs);
    return finish(faulty ?? { kind: 'json', status: result.status, body: result.body });
  }

  /** Sends `reply` after the configured latency (plus `extraMs`). */
  #finish(req: IncomingMessage, res: ServerResponse, arrival: Arrival, reply: Reply, extraMs = 0): void {
    const wait = this.#config.latencyMs + extraMs;
    if (wait <= 0) return this.#send(req, res, arrival, reply);
    void this.#timers.delay(wait).then(() => this.#send(req, res, arrival, reply));
  }

  #send(req: IncomingMessage, res: ServerResponse, arrival: Arrival | undefined, reply: Reply): void {
    if (this.#closed || res.headersSent || res.destroyed) return;
    if (reply.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (arrival !== undefined) arrival.status = reply.status;
    if (reply.kind === 'raw') {
      res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.text) });
      res.end(reply.text);
      return;
    }
    const text = JSON.stringify(reply.body);
    const headers: Record<string, string | number> = {
      ...reply.headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    };
    if (reply.retryAfterSec !== undefined) {
      headers['retry-after'] = String(reply.retryAfterSec);
      const now = this.#config.now();
      if (arrival !== undefined) this.#windows.open(this.#limitKey(arrival), now + reply.retryAfterSec * 1000, now);
    }
    res.writeHead(reply.status, headers);
    res.end(text);
  }
}

/** Binance's `timestamp`, `recvWindow` and `signature` are not part of the order or withdrawal. */
function withoutSigningParams(dialect: string, body: Record<string, unknown>): Record<string, unknown> {
  if (dialect !== 'binance') return body;
  const { timestamp: _t, recvWindow: _r, signature: _s, ...rest } = body;
  return rest;
}
