/**
 * OpenTelemetry against the real simulator (HTTP on 127.0.0.1) and the real SDKs exporting to memory: one span per
 * logical request with its sends, waits, 2FA resubmission and verification inside, the `resolute.*` metrics,
 * and no secret anywhere in what would be exported.
 */
import http from 'node:http';
import axios from 'axios';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createExecutor, IndeterminateError, lookups, openTelemetry, profiles, RetriesExhaustedError, type ExecutorOptions } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { orderBody } from '../simulator/helpers.js';
import { childrenOf, counts, exported, histogram, otelSdk, total, type OtelSdk } from './otel-sdk.js';

const agent = new http.Agent({ keepAlive: true });
const ROUTES = ['/v1/order', '/v1/client/order/{client_order_id}'];
let sim: Simulator;
let sdk: OtelSdk;

beforeEach(async () => {
  sim = await startSimulator({ dialect: 'orderly' });
  sdk = otelSdk();
});
afterEach(async () => {
  await sim.close();
  await sdk.shutdown();
});
afterAll(() => agent.destroy());

function executor(opts: ExecutorOptions = {}, baseURL = sim.url) {
  return createExecutor({
    http: axios.create({ baseURL, httpAgent: agent, timeout: 2_000 }),
    profile: profiles.orderly,
    verify: lookups.orderly(),
    verifyDelayMs: 20,
    baseDelayMs: 5,
    telemetry: openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider, routes: ROUTES }),
    ...opts,
  });
}

/** The one CLIENT span (the logical request): fails the test unless there is exactly one. */
function requestSpan() {
  const clients = sdk.spans().filter((s) => s.kind === SpanKind.CLIENT);
  expect(clients).toHaveLength(1);
  return clients[0]!;
}

