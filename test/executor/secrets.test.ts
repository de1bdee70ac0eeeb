/**
 * Secrets by construction, tested with sentinels: every secret a request can carry (URL userinfo in `url`, `baseURL`
 * and the instance's baseURL; credential headers of OKX, Gate, Binance, Bybit, Orderly, Authorization, Cookie, set by
 * the caller, the instance defaults or `prepare`; form bodies; query strings in `url` and `params`; secret body
 * fields; 2FA codes the server echoes; the API key and password the server echoes) is looked for in the error
 * (`message`, `stack`, `JSON.stringify`, `util.inspect`, the `cause` chain, `failure`), every event, the otp and verify
 * hook contexts, the journal file, and Redis (every key, and every command the journal sent, through MONITOR).
 * Found 0 times is the only pass. `prepare` gets the real config on purpose (it signs), and the verify context's
 * `http` is the caller's own instance: neither is searched.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createExecutor, type ExecutorOptions, fileJournal, type Journal, redisJournal, ResoluteError } from '../../src/index.js';
import { hasRedis, type RedisServer, startRedis, stopRedis } from '../helpers/redis-server.js';
import { instantTime, type Reply, stubHttp } from '../helpers/stub-http.js';
import { rejection } from '../helpers/time.js';

const S = {
  urlUser: 'Sx-urluser-3c4d',
  urlPass: 'Sx-urlpass-1a2b',
  basePass: 'Sx-basepass-5e6f',
  instanceBasePass: 'Sx-instbase-7g8h',
  okKey: 'Sx-okkey-0001',
  okSign: 'Sx-oksign-0002',
  okPass: 'Sx-okpass-0003',
  gateKey: 'Sx-gatekey-0004',
  gateSign: 'Sx-gatesign-0005',
  mbx: 'Sx-mbxkey-0006',
  bapiKey: 'Sx-bapikey-0007',
  bapiSign: 'Sx-bapisign-0008',
  orderlyKey: 'Sx-orderlykey-0009',
  orderlySig: 'Sx-orderlysig-0010',
  bearer: 'Sx-bearer-0011',
  cookie: 'Sx-cookie-0012',
  instanceKey: 'Sx-instkey-0013',
  prepareSign: 'Sx-prepsign-0014',
  querySig: 'Sx-querysig-0015',
  paramKey: 'Sx-paramkey-0016',
  bodySecret: 'Sx-bodysecret-0017',
  formKey: 'Sx-formkey 0018',
  formSecret: 'Sx-formsecret-0019',
  bigTail: 'Sx-bigtail-0020',
  otp1: '918273',
  otp2: '564738',
} as const;
const ALL = Object.values(S);

/** The headers every request carries, one sentinel each. */
const HEADERS = {
  'OK-ACCESS-KEY': S.okKey,
  'OK-ACCESS-SIGN': S.okSign,
  'OK-ACCESS-PASSPHRASE': S.okPass,
  'OK-ACCESS-TIMESTAMP': '2026-01-01T00:00:00.000Z',
  KEY: S.gateKey,
  SIGN: S.gateSign,
  'X-MBX-APIKEY': S.mbx,
  'X-BAPI-API-KEY': S.bapiKey,
  'X-BAPI-SIGN': S.bapiSign,
  'orderly-key': S.orderlyKey,
  'orderly-signature': S.orderlySig,
  Authorization: `Bearer ${S.bearer}`,
  Cookie: `session=${S.cookie}`,
  'Content-Type': 'application/json',
  'Idempotency-Key': 'idem-visible-1',
};

const URL_ = `https://${S.urlUser}:${S.urlPass}@api.test/v1/order?signature=${S.querySig}&symbol=BTC`;

/** What the server echoes: the codes it was sent, the API key, and the URL with its password. */
function echo(status: number, code: string, extra = ''): (config: { data?: unknown }) => Reply {
  return (config) => {
    const sent = typeof config.data === 'string' ? config.data : '';
    const codes = [...sent.matchAll(/\d{6}/g)].map((m) => m[0]).join(',');
    return {
      status,
      data: {
        code,
        message: `code ${codes} is invalid for key ${S.okKey} at ${URL_}${extra}`,
        fields: { code2FA: `${codes} refused`, apiKey: S.okKey },
        error: { code, msg: `bad key ${S.okKey}` },
      },
      // a 429 names its window (0 s): without one the limiter would slow the key down and the test wait about 1.5 s
      headers: { 'set-cookie': `session=${S.cookie}`, 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '0' } : {}) },
    };
  };
}

