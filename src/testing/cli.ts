#!/usr/bin/env node
/**
 * `resolute-sim`: runs the fault-injecting simulator from the command line until SIGINT/SIGTERM.
 * @module
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DIALECT_NAMES, isDialectName } from './dialects/index.js';
import { DEFAULT_FAULT_MIX, isFaultName, isRouteName } from './faults.js';
import { ROUTE_METHODS } from './routes.js';
import { startSimulator } from './server.js';
import type { FaultName, RouteName, SimulatorOptions } from './types.js';

/** Where the CLI writes, and (for tests and embedding) an optional signal that stops it like SIGINT does. */
export interface CliIo {
  /** Receives the banner (URL and routes). */
  stdout: { write(text: string): unknown };
  /** Receives one-line error messages. */
  stderr: { write(text: string): unknown };
  /** When aborted, the running simulator closes and {@link main} resolves 0. */
  signal?: AbortSignal;
}

/** The `--help` text. */
export const USAGE = `Usage: resolute-sim --dialect <infinex|batchdata|alp|orderly|binance|bybit|okx> [options]

Runs a fault-injecting HTTP simulator of the API on 127.0.0.1 until SIGINT/SIGTERM.

Options:
  --dialect NAME          infinex | batchdata | alp | orderly | binance | bybit | okx (required)
  --port N                port to listen on (default 0: ephemeral)
  --fault-rate R          total random fault rate in 0..1, spread evenly over
                          ${DEFAULT_FAULT_MIX.join(', ')}
                          (batchdata: 429-no-retry-after instead of 429)
  --faults LIST           per-fault rates, e.g. 500=0.05,504-after=0.02 (override --fault-rate's share)
  --fault-routes LIST     routes random faults apply to (default placeOrder,withdraw,ticker)
  --seed N                PRNG seed (default 1)
  --rate-limit L/MS       token bucket per API key: L requests per MS milliseconds
  --no-retry-after        with --rate-limit: answer 429 without Retry-After
  --otp-secret BASE32     TOTP secret demanded (as code2FA) by the withdrawal route
  --latency-ms N          delay added before every response
  --slow-ms N             delay of the 'slow' fault (default 2000)
  --intent-key FIELD      body field naming the client's intent
  --api-secret SECRET     alp only: require X-SIGN = HMAC-SHA256(secret, body)
  --sign                  demand the API's request signatures (alp, orderly, binance);
                          generated credentials are printed unless given below
  --secret SECRET         with --sign, alp/binance: the HMAC secret
  --orderly-key KEY       with --sign, orderly: an accepted ed25519:<base58> key (repeatable)
  --signature-window-ms N with --sign: orderly timestamp window (default 300000),
                          binance recvWindow when a request sends none (default 5000)
  --list-cap N            lists hold only the newest N orders (alp default 100)
  --list-page-size N      orderly size / binance limit default (25 / 500)
  --list-window-ms N      longest span of one list query (alp 30 days, binance 24 h)
  --list-lag-ms N         orders show in lists and lookups N ms after being applied
  --weight-limit N        binance: request weight per IP per window (default 6000)
  --weight-window-ms N    binance: weight window, whole seconds (default 60000)
  --ban-ms N              binance: IP ban length after ignored 429s (default 120000)
  --ban-after N           binance: requests inside Retry-After before a ban (default 3)
  --timeout-status N      binance: HTTP status of the -1007 answer (default 408)
  -h, --help              print this help
`;

class UsageError extends Error {}

function number(flag: string, text: string, check: (n: number) => boolean, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`${flag} must be ${what}, got "${text}"`);
  return n;
}