describe('one order that meets a 429, a 511 and a 504 verified applied', () => {
  const S = {
    auth: 'Bearer SENTINEL-AUTH-4f9c',
    apiKey: 'SENTINEL-APIKEY-77aa',
    user: 'sentinel-user-5e',
    pass: 'SENTINEL-PASS-31d',
    sig: 'SENTINEL-SIG-0b2e',
    otp: 'SENTINEL-OTP-9d1c',
  };

  test('one span with the sends and waits inside it in order, the metrics counted, and no secret exported', async () => {
    sim.inject({ route: 'placeOrder', fault: '429', retryAfterSec: 0 });
    sim.inject({ route: 'placeOrder', fault: '511' });
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const withUserinfo = sim.url.replace('http://', `http://${S.user}:${S.pass}@`);
    const ex = executor({ otp: () => S.otp }, withUserinfo);
    const res = await ex.request({
      method: 'POST',
      url: `/v1/order?signature=${S.sig}`,
      data: orderBody('orderly', 'tel-1'),
      headers: { Authorization: S.auth, 'orderly-key': S.apiKey },
    });

    // What the server saw: four requests, one effect; the secrets really were on the wire.
    expect(res.reconciled).toEqual({ operationId: 'tel-1', checks: 1 });
    expect(sim.arrivals.map((a) => [a.route, a.status])).toEqual([['placeOrder', 429], ['placeOrder', 511], ['placeOrder', 504], ['getOrder', 200]]);
    expect(sim.ledger.count('tel-1')).toBe(1);
    const wire = JSON.stringify(sim.arrivals);
    const basic = Buffer.from(`${S.user}:${S.pass}`).toString('base64');
    for (const secret of [S.apiKey, S.sig, S.otp, basic]) expect(wire).toContain(secret);

    // Traces: exactly one span for the logical request; everything else is its child, in order.
    const spans = sdk.spans();
    const root = requestSpan();
    expect(root.name).toBe('POST /v1/order');
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.status.code).toBe(SpanStatusCode.UNSET);
    expect(root.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(sim.url).port),
      'url.template': '/v1/order',
      'url.full': `http://REDACTED:REDACTED@127.0.0.1:${new URL(sim.url).port}/v1/order?signature=REDACTED`,
      'http.request.resend_count': 2,
      'resolute.operation_id': 'tel-1',
      'resolute.verdict': 'verify',
      'resolute.outcome': 'applied',
      'resolute.profile': 'orderly',
    });
    expect(root.attributes['http.response.status_code']).toBeUndefined(); // the outcome came from a lookup, not a response
    expect(root.attributes['error.type']).toBeUndefined();
    const children = childrenOf(spans, root);
    expect(children).toHaveLength(spans.length - 1);
    expect(children.every((c) => c.kind === SpanKind.INTERNAL && c.spanContext().traceId === root.spanContext().traceId)).toBe(true);
    expect(children.map((c) => c.name)).toEqual(['resolute.attempt', 'resolute.throttle', 'resolute.attempt', 'resolute.otp', 'resolute.attempt', 'resolute.verify']);
    const [a1, throttle, a2, otp, a3, verify] = children as [typeof root, typeof root, typeof root, typeof root, typeof root, typeof root];
    expect(a1.attributes).toMatchObject({ 'resolute.attempt': 1, 'http.response.status_code': 429, 'error.type': '429', 'resolute.verdict': 'throttle' });
    expect(a1.attributes['http.request.resend_count']).toBeUndefined();
    expect(throttle.attributes).toEqual({ 'resolute.throttle.source': 'header' });
    expect(a2.attributes).toMatchObject({ 'resolute.attempt': 2, 'http.request.resend_count': 1, 'http.response.status_code': 511, 'resolute.verdict': 'otp' });
    expect(otp.attributes).toEqual({ 'resolute.otp.ask': 1, 'resolute.otp.rejected': false });
    expect(a3.attributes).toMatchObject({ 'resolute.attempt': 3, 'http.request.resend_count': 2, 'resolute.otp.sent': true, 'http.response.status_code': 504, 'resolute.verdict': 'verify' });
    expect([a1, a2, a3].map((a) => a.status.code)).toEqual([SpanStatusCode.ERROR, SpanStatusCode.ERROR, SpanStatusCode.ERROR]);
    expect(verify.attributes).toEqual({ 'resolute.outcome': 'applied' });
    expect(verify.events.map((e) => [e.name, e.attributes])).toEqual([['resolute.verify.check', { 'resolute.verify.check': 1, 'resolute.verify.outcome': 'applied' }]]);
    const ms = (t: readonly [number, number]) => t[0] * 1e3 + t[1] / 1e6;
    for (let i = 1; i < children.length; i++) expect(ms(children[i]!.startTime)).toBeGreaterThanOrEqual(ms(children[i - 1]!.endTime));
    expect(ms(root.startTime)).toBeLessThanOrEqual(ms(a1.startTime));
    expect(ms(root.endTime)).toBeGreaterThanOrEqual(ms(verify.endTime));
    // verifyDelayMs (20) passes before the check; timers and the ms clocks that set them may each be 1 ms short.
    expect(ms(verify.endTime) - ms(verify.startTime)).toBeGreaterThanOrEqual(18);

    // Metrics.
    const rm = await sdk.collect();
    expect(total(rm, 'resolute.attempts')).toBe(3);
    for (const status of [429, 511, 504]) expect(total(rm, 'resolute.attempts', { 'http.response.status_code': status })).toBe(1);
    expect(counts(rm, 'resolute.retries').map(([a, v]) => [a['resolute.verdict'], a['error.type'], v]).sort()).toEqual([['otp', '511', 1], ['throttle', '429', 1]]);
    const waits = histogram(rm, 'resolute.throttle.duration');
    expect(waits.map((p) => [p.attributes['resolute.throttle.source'], p.value.count])).toEqual([['header', 1]]);
    expect(waits[0]!.value.sum).toBeGreaterThanOrEqual(0.003); // Retry-After: 0 plus resolute's 5 ms margin, less 2 ms of clock granularity
    expect(counts(rm, 'resolute.verify.checks').map(([a, v]) => [a['resolute.verify.outcome'], v])).toEqual([['applied', 1]]);
    expect(counts(rm, 'resolute.give_ups')).toEqual([]);
    const certainty = histogram(rm, 'resolute.ambiguity.duration');
    expect(certainty.map((p) => [p.attributes['resolute.outcome'], p.value.count])).toEqual([['applied', 1]]);
    expect(certainty[0]!.value.sum).toBeGreaterThanOrEqual(0.018);
    for (const [a] of counts(rm, 'resolute.attempts')) {
      expect(a).toMatchObject({ 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'url.template': '/v1/order', 'resolute.profile': 'orderly' });
      expect(Object.keys(a)).not.toContain('resolute.operation_id');
    }

    // No secret in anything exported (sentinels), though the dump is not empty and shows where they were scrubbed.
    const dump = exported(spans, rm);
    expect(dump).toContain('REDACTED');
    for (const secret of Object.values(S)) expect(dump).not.toContain(secret);
    expect(dump).not.toContain(basic);
    expect(dump).not.toContain('SENTINEL');
  });
});