const bodies: Array<[string, unknown]> = [
  ['JSON object with secret fields', { symbol: 'BTC', qty: 1, api_secret: S.bodySecret, signature: S.okSign }],
  ['form string with spaces', `symbol=BTC USDT&api_key=${encodeURIComponent(S.formKey)}&secret=${S.formSecret}&note=a b`],
  ['URLSearchParams', new URLSearchParams({ symbol: 'BTC', api_key: S.formKey, secret: S.formSecret })],
  ['JSON over 1 MiB', JSON.stringify({ symbol: 'BTC', api_secret: S.bodySecret, pad: 'p'.repeat(1 << 20), memo: S.bigTail })],
  ['JSON under 1 MiB, secret past the cap', JSON.stringify({ symbol: 'BTC', pad: 'p'.repeat(200_000), memo: S.bigTail })],
];

/** The ways a request can end, each reaching different events and hooks. */
const scenarios: Array<[string, Array<Reply | ((c: { data?: unknown }) => Reply)>, 'indeterminate' | 'two-factor' | 'permanent' | 'success']> = [
  ['504 on a POST, verify cannot tell', [echo(504, 'GATEWAY_TIMEOUT')], 'indeterminate'],
  ['511, two refused codes echoed back', [echo(511, 'REQUIRE_2FA'), echo(401, 'INVALID_2FA'), echo(401, 'INVALID_2FA')], 'two-factor'],
  ['429, 503, then a 400 echoing secrets', [echo(429, 'TOO_MANY_REQUESTS'), echo(503, 'SERVICE_UNAVAILABLE'), echo(400, 'VALIDATION_ERROR')], 'permanent'],
  ['a reset whose message echoes the URL, then a verified success', [{ transport: 'ECONNRESET' }, { status: 200, data: { ok: true } }], 'success'],
];

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** Where each sentinel was found, by place. */
function leaks(places: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [place, text] of Object.entries(places)) for (const s of ALL) if (count(text, s) > 0) out.push(`${JSON.stringify(s)} in ${place} (${count(text, s)}×)`);
  return out;
}

function show(x: unknown): string {
  let json = '';
  try {
    json = JSON.stringify(x) ?? '';
  } catch (e) {
    json = `unserializable: ${String(e)}`;
  }
  return `${inspect(x, { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity, showHidden: true })}\n${json}`;
}

function errorPlaces(err: unknown): Record<string, string> {
  const e = err as Error;
  const out: Record<string, string> = {
    'error.message': e.message,
    'error.stack': String(e.stack),
    'JSON.stringify(error)': JSON.stringify(e),
    'util.inspect(error)': inspect(e, { depth: Infinity, maxStringLength: Infinity, showHidden: true }),
    'error.failure': show((e as ResoluteError).failure),
  };
  let c: unknown = (e as { cause?: unknown }).cause;
  for (let i = 0; c !== undefined && i < 10; i++, c = (c as { cause?: unknown }).cause) {
    out[`error.cause[${i}]`] = `${(c as Error).message}\n${String((c as Error).stack)}\n${show(c)}`;
  }
  return out;
}

async function redisDump(client: Redis): Promise<string> {
  const lines: string[] = [];
  for (const key of await client.keys('*')) {
    const type = await client.type(key);
    const value =
      type === 'hash' ? await client.hgetall(key) : type === 'zset' ? await client.zrange(key, 0, -1, 'WITHSCORES') : type === 'string' ? await client.get(key) : type;
    lines.push(`${key} ${JSON.stringify(value)}`);
  }
  return lines.join('\n');
}

/** A connection in MONITOR mode, resolved once ioredis has marked it so. */
async function monitorConnection(url: string): Promise<Redis> {
  const monitor = new Redis(url, { monitor: true });
  await new Promise<void>((resolve, reject) => {
    monitor.once('monitoring', () => resolve());
    monitor.once('error', reject);
  });
  return monitor;
}