/** Turns argv into simulator options (throws {@link UsageError} with a one-line message). */
function parse(argv: string[]): SimulatorOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        dialect: { type: 'string' },
        port: { type: 'string' },
        'fault-rate': { type: 'string' },
        faults: { type: 'string' },
        'fault-routes': { type: 'string' },
        seed: { type: 'string' },
        'rate-limit': { type: 'string' },
        'no-retry-after': { type: 'boolean' },
        'otp-secret': { type: 'string' },
        'latency-ms': { type: 'string' },
        'slow-ms': { type: 'string' },
        'intent-key': { type: 'string' },
        'api-secret': { type: 'string' },
        sign: { type: 'boolean' },
        secret: { type: 'string' },
        'orderly-key': { type: 'string', multiple: true },
        'signature-window-ms': { type: 'string' },
        'list-cap': { type: 'string' },
        'list-page-size': { type: 'string' },
        'list-window-ms': { type: 'string' },
        'list-lag-ms': { type: 'string' },
        'weight-limit': { type: 'string' },
        'weight-window-ms': { type: 'string' },
        'ban-ms': { type: 'string' },
        'ban-after': { type: 'string' },
        'timeout-status': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\s*\n\s*/g, ' ') : 'invalid arguments');
  }
  if (values.help === true) return 'help';
  const dialect = values.dialect;
  const known = DIALECT_NAMES.join(', ');
  if (dialect === undefined) throw new UsageError(`--dialect is required (${known})`);
  if (!isDialectName(dialect)) throw new UsageError(`unknown dialect "${dialect}" (known: ${known})`);
  const opts: SimulatorOptions = { dialect };

  const faults: Partial<Record<FaultName, number>> = {};
  if (values['fault-rate'] !== undefined) {
    const rate = number('--fault-rate', values['fault-rate'], (n) => n >= 0 && n <= 1, 'a number in 0..1');
    for (const fault of DEFAULT_FAULT_MIX) {
      // BatchData documents no Retry-After, so its share of 429s comes without one.
      const name: FaultName = dialect === 'batchdata' && fault === '429' ? '429-no-retry-after' : fault;
      faults[name] = rate / DEFAULT_FAULT_MIX.length;
    }
  }
  if (values.faults !== undefined) {
    for (const entry of values.faults.split(',').filter((e) => e.trim() !== '')) {
      const [name = '', value = ''] = entry.split('=').map((s) => s.trim());
      if (!isFaultName(name)) throw new UsageError(`unknown fault "${name}" in --faults`);
      faults[name] = number(`--faults ${name}`, value, (n) => n >= 0 && n <= 1, 'a number in 0..1');
    }
  }
  const total = Object.values(faults).reduce((a, b) => a + b, 0);
  if (total > 1 + 1e-9) throw new UsageError(`fault rates sum to ${total}, more than 1`);
  if (Object.keys(faults).length > 0) opts.faults = faults;

  if (values['fault-routes'] !== undefined) {
    const routes = values['fault-routes'].split(',').map((r) => r.trim()).filter((r) => r !== '');
    for (const route of routes) if (!isRouteName(route)) throw new UsageError(`unknown route "${route}" in --fault-routes`);
    opts.faultRoutes = routes as RouteName[];
  }
  if (values.port !== undefined) {
    opts.port = number('--port', values.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer in 0..65535');
  }
  if (values.seed !== undefined) opts.seed = number('--seed', values.seed, Number.isInteger, 'an integer');
  if (values['rate-limit'] !== undefined) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(values['rate-limit']);
    const limit = Number(m?.[1]);
    const intervalMs = Number(m?.[2]);
    if (m === null || limit < 1 || intervalMs < 1) {
      throw new UsageError(`--rate-limit must be LIMIT/INTERVAL_MS with positive integers, e.g. 10/1000, got "${values['rate-limit']}"`);
    }
    opts.rateLimit = { limit, intervalMs };
    if (values['no-retry-after'] === true) opts.rateLimit.retryAfter = false;
  } else if (values['no-retry-after'] === true) {
    throw new UsageError('--no-retry-after needs --rate-limit');
  }
  if (values['otp-secret'] !== undefined) {
    if (!/^[A-Z2-7]+=*$/i.test(values['otp-secret'])) throw new UsageError('--otp-secret must be a base32 string');
    opts.otpSecret = values['otp-secret'];
  }
  if (values['latency-ms'] !== undefined) {
    opts.latencyMs = number('--latency-ms', values['latency-ms'], (n) => n >= 0, 'a non-negative number');
  }
  if (values['slow-ms'] !== undefined) opts.slowMs = number('--slow-ms', values['slow-ms'], (n) => n >= 0, 'a non-negative number');
  if (values['intent-key'] !== undefined) opts.intentKey = values['intent-key'];
  if (values['api-secret'] !== undefined) {
    if (dialect !== 'alp') throw new UsageError('--api-secret applies to --dialect alp only');
    opts.apiSecret = values['api-secret'];
  }
  parseSigning(values, opts);
  parseLists(values, opts);
  parseBinance(values, opts);
  return opts;
}

type Values = Record<string, string | boolean | string[] | undefined>;