describe('verified absent, then resent', () => {
  test('the verification ends absent, the resend is counted as a retry by verify, time to certainty recorded as absent', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-before' });
    // A not-found counts as absent only after the settle time (the simulator applies at once: 100 ms here).
    const res = await executor({ verify: lookups.orderly({ settleMs: 100 }) }).request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', 'tel-3') });
    expect(res.status).toBe(200);
    expect(sim.ledger.count('tel-3')).toBe(1);
    const root = requestSpan();
    expect(root.attributes).toMatchObject({ 'resolute.outcome': 'succeeded', 'http.response.status_code': 200, 'http.request.resend_count': 1 });
    const children = childrenOf(sdk.spans(), root);
    expect(children.map((c) => [c.name, c.attributes['http.response.status_code'] ?? c.attributes['resolute.outcome']])).toEqual([
      ['resolute.attempt', 504],
      ['resolute.verify', 'absent'],
      ['resolute.attempt', 200],
    ]);
    const rm = await sdk.collect();
    expect(counts(rm, 'resolute.retries').map(([a, v]) => [a['resolute.verdict'], a['error.type'], v])).toEqual([['verify', '504', 1]]);
    expect(histogram(rm, 'resolute.ambiguity.duration').map((p) => [p.attributes['resolute.outcome'], p.value.count])).toEqual([['absent', 1]]);
  });
});