describe.skipIf(!hasRedis)('sentinel secrets are found 0 times', () => {
  let server: RedisServer | undefined;
  let dir = '';
  beforeAll(async () => {
    server = await startRedis();
    const admin = new Redis(server.url);
    await admin.config('SET', 'appendonly', 'yes'); // a durable Redis, as a journal needs
    await admin.config('SET', 'appendfsync', 'always');
    await admin.quit();
    dir = mkdtempSync(join(tmpdir(), 'resolute-secrets-'));
  });
  afterAll(async () => {
    await stopRedis(server);
    rmSync(dir, { recursive: true, force: true });
  });

  let n = 0;
  for (const journalKind of ['file', 'redis'] as const) {
    for (const [scenario, script, ending] of scenarios) {
      test.each(bodies)(`${journalKind} journal, ${scenario}, %s`, async (_b, data) => {
        n++;
        const places: Record<string, string> = {};
        const events: unknown[] = [];
        const contexts: unknown[] = [];
        const path = join(dir, `j${n}.jsonl`);
        // MONITOR first, alone: ioredis marks a connection "monitoring" a microtask after MONITOR's +OK, and another
        // client's command echoed in that same TCP read reaches an empty queue ("Command queue state error")
        const monitor = journalKind === 'redis' ? await monitorConnection(server!.url) : undefined;
        const commands: string[] = [];
        monitor?.on('monitor', (_time: string, args: string[]) => commands.push(args.join(' ')));
        const client = new Redis(server!.url);
        const redisClient = new Redis(server!.url);
        const journal: Journal = journalKind === 'file' ? fileJournal(path) : redisJournal({ client: redisClient, key: `j${n}` });
        const stub = stubHttp(script, { baseURL: `https://u:${S.instanceBasePass}@api.test`, headers: { 'X-API-KEY': S.instanceKey } });
        const on = (kind: string) => (e: unknown) => void events.push({ kind, e });
        const snapshot = async (label: string) => {
          places[`journal during ${label}`] = journalKind === 'file' ? readFileSync(path, 'utf8') : await redisDump(client);
        };
        const opts: ExecutorOptions = {
          http: stub.http, // real time, tiny waits: the verify hook reads Redis while the entry is in doubt
          baseDelayMs: 1,
          maxDelayMs: 5,
          verifyDelayMs: 1,
          journal,
          verifyChecks: 2,
          otpAttempts: 2,
          otp: async (ctx) => {
            contexts.push({ hook: 'otp', ...ctx, signal: undefined });
            return ctx.attempt === 1 ? S.otp1 : S.otp2;
          },
          verify: async (ctx) => {
            const { http: _mine, signal: _s, ...rest } = ctx; // the caller's own instance: not searched
            contexts.push({ hook: 'verify', ...rest });
            await snapshot(`verify check ${ctx.check}`);
            return { outcome: ending === 'success' ? 'absent' : 'unknown' };
          },
          prepare: (config) => ({ ...config, headers: { ...(config.headers as object), 'X-SIGN': S.prepareSign } }),
          onAttempt: on('attempt'),
          onRetry: on('retry'),
          onThrottle: on('throttle'),
          onOtp: on('otp'),
          onVerify: on('verify'),
          onGiveUp: on('giveUp'),
          onSuccess: on('success'),
          onReconcile: on('reconcile'),
        };
        const ex = createExecutor(opts);
        const config = { method: 'POST', url: URL_, baseURL: `https://b:${S.basePass}@api.test`, params: { apiKey: S.paramKey, symbol: 'BTC' }, headers: HEADERS, data };
        const outcome = ending === 'success' ? await ex.request(config) : await rejection(ex.request(config));
        if (ending !== 'success') Object.assign(places, errorPlaces(outcome));
        const reports = await ex.reconcilePending();
        places.reconcileReports = show(reports);
        places.events = show(events);
        places.hookContexts = show(contexts);
        await snapshot('the end');
        if (journalKind === 'file') await journal.close();
        else {
          await journal.close();
          places['redis MONITOR'] = commands.join('\n');
          places['redis keys'] = await redisDump(client);
        }
        monitor?.disconnect();
        await Promise.all([client.quit(), redisClient.quit()]);

        // the sentinels really were there: the server was sent them
        const wire = show(stub.sent.map((c) => ({ url: c.url, baseURL: c.baseURL, headers: c.headers, params: c.params, data: c.data })));
        for (const s of [S.urlPass, S.basePass, S.okKey, S.gateSign, S.prepareSign, S.instanceKey, S.paramKey]) expect(count(wire, s), s).toBeGreaterThan(0);
        if (ending === 'two-factor') for (const code of [S.otp1, S.otp2]) expect(count(wire, code), code).toBeGreaterThan(0);

        // the places searched are not empty: redacted secrets, the operation id and the events are there
        const all = Object.values(places).join('\n');
        expect(all).toContain('[redacted]');
        expect(all).toContain('Idempotency-Key');
        expect(events.length).toBeGreaterThan(1);
        if (ending !== 'success') expect(outcome).toBeInstanceOf(ResoluteError);
        if (ending === 'indeterminate') {
          expect(places['journal during verify check 1']).toContain('v1/order');
          expect(contexts.length).toBeGreaterThan(0);
        }
        if (journalKind === 'redis') expect(places['redis MONITOR']).toMatch(/\bhset\b/i);

        expect(leaks(places)).toEqual([]);
      });
    }
  }

  test('kept bodies are capped at a few KiB and the cut is marked', async () => {
    const stub = stubHttp([echo(504, 'GATEWAY_TIMEOUT')]);
    const ex = createExecutor({ http: stub.http, ...instantTime() });
    const err = (await rejection(ex.request({ method: 'POST', url: '/o', data: JSON.stringify({ pad: 'p'.repeat(200_000), memo: 'm' }) }))) as ResoluteError;
    expect(String(err.request.data).length).toBeLessThan(5_000);
    expect(String(err.request.data)).toMatch(/\[cut: 200000 characters in all\]/);
    expect(JSON.stringify(err).length).toBeLessThan(10_000);
  });
});
