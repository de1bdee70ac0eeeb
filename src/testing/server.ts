/**
 * The HTTP server: records every arrival, applies rate limits, signatures and faults, and answers in the dialect.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DIALECTS, malformedBody, NGINX_502_HTML, type DialectSpec, type ErrorKind } from './dialects.js';
import { Exchange } from './exchange.js';
import { EFFECT_THEN_FAULT, normalizeFaultRates, pickFault, ScriptQueue } from './faults.js';
import { intentOf } from './intent.js';
import { SimLedger } from './ledger.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { RequestDraws } from './fault-draw.js';
import { mulberry32 } from './prng.js';
import { KeyedTokenBuckets, RetryAfterWindows, retryAfterSeconds } from './rate-limit.js';
import { routeTable, type RouteTable } from './routes.js';
import { checkAlpSignature } from './signature.js';
import { TimerSet } from './timers.js';
import type { Arrival, FaultName, RouteName, Simulator, SimulatorOptions } from './types.js';

/** What to send back. */
type Reply =
  | { kind: 'json'; status: number; body: unknown; retryAfterSec?: number | undefined }
  | { kind: 'raw'; status: number; text: string; headers: Record<string, string> }
  | { kind: 'reset' };

/** The API key rate limits and Retry-After windows are kept per. */
export function apiKeyOf(headers: Record<string, string>): string {
  for (const name of ['authorization', 'x-api-key', 'orderly-key']) {
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
  readonly ledger = new SimLedger(this.arrivals);
  readonly scripts = new ScriptQueue();
  readonly routes: RouteTable;
  readonly #config: ResolvedOptions;
  readonly #spec: DialectSpec;
  readonly #exchange: Exchange;
  readonly #rng: () => number;
  readonly #requestDraws: RequestDraws | undefined;
  readonly #buckets: KeyedTokenBuckets | undefined;
  readonly #windows = new RetryAfterWindows();
  readonly #timers = new TimerSet();
  #closed = false;

  constructor(config: ResolvedOptions) {
    this.#config = config;
    this.#spec = DIALECTS[config.dialect];
    this.routes = routeTable(config.dialect);
    this.#exchange = new Exchange(this.#spec, this.ledger, config.totp);
    this.#rng = mulberry32(config.seed);
    this.#requestDraws = config.faultDraw === 'request' ? new RequestDraws(config.seed) : undefined;
    this.#buckets = config.rateLimit && new KeyedTokenBuckets(config.rateLimit.limit, config.rateLimit.intervalMs);
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
        this.#send(req, res, arrival, { kind: 'json', ...this.#spec.error('internal') });
      }
    });
  }

  #record(req: IncomingMessage, raw: Buffer): Arrival {
    const now = Date.now();
    const headers = flattenHeaders(req);
    const apiKey = apiKeyOf(headers);
    const arrival: Arrival = {
      seq: this.arrivals.length + 1,
      at: now,
      method: (req.method ?? 'GET').toUpperCase(),
      path: req.url ?? '/',
      route: 'unknown',
      apiKey,
      rawBody: raw.toString('utf8'),
      headers,
      insideRetryAfter: this.#windows.isInside(apiKey, now),
      applied: false,
    };
    this.arrivals.push(arrival);
    return arrival;
  }

  #process(req: IncomingMessage, res: ServerResponse, arrival: Arrival, raw: Buffer): void {
    const target = arrival.path.startsWith('/') ? arrival.path : `/${arrival.path}`;
    const url = new URL(`http://127.0.0.1${target}`);
    const match = this.routes.match(arrival.method, url);
    const route: RouteName | 'unknown' = match.kind === 'route' ? match.route : 'unknown';
    arrival.route = route;

    // Parse mutating bodies and derive the intent.
    const mutating = route === 'placeOrder' || route === 'withdraw';
    let body: unknown;
    let bodyError: ErrorKind | undefined;
    if (mutating) {
      const text = arrival.rawBody;
      try {
        body = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
        if (body === null || typeof body !== 'object' || Array.isArray(body)) bodyError = 'badRequest';
        else arrival.intent = intentOf(arrival.method, route, body, this.#config.intentKey);
      } catch {
        bodyError = 'malformedJson';
      }
    }

    // faultDraw 'arrival' (the default): one draw per arrival on a fault route, whatever happens next: the fault
    // sequence depends only on the seed and the arrival sequence.
    const faultRoute = route !== 'unknown' && this.#config.faultRoutes.has(route);
    let draw = faultRoute && this.#requestDraws === undefined ? this.#rng() : undefined;

    if (this.#buckets !== undefined && this.#config.rateLimit !== undefined) {
      const taken = this.#buckets.take(arrival.apiKey, arrival.at);
      if (!taken.ok) {
        const retryAfterSec = this.#config.rateLimit.retryAfter ? retryAfterSeconds(taken.retryAfterMs) : undefined;
        return this.#finish(req, res, arrival, { kind: 'json', ...this.#spec.error('rateLimited'), retryAfterSec });
      }
    }
    // faultDraw 'request': per request and attempt, past the rate limit (whose 429s depend on timing).
    if (faultRoute && this.#requestDraws !== undefined) draw = this.#requestDraws.next(arrival);
    if (match.kind === 'not-found') return this.#finish(req, res, arrival, this.#error('routeNotFound'));
    if (match.kind === 'method-not-allowed') return this.#finish(req, res, arrival, this.#error('methodNotAllowed'));

    if (this.#config.apiSecret !== undefined && (arrival.method === 'POST' || arrival.method === 'DELETE')) {
      const check = checkAlpSignature(this.#config.apiSecret, raw, arrival.headers['x-sign']);
      if (check === 'missing') return this.#finish(req, res, arrival, this.#error('missingSignature'));
      if (check === 'invalid') return this.#finish(req, res, arrival, this.#error('invalidSignature'));
    }
    if (bodyError !== undefined) return this.#finish(req, res, arrival, this.#error(bodyError));

    const scripted = this.scripts.take(match.route);
    const fault = scripted?.fault ?? (draw === undefined ? undefined : pickFault(this.#config.rates, draw));
    if (fault !== undefined) arrival.fault = fault;
    if (fault !== undefined && !EFFECT_THEN_FAULT.has(fault)) {
      return this.#finish(req, res, arrival, this.#faultReply(fault, scripted?.retryAfterSec));
    }

    const result = this.#exchange.handle({
      route: match.route,
      body,
      query: url.searchParams,
      ...(match.lookupId === undefined ? {} : { lookupId: match.lookupId }),
      ...(arrival.intent === undefined ? {} : { intent: arrival.intent }),
      seq: arrival.seq,
      now: arrival.at,
    });
    if (result.applied) arrival.applied = true;
    const normal: Reply = { kind: 'json', status: result.status, body: result.body };
    if (fault === '504-after') return this.#finish(req, res, arrival, this.#error('gatewayTimeout'));
    if (fault === 'reset-after') return this.#finish(req, res, arrival, { kind: 'reset' });
    if (fault === 'slow') return this.#finish(req, res, arrival, normal, this.#config.slowMs);
    return this.#finish(req, res, arrival, normal);
  }

  #error(kind: ErrorKind): Reply {
    return { kind: 'json', ...this.#spec.error(kind) };
  }

  /** The answer of a fault that does not apply the effect. */
  #faultReply(fault: FaultName, retryAfterSec: number | undefined): Reply {
    switch (fault) {
      case '500':
        return this.#error('internal');
      case '503':
        return this.#error('unavailable');
      case 'overload':
        return this.#error('overload');
      case '429':
        return { kind: 'json', ...this.#spec.error('rateLimited'), retryAfterSec: retryAfterSec ?? 1 };
      case '429-no-retry-after':
        return this.#error('rateLimited');
      case '502-html':
        return { kind: 'raw', status: 502, text: NGINX_502_HTML, headers: { 'content-type': 'text/html', server: 'nginx' } };
      case '504-before':
      case '504-after':
        return this.#error('gatewayTimeout');
      case 'reset-before':
      case 'reset-after':
        return { kind: 'reset' };
      case 'malformed':
        return {
          kind: 'raw',
          status: 500,
          text: malformedBody(this.#spec),
          headers: { 'content-type': 'application/json; charset=utf-8' },
        };
      case 'empty':
        return { kind: 'raw', status: 503, text: '', headers: {} };
      case '511':
        return this.#error('require2fa');
      case 'slow':
        // Never reached: 'slow' applies the effect first.
        return this.#error('internal');
    }
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
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    };
    if (reply.retryAfterSec !== undefined) {
      headers['retry-after'] = String(reply.retryAfterSec);
      if (arrival !== undefined) this.#windows.open(arrival.apiKey, Date.now() + reply.retryAfterSec * 1000);
    }
    res.writeHead(reply.status, headers);
    res.end(text);
  }
}