describe('give-ups', () => {
  test('retries exhausted: ERROR with the error class; the sends and the backoff between them; no wait after the last', async () => {
    sim.inject({ route: 'ticker', fault: '503', times: 2 });
    const err = await executor({ maxAttempts: 2 }).request({ url: '/v1/public/futures' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetriesExhaustedError);
    expect(sim.arrivals.map((a) => a.status)).toEqual([503, 503]);

    const root = requestSpan();
    expect(root.name).toBe('GET'); // no declared route matches: the method alone, never the raw path
    expect(root.attributes['url.template']).toBeUndefined();
    expect(root.status).toEqual({ code: SpanStatusCode.ERROR, message: 'RetriesExhaustedError' });
    expect(root.attributes).toMatchObject({ 'error.type': 'RetriesExhaustedError', 'resolute.outcome': 'failed', 'http.response.status_code': 503, 'http.request.resend_count': 1 });
    const children = childrenOf(sdk.spans(), root);
    expect(children.map((c) => [c.name, c.attributes['http.response.status_code']])).toEqual([['resolute.attempt', 503], ['resolute.backoff', undefined], ['resolute.attempt', 503]]);

    const rm = await sdk.collect();
    expect(total(rm, 'resolute.attempts', { 'http.response.status_code': 503, 'resolute.verdict': 'retry' })).toBe(2);
    expect(counts(rm, 'resolute.retries').map(([a, v]) => [a['resolute.verdict'], v])).toEqual([['retry', 1]]);
    expect(counts(rm, 'resolute.give_ups').map(([a, v]) => [a['error.type'], a['resolute.outcome'], v])).toEqual([['RetriesExhaustedError', 'failed', 1]]);
    expect(histogram(rm, 'resolute.ambiguity.duration')).toEqual([]);
  });

  test('a 504 the lookups cannot settle: indeterminate, with the time to certainty recorded as such', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const err = await executor({ verify: () => ({ outcome: 'unknown' }), verifyChecks: 2 })
      .request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', 'tel-2') })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndeterminateError);
    expect(sim.ledger.count('tel-2')).toBe(1);

    const root = requestSpan();
    expect(root.attributes).toMatchObject({ 'resolute.outcome': 'indeterminate', 'error.type': 'IndeterminateError', 'resolute.operation_id': 'tel-2' });
    const [attempt, verify] = childrenOf(sdk.spans(), root);
    expect(attempt!.attributes['resolute.verdict']).toBe('verify');
    expect(verify!.name).toBe('resolute.verify');
    expect(verify!.attributes).toMatchObject({ 'resolute.outcome': 'indeterminate', 'error.type': 'IndeterminateError' });
    expect(verify!.events.map((e) => e.attributes?.['resolute.verify.outcome'])).toEqual(['unknown', 'unknown']);

    const rm = await sdk.collect();
    expect(counts(rm, 'resolute.verify.checks').map(([a, v]) => [a['resolute.verify.outcome'], v])).toEqual([['unknown', 2]]);
    expect(histogram(rm, 'resolute.ambiguity.duration').map((p) => [p.attributes['resolute.outcome'], p.value.count])).toEqual([['indeterminate', 1]]);
    expect(counts(rm, 'resolute.give_ups').map(([a, v]) => [a['error.type'], a['resolute.outcome'], v])).toEqual([['IndeterminateError', 'indeterminate', 1]]);
  });

  test('an abort while a send is in flight: the open send and the request end with the abort reason class', async () => {
    sim.inject({ route: 'ticker', fault: 'slow' });
    const ctl = new AbortController();
    const poll = setInterval(() => sim.arrivals.length > 0 && (clearInterval(poll), ctl.abort()), 5); // abort once the server has it
    const err = await executor().request({ url: '/v1/public/futures', signal: ctl.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    const root = requestSpan();
    expect(root.attributes).toMatchObject({ 'error.type': 'AbortError', 'resolute.outcome': 'failed' });
    const [attempt, ...rest] = childrenOf(sdk.spans(), root);
    expect(rest).toEqual([]);
    expect(attempt!.attributes).toMatchObject({ 'resolute.attempt': 1, 'error.type': 'AbortError' });
    expect(attempt!.status.code).toBe(SpanStatusCode.ERROR);
    const rm = await sdk.collect();
    expect(counts(rm, 'resolute.attempts').map(([a, v]) => [a['error.type'], v])).toEqual([['AbortError', 1]]);
    expect(counts(rm, 'resolute.give_ups').map(([a, v]) => [a['error.type'], a['resolute.outcome'], v])).toEqual([['AbortError', 'failed', 1]]);
  });
});

describe('plain success', () => {
  test('one span, one send, status 200, no retries', async () => {
    const res = await executor().request({ url: '/v1/public/futures' });
    expect(res.status).toBe(200);
    expect(sim.arrivals).toHaveLength(1);
    const root = requestSpan();
    expect(root.name).toBe('GET');
    expect(root.status.code).toBe(SpanStatusCode.UNSET);
    expect(root.attributes).toMatchObject({ 'http.response.status_code': 200, 'resolute.outcome': 'succeeded' });
    expect(root.attributes['resolute.verdict']).toBeUndefined();
    expect(root.attributes['http.request.resend_count']).toBeUndefined();
    const children = childrenOf(sdk.spans(), root);
    expect(children.map((c) => [c.name, c.attributes])).toEqual([['resolute.attempt', { 'resolute.attempt': 1, 'http.response.status_code': 200 }]]);
    const rm = await sdk.collect();
    expect(counts(rm, 'resolute.attempts').map(([a, v]) => [a['http.response.status_code'], a['error.type'], v])).toEqual([[200, undefined, 1]]);
    expect(counts(rm, 'resolute.retries')).toEqual([]);
    expect(counts(rm, 'resolute.give_ups')).toEqual([]);
  });

  test('wrap() is observed too', async () => {
    const ex = executor();
    const api = ex.wrap(axios.create({ baseURL: sim.url, httpAgent: agent }));
    await api.get('/v1/public/futures');
    expect(requestSpan().attributes['resolute.outcome']).toBe('succeeded');
  });
});
