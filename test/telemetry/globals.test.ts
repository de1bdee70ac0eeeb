/**
 * `openTelemetry()` without providers follows the global ones, even when they are registered after the executor
 * was made; the request span is a child of the caller's active span (here with the SDK's StackContextManager,
 * which carries context through synchronous calls, as the AsyncLocalStorage manager of NodeSDK does across awaits).
 */
import http from 'node:http';
import axios from 'axios';
import { context, metrics, SpanKind, trace } from '@opentelemetry/api';
import { StackContextManager } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createExecutor, openTelemetry, profiles } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { otelSdk, total, type OtelSdk } from './otel-sdk.js';

const agent = new http.Agent({ keepAlive: true });
let sim: Simulator;
let sdk: OtelSdk;

beforeAll(async () => {
  sim = await startSimulator({ dialect: 'orderly' });
  sdk = otelSdk();
});
afterAll(async () => {
  trace.disable();
  metrics.disable();
  context.disable();
  agent.destroy();
  await sim.close();
  await sdk.shutdown();
});

test('global providers registered later are used; the caller active span is the parent', async () => {
  const ex = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent }), profile: profiles.orderly, telemetry: openTelemetry() });
  await ex.request({ url: '/v1/public/futures' }); // before any provider: no-op, nothing recorded
  expect(sdk.spans()).toEqual([]);

  trace.setGlobalTracerProvider(sdk.tracerProvider);
  metrics.setGlobalMeterProvider(sdk.meterProvider);
  context.setGlobalContextManager(new StackContextManager().enable());
  const handler = trace.getTracer('app').startSpan('handle incoming request');
  await context.with(trace.setSpan(context.active(), handler), () => ex.request({ url: '/v1/public/futures' }));
  handler.end();

  const client = sdk.spans().filter((s) => s.kind === SpanKind.CLIENT);
  expect(client).toHaveLength(1);
  expect(client[0]!.parentSpanContext?.spanId).toBe(handler.spanContext().spanId);
  expect(client[0]!.spanContext().traceId).toBe(handler.spanContext().traceId);
  const rm = await sdk.collect();
  expect(total(rm, 'resolute.attempts')).toBe(1); // the request made before registration is not counted
  expect(sim.arrivals).toHaveLength(2);
});