const count = (flag: string, text: string): number => number(flag, text, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');
const str = (values: Values, name: string): string | undefined => {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
};

function parseSigning(values: Values, opts: SimulatorOptions): void {
  const given = ['secret', 'orderly-key', 'signature-window-ms'].filter((name) => values[name] !== undefined);
  if (values['sign'] !== true) {
    if (given.length > 0) throw new UsageError(`--${given[0]} needs --sign`);
    return;
  }
  const signing: NonNullable<SimulatorOptions['signing']> = {};
  const secret = str(values, 'secret');
  if (secret !== undefined) signing.secret = secret;
  const keys = values['orderly-key'];
  if (Array.isArray(keys)) signing.publicKeys = keys;
  const win = str(values, 'signature-window-ms');
  if (win !== undefined) signing.windowMs = number('--signature-window-ms', win, (n) => n > 0, 'a positive number');
  opts.signing = signing;
}

function parseLists(values: Values, opts: SimulatorOptions): void {
  const lists: NonNullable<SimulatorOptions['lists']> = {};
  const cap = str(values, 'list-cap');
  if (cap !== undefined) lists.cap = count('--list-cap', cap);
  const page = str(values, 'list-page-size');
  if (page !== undefined) lists.pageSize = count('--list-page-size', page);
  const win = str(values, 'list-window-ms');
  if (win !== undefined) lists.windowMs = count('--list-window-ms', win);
  const lag = str(values, 'list-lag-ms');
  if (lag !== undefined) lists.lagMs = count('--list-lag-ms', lag);
  if (Object.keys(lists).length > 0) opts.lists = lists;
}

function parseBinance(values: Values, opts: SimulatorOptions): void {
  const flags = { 'weight-limit': 'weightLimit', 'weight-window-ms': 'weightWindowMs', 'ban-ms': 'banMs', 'ban-after': 'banAfter', 'timeout-status': 'timeoutStatus' } as const;
  const binance: NonNullable<SimulatorOptions['binance']> = {};
  for (const [flag, key] of Object.entries(flags)) {
    const text = str(values, flag);
    if (text === undefined) continue;
    if (opts.dialect !== 'binance') throw new UsageError(`--${flag} applies to --dialect binance only`);
    binance[key] = count(`--${flag}`, text);
  }
  if (Object.keys(binance).length > 0) opts.binance = binance;
}

/** Resolves when SIGINT/SIGTERM arrives or `signal` aborts; removes its listeners afterwards. */
function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    if (signal?.aborted === true) return stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Runs the CLI: parses `argv` (without the node and script paths), starts the simulator, prints its URL and
 * routes, waits for SIGINT/SIGTERM (or `io.signal`), closes it. Resolves the exit code: 0 on success and for
 * `--help`, 2 for bad flags (with a one-line message on stderr), 1 when the simulator cannot start.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let opts: SimulatorOptions | 'help';
  try {
    opts = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`resolute-sim: ${error.message} (see --help)\n`);
    return 2;
  }
  if (opts === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  let sim;
  try {
    sim = await startSimulator(opts);
  } catch (error) {
    io.stderr.write(`resolute-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const placeholder = 'CLIENT_ORDER_ID';
  const lines = [`resolute-sim (${sim.dialect}) listening on ${sim.url}`];
  for (const route of Object.keys(ROUTE_METHODS) as RouteName[]) {
    const path =
      route === 'getOrder' ? sim.routes.getOrder(placeholder).replace(placeholder, '{client_order_id}') : sim.routes[route];
    lines.push(`  ${route.padEnd(11)} ${ROUTE_METHODS[route].padEnd(5)} ${sim.url}${path}`);
  }
  if (sim.signing !== undefined) {
    const { scheme, key, secret, windowMs } = sim.signing;
    // A generated test secret is printed (the client needs it); one the user gave is not echoed.
    const shown = secret === undefined ? '' : opts.signing?.secret !== undefined ? ' secret=(as given)' : ` secret=${secret}`;
    lines.push(`  signing     ${scheme}${key === undefined ? '' : ` key=${key}`}${shown}${windowMs === undefined ? '' : ` windowMs=${windowMs}`}`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  await untilStopped(io.signal);
  await sim.close();
  io.stdout.write(`resolute-sim: closed after ${sim.arrivals.length} requests, ${sim.ledger.effects.length} effects applied\n`);
  return 0;
}

/** Whether this module is the process's entry point (also through an npm bin symlink). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`resolute-sim: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
