/**
 * Contenders for the overhead benchmark: resolute with telemetry, on the API's no-op providers (nothing
 * registered) and on the real SDKs exporting to memory (every span and measurement recorded, spans batched).
 */
import type { AxiosInstance } from 'axios';
import { InMemoryMetricExporter, AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { createExecutor, openTelemetry } from '../../src/index.js';

type Call = () => Promise<unknown>;

/** The telemetry rows, each around a fresh axios instance made by `make`. */
export function telemetryContenders(make: () => AxiosInstance): Array<{ name: string; fn: Call }> {
  // No providers given and none registered: the global no-op tracer and meter.
  const noop = createExecutor({ http: make(), telemetry: openTelemetry() });
  const spans = new InMemorySpanExporter();
  // A batching processor, as production setups use; the exporter keeps what it is given in memory.
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spans, { maxQueueSize: 8_192, scheduledDelayMillis: 200 })] });
  const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const sdk = createExecutor({ http: make(), telemetry: openTelemetry({ tracerProvider, meterProvider, routes: ['/x'] }) });
  let calls = 0;
  return [
    { name: 'resolute with telemetry (no-op providers)', fn: () => noop.request({ url: '/x' }) },
    {
      name: 'resolute with telemetry (SDK, in-memory)',
      fn: () => {
        if (++calls % 1_000 === 0) spans.reset(); // keep memory flat; the spans were exported all the same
        return sdk.request({ url: '/x' });
      },
    },
  ];
}
